"""URLs of the funds app: the owners' ledger pages (``owner_patterns``, namespace
``funds_owner``) and the staff's pages (``urlpatterns``, namespace ``funds``)."""

from django.urls import path

from . import views_ledger, views_owner, views_staff

owner_patterns = [
    path("", views_owner.statements, name="ledger"),
    path("revenue/<int:pk>/object/", views_owner.object_to_revenue, name="revenue_object"),
]

app_name = "funds"
urlpatterns = [
    path("projects/", views_staff.FundProjects.as_view(), name="projects"),
    path("projects/<int:pk>/", views_staff.project_fund, name="project"),
    path("projects/<int:pk>/<slug:action>/", views_staff.account_act, name="account_act"),
    path("projects/<int:pk>/uses/new/", views_staff.use_new, name="use_new"),
    path("projects/<int:pk>/revenue/new/", views_staff.revenue_new, name="revenue_new"),
    path("uses/<int:pk>/", views_staff.use_detail, name="use_detail"),
    path("uses/<int:pk>/<slug:action>/", views_staff.use_act, name="use_act"),
    path("documents/<int:pk>/", views_staff.document, name="document"),
    path("revenue/<int:pk>/", views_staff.revenue_detail, name="revenue_detail"),
    path("revenue/<int:pk>/<slug:action>/", views_staff.revenue_act, name="revenue_act"),
    path("units/<int:pk>/", views_ledger.unit_ledger, name="unit_ledger"),
    path("units/<int:pk>/transfer/", views_ledger.transfer, name="transfer"),
    path("rates/", views_ledger.rate_list, name="rates"),
    path("rates/<int:pk>/withdraw/", views_ledger.rate_withdraw, name="rate_withdraw"),
]
