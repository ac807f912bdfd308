from django.urls import path

from . import export_views

app_name = "exports"
urlpatterns = [
    path("", export_views.ExportListView.as_view(), name="list"),
    path("<int:pk>/download/", export_views.export_download, name="download"),
]
