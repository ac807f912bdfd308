from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/import/", views.RegionImportView.as_view(), name="region_import"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/import/", views.ProjectImportView.as_view(), name="project_import"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
]
