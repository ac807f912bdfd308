from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("start/", views.run_start, name="run_start"),
    path("<int:pk>/review/", views.run_review, name="run_review"),
    path("<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("<int:pk>/projects/", views.ProjectScoreListView.as_view(), name="project_scores"),
    path("<int:pk>/enterprises/", views.EnterpriseScoreListView.as_view(), name="enterprise_scores"),
    path("project-scores/<int:pk>/", views.ProjectScoreDetailView.as_view(), name="project_score"),
    path("enterprise-scores/<int:pk>/", views.EnterpriseScoreDetailView.as_view(), name="enterprise_score"),
    path("street/", views.street_evaluations, name="street_evaluations"),
    path("<int:pk>/lists/", views.list_index, name="list_index"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/<str:action>/", views.list_action, name="list_action"),
    path("credit/<int:pk>/", views.credit_file, name="credit_file"),
    path("credit-records/", views.CreditRecordListView.as_view(), name="credit_records"),
    path("list-entries/", views.ListEntryListView.as_view(), name="list_entries"),
    path("honours/", views.HonourListView.as_view(), name="honour_list"),
    path("honours/nominate/", views.honour_nominate, name="honour_nominate"),
    path("honours/<int:pk>/", views.honour_detail, name="honour_detail"),
    path("honours/<int:pk>/<str:action>/", views.honour_action, name="honour_action"),
    path("<int:pk>/objections/", views.objection_list, name="objection_list"),
    path(
        "enterprise-scores/<int:pk>/objection/",
        views.objection_file,
        {"kind": "enterprise"},
        name="enterprise_objection",
    ),
    path("project-scores/<int:pk>/objection/", views.objection_file, {"kind": "project"}, name="project_objection"),
    path("objections/<int:pk>/<str:action>/", views.objection_action, name="objection_action"),
    path("objection-photos/<int:pk>/", views.objection_photo, name="objection_photo"),
    path("stars/", views.StarListView.as_view(), name="star_list"),
    path("stars/<int:pk>/", views.star_detail, name="star_detail"),
    path("stars/<int:pk>/<str:action>/", views.star_action, name="star_action"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/<str:action>/", views.scheme_action, name="scheme_action"),
]
