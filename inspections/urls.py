from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/<str:action>/", views.standard_action, name="standard_action"),
    path("draws/", views.DrawListView.as_view(), name="draw_list"),
    path("draws/new/", views.draw_new, name="draw_new"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/<str:action>/", views.draw_action, name="draw_action"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/mine/", views.my_inspections, name="my_inspections"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/<str:action>/", views.inspection_action, name="inspection_action"),
    path("orders/", views.OrderListView.as_view(), name="order_list"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/<str:action>/", views.order_action, name="order_action"),
    path("summons/", views.SummonsListView.as_view(), name="summons_list"),
    path("summons/new/", views.summons_new, name="summons_new"),
    path("summons/<int:pk>/", views.summons_detail, name="summons_detail"),
    path("summons/<int:pk>/<str:action>/", views.summons_action, name="summons_action"),
    path("summons/attachments/<int:pk>/", views.summons_attachment, name="summons_attachment"),
    path("reports/", views.SelfReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/<str:action>/", views.report_action, name="report_action"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
