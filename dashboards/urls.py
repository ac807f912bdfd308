from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("enterprise/", views.enterprise_dashboard, name="enterprise"),
    path("department/", views.department_dashboard, name="department"),
    path("league/", views.league, name="league"),
    path("league/funding/", views.funding, name="funding"),
]
