from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("import/", views.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("mine/", views.my_enterprise, name="my_enterprise"),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("<int:pk>/change/", views.ChangeRequestCreateView.as_view(), name="change_request_create"),
    path("changes/", views.ChangeRequestListView.as_view(), name="change_request_list"),
    path("changes/<int:pk>/", views.ChangeRequestDetailView.as_view(), name="change_request_detail"),
    path("changes/attachments/<int:pk>/", views.change_attachment, name="change_attachment"),
    path(
        "changes/<int:pk>/<str:action>/",
        views.change_request_action,
        name="change_request_action",
    ),
]
