"""URLs of the owners' app: the owners' own pages (``owner_patterns``, namespace
``owners_public``) and the staff's pages (``urlpatterns``, namespace ``owners``)."""

from django.urls import path

from . import views_committees, views_owner, views_public, views_staff

owner_patterns = [
    path("", views_owner.sign_in, name="sign_in"),
    path("code/", views_owner.code, name="code"),
    path("sign-out/", views_owner.sign_out, name="sign_out"),
    path("me/", views_owner.me, name="me"),
    path("votes/<int:pk>/", views_owner.vote, name="vote"),
    path("votes/<int:pk>/object/", views_owner.object_to, name="object"),
    path("votes/<int:pk>/result/", views_public.vote_result, name="vote_result"),
    path("receipt/", views_owner.receipt, name="receipt"),
]

app_name = "owners"
urlpatterns = [
    path("votes/", views_staff.VoteList.as_view(), name="vote_list"),
    path("votes/new/", views_staff.vote_new, name="vote_new"),
    path("votes/<int:pk>/", views_staff.VoteDetail.as_view(), name="vote_detail"),
    path("votes/<int:pk>/<slug:action>/", views_staff.vote_act, name="vote_act"),
    path("projects/", views_staff.RollProjects.as_view(), name="roll_projects"),
    path("projects/<int:pk>/roll/", views_staff.RollView.as_view(), name="roll"),
    path("projects/<int:pk>/roll/import/", views_staff.RollImport.as_view(), name="roll_import"),
    path("units/<int:pk>/", views_staff.unit_edit, name="unit_edit"),
    path("ballot-scans/<int:pk>/", views_staff.ballot_scan, name="ballot_scan"),
    path("owners/<int:pk>/", views_staff.owner_edit, name="owner_edit"),
    path("committees/", views_committees.CommitteeList.as_view(), name="committee_list"),
    path("committees/start/", views_committees.committee_start, name="committee_start"),
    path("committees/<int:pk>/", views_committees.CommitteeDetail.as_view(), name="committee_detail"),
    path("committees/<int:pk>/<slug:action>/", views_committees.committee_act, name="committee_act"),
]
