from django.urls import path

from . import bulletin_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("enterprise/", views.enterprise_dashboard, name="enterprise"),
    path("department/", views.department_dashboard, name="department"),
    path("league/", views.league, name="league"),
    path("league/funding/", views.funding, name="funding"),
    path("bulletins/", bulletin_views.bulletin_list, name="bulletin_list"),
    path("bulletins/generate/", bulletin_views.bulletin_generate, name="bulletin_generate"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/chart.png", bulletin_views.bulletin_chart, name="bulletin_chart"),
    path("bulletins/<int:pk>/bulletin.docx", bulletin_views.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:pk>/review/", bulletin_views.bulletin_review, name="bulletin_review"),
    path("bulletins/<int:pk>/publish/", bulletin_views.bulletin_publish, name="bulletin_publish"),
]
