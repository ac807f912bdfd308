from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import TokenView
from complaints import channel_api, open311
from complaints.api.views import CategoryViewSet, ComplaintViewSet
from complaints.urls import public_patterns as complaint_public_patterns
from core import picker_views
from dashboards import public_views as dashboard_public
from dashboards.api import ComplaintStatisticsView, OpenDataDetailView, OpenDataListView
from enterprises import public_views as enterprise_public
from enterprises.api.views import EnterpriseViewSet
from funds import api as fund_api
from funds.urls import owner_patterns as fund_owner_patterns
from inspections import public_views as inspection_public
from inspections.api import views as inspection_api
from owners import api as owner_api
from owners.urls import owner_patterns
from projects import public_views as project_public
from projects.api.views import CoverageView, ProjectViewSet, RegionViewSet
from ratings import public_views as rating_public
from ratings.api import views as rating_api

from . import views

admin.site.site_header = "物业监管平台 管理后台"
admin.site.site_title = "物业监管平台"
admin.site.index_title = "数据管理"

REDOC_CSP = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("projects", ProjectViewSet, basename="project")
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("categories", CategoryViewSet, basename="category")
router.register("standards", inspection_api.StandardViewSet, basename="standard")
router.register("draws", inspection_api.DrawViewSet, basename="draw")
router.register("inspections", inspection_api.InspectionViewSet, basename="inspection")
router.register("rectification-orders", inspection_api.OrderViewSet, basename="rectification-order")
router.register("summons", inspection_api.SummonsViewSet, basename="summons")
router.register("self-reports", inspection_api.SelfReportViewSet, basename="self-report")
router.register("scoring-schemes", rating_api.SchemeViewSet, basename="scoring-scheme")
router.register("scoring-runs", rating_api.RunViewSet, basename="scoring-run")
router.register("project-scores", rating_api.ProjectScoreViewSet, basename="project-score")
router.register("enterprise-scores", rating_api.EnterpriseScoreViewSet, basename="enterprise-score")
router.register("red-black-lists", rating_api.ListEditionViewSet, basename="red-black-list")
router.register("star-ratings", rating_api.StarRatingViewSet, basename="star-rating")
router.register("credit-records", rating_api.CreditRecordViewSet, basename="credit-record")
router.register("honours", rating_api.HonourViewSet, basename="honour")
router.register("owners-committees", owner_api.CommitteeViewSet, basename="owners-committee")
router.register("owners-votes", owner_api.VoteViewSet, basename="owners-vote")
router.register("fund-accounts", fund_api.AccountViewSet, basename="fund-account")
router.register("fund-uses", fund_api.UseViewSet, basename="fund-use")
router.register("public-revenue", fund_api.RevenueViewSet, basename="public-revenue")

public_patterns = [
    path("", project_public.home, name="home"),
    path("search/", project_public.project_search, name="project_search"),
    path("compound/<str:code>/", project_public.project_detail, name="project_detail"),
    path("directory/", enterprise_public.directory, name="enterprise_directory"),
    path("directory/<str:uscc>/", enterprise_public.enterprise_detail, name="enterprise_detail"),
    path("lists/", rating_public.lists, name="lists"),
    path("lists/<int:pk>/", rating_public.list_detail, name="list_detail"),
    path("credit/", rating_public.credit_lookup, name="credit_lookup"),
    path("credit/<str:uscc>/", rating_public.credit_detail, name="credit_detail"),
    path("statistics/", dashboard_public.statistics_page, name="statistics"),
    path("open-data/", dashboard_public.open_data, name="open_data"),
    path("open-data/<slug:key>.csv", dashboard_public.open_data_file, name="open_data_file"),
]

api_patterns = [
    path("", include(router.urls)),
    path("coverage/", CoverageView.as_view(), name="coverage"),
    path("statistics/complaints/", ComplaintStatisticsView.as_view(), name="complaint_statistics"),
    path("open-data/", OpenDataListView.as_view(), name="open_data"),
    path("open-data/<slug:key>/", OpenDataDetailView.as_view(), name="open_data_detail"),
    path("token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Redoc styles itself with <style> elements it creates and searches in a blob: worker.
    path("redoc/", REDOC_CSP(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]

FMT = r"\.(?P<fmt>json|xml)$"
open311_patterns = [
    re_path(r"^discovery" + FMT, open311.discovery, name="discovery"),
    re_path(r"^services" + FMT, open311.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]+)" + FMT, open311.service_definition, name="service_definition"),
    re_path(r"^requests" + FMT, open311.requests_view, name="requests"),
    re_path(r"^requests/(?P<pk>[0-9]+)" + FMT, open311.request_detail, name="request_detail"),
]

inspection_public_patterns = [
    path("draws/", inspection_public.draw_list, name="draw_list"),
    path("draws/<int:pk>/", inspection_public.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/data.json", inspection_public.draw_data, name="draw_data"),
]

channel_patterns = [
    path("tickets/", channel_api.push_ticket, name="push"),
    path("tickets/<str:ticket_no>/", channel_api.ticket_status, name="status"),
]

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("", include((public_patterns, "public"))),
    path("workbench/", views.home, name="home"),
    path("accounts/exports/", include("core.urls")),
    path("pickers/<str:name>/", picker_views.picker, name="picker"),
    path("accounts/", include("accounts.urls")),
    path("registry/", include("projects.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("complaints/", include("complaints.urls")),
    path("inbox/", include("notifications.urls")),
    path("ratings/", include("ratings.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("complaint/", include((complaint_public_patterns, "complaints_public"))),
    path("owner/funds/", include((fund_owner_patterns, "funds_owner"))),
    path("owner/", include((owner_patterns, "owners_public"))),
    path("captcha/", include("captcha.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/channel/", include((channel_patterns, "channel"))),
    path("open311/v2/", include((open311_patterns, "open311"))),
    path("inspections/", include((inspection_public_patterns, "inspections_public"))),
    path("supervision/", include("inspections.urls")),
    path("self-governance/", include("owners.urls")),
    path("funds/", include("funds.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Under /api/ the errors Django answers itself (no URL matches, a middleware refuses) are JSON
# like the API views' own; elsewhere the HTML pages (core.api_errors).
handler400 = "core.api_errors.bad_request"
handler403 = "core.api_errors.permission_denied"
handler404 = "core.api_errors.page_not_found"
handler500 = "core.api_errors.server_error"
