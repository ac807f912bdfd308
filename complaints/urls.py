from django.urls import path

from . import views, views_public

app_name = "complaints"
urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="list"),
    path("new/", views.complaint_new, name="new"),
    path("import/", views.HotlineImportView.as_view(), name="import"),
    path("bulk-assign/", views.bulk_assign, name="bulk_assign"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="detail"),
    path("<int:pk>/phone/", views.reveal_phone, name="reveal_phone"),
    path("<int:pk>/tracking-code/", views.reveal_tracking_code, name="reveal_tracking_code"),
    path("<int:pk>/<str:action>/", views.act, name="act"),
]

public_patterns = [
    path("new/", views_public.complaint_new, name="new"),
    path("projects/", views_public.project_picker, name="project_picker"),
    path("done/<str:code>/", views_public.done, name="done"),
    path("track/", views_public.track, name="track"),
    path("track/<str:code>/", views_public.detail, name="detail"),
    path("track/<str:code>/supplement/", views_public.supplement, name="supplement"),
    path("track/<str:code>/reopen/", views_public.reopen, name="reopen"),
    path("track/<str:code>/feedback-link/", views_public.resend_feedback_link, name="resend_feedback_link"),
    path("rate/<str:token>/", views_public.rate, name="rate"),
    path("photo/<int:pk>/", views_public.attachment, name="attachment"),
]
