import datetime as dt

from django.shortcuts import redirect, render

from complaints.choices import Status
from complaints.models import Complaint
from enterprises.choices import ChangeRequestStatus
from enterprises.models import Enterprise, ProfileChangeRequest
from inspections.choices import ReportStatus
from inspections.models import RectificationOrder, SelfReport
from projects.coverage import coverage_for_user
from projects.models import Project
from regions.models import Region


def home(request):
    """The workbench of a signed-in user; residents are sent to the public pages."""
    user = request.user
    if not user.is_authenticated:
        return redirect("public:home")
    context = {}
    if user.is_staff_side:
        context.update(
            region_count=Region.objects.visible_to(user).count(),
            project_count=Project.objects.visible_to(user).count(),
            enterprise_count=Enterprise.objects.visible_to(user).count(),
            report=coverage_for_user(user),
        )
        complaints = Complaint.objects.visible_to(user)
        orders = RectificationOrder.objects.visible_to(user)
        context["open_complaints"] = complaints.open().count()
        context["waiting_complaints"] = complaints.filter(status=Status.SUBMITTED).count()
        context["overdue_complaints"] = complaints.open().filter(is_overdue=True).count()
        context["open_orders"] = orders.open().count()
        context["orders_due_week"] = orders.due_within(dt.timedelta(days=7)).count()
        context["reports_to_review"] = SelfReport.objects.visible_to(user).filter(status=ReportStatus.SUBMITTED).count()
        if user.is_bureau_officer:
            context["pending_changes"] = (
                ProfileChangeRequest.objects.visible_to(user).filter(status=ChangeRequestStatus.PENDING).count()
            )
    elif user.is_enterprise_user:
        context.update(
            enterprise=Enterprise.objects.visible_to(user).first(),
            project_count=Project.objects.visible_to(user).count(),
            open_complaints=Complaint.objects.visible_to(user).open().count(),
            open_orders=RectificationOrder.objects.visible_to(user).open().count(),
            orders_due_week=RectificationOrder.objects.visible_to(user).due_within(dt.timedelta(days=7)).count(),
            pending_reports=SelfReport.objects.visible_to(user)
            .filter(status__in=[ReportStatus.PENDING, ReportStatus.RETURNED])
            .count(),
            pending_changes=ProfileChangeRequest.objects.visible_to(user)
            .filter(status=ChangeRequestStatus.PENDING)
            .count(),
        )
    return render(request, "workbench.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static file."""
    from django.templatetags.static import static

    return redirect(static("favicon.ico"), permanent=True)
