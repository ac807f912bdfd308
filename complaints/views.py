"""Staff and enterprise pages: the queue, the detail with its actions, intake, import, inbox."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.permissions import require
from core.refusals import refusals
from core.text import as_id
from core.views import ImportView, ScopedDetailView, ScopedListView
from enterprises.models import Enterprise
from notifications.choices import NotificationChannel
from regions.choices import RegionLevel
from regions.models import Region

from . import actions, permissions, privacy, workflow
from .choices import Status
from .duplicates import likely_duplicates
from .filtersets import ComplaintFilterSet
from .forms import AnswerForm, CloseForm, NoteForm, StaffComplaintForm
from .importing import COMPLAINT_COLUMNS, HOTLINE_COLUMNS, import_hotline_orders
from .links import fund_link
from .models import Complaint, ComplaintEvent


def _complaint_queryset():
    return Complaint.objects.select_related(
        "project", "region", "category", "enterprise", "assignee_enterprise", "assignee_region", "assignee_department"
    )


class ComplaintListView(ScopedListView):
    """Officers' queue and an enterprise's or department's inbox, by the same scoping."""

    model = Complaint
    filterset_class = ComplaintFilterSet
    template_name = "complaints/complaint_list.html"
    export_columns = COMPLAINT_COLUMNS
    export_name = "投诉工单"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        # Joined: what every row shows. Each nullable relation is a LEFT JOIN, and those multiply
        # the planner's work (with the three assignees joined too, planning a page took 10–85 ms
        # against under 1 ms): the assignee of the page's 25 rows comes in a query of its own.
        return Complaint.objects.select_related("project", "region", "category").prefetch_related(
            "assignee_enterprise", "assignee_region", "assignee_department"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_bulk_assign"] = user.is_officer
        if user.is_officer:
            context["bulk_enterprises"] = Enterprise.objects.visible_to(user).order_by("name")[:500]
        return context


@require_POST
def bulk_assign(request):
    """Assign the selected complaints to one enterprise; each is its own transaction."""
    if not request.user.is_authenticated or not request.user.is_officer:
        raise PermissionDenied
    user = request.user
    enterprise = get_object_or_404(Enterprise.objects.visible_to(user), pk=as_id(request.POST.get("enterprise")))
    ids = [i for i in map(as_id, request.POST.getlist("ids")) if i is not None]
    done = 0
    for complaint in Complaint.objects.visible_to(request.user).filter(pk__in=ids).select_related("project"):
        # Each refusal is shown with the work order it concerns; the others go ahead.
        with refusals(request, denied=True, about=complaint.work_order_no) as outcome:
            workflow.accept_and_assign(complaint, actor=request.user, to=enterprise)
        done += outcome.error is None
    if done:
        messages.success(request, _("已派单 %(n)d 件。") % {"n": done})
    back = request.POST.get("next", "")
    # Only a path on this site: anything else is an open redirect or not a URL at all.
    local = back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if local else "complaints:list")


class ComplaintDetailView(ScopedDetailView):
    model = Complaint
    template_name = "complaints/complaint_detail.html"

    def allowed(self, user):
        return user.is_staff_side or user.is_enterprise_user

    def base_queryset(self):
        return _complaint_queryset().prefetch_related(
            Prefetch("events", queryset=ComplaintEvent.objects.select_related("actor")), "attachments"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.object))
        return context


def detail_context(request, complaint):
    """What the detail page and its htmx refresh show: actions the user may take, duplicates …"""
    user = request.user
    officer = permissions.officer_can_act(user, complaint)
    assignee = complaint.assignee_kind and permissions.assignee_can_act(user, complaint)
    context = {
        "complaint": complaint,
        "officer": officer,
        "assignee": assignee,
        "show_phone": False,
        "can_see_tracking_code": permissions.can_see_tracking_code(user, complaint),
        "answer_form": AnswerForm(),
        "note_form": NoteForm(),
        "close_form": CloseForm(auto_id=f"close-{complaint.pk}-%s"),
        "fund_link": fund_link(complaint, user),
    }
    if officer:
        context["duplicates"] = (
            likely_duplicates(complaint, user) if complaint.status in (Status.SUBMITTED, Status.ACCEPTED) else []
        )
        context["enterprises"] = Enterprise.objects.visible_to(user).order_by("name")[:500]
        on_path = Region.objects.visible_to(user).on_path(complaint.region_path)
        context["regions"] = on_path.filter(level__gte=RegionLevel.STREET)
        context["routed_department"] = workflow.route_department(complaint)
        # What the resident's phone was sent, and whether the gateway took it and the phone got it.
        context["resident_sms"] = complaint.notifications.filter(channel=NotificationChannel.SMS).order_by("created")
    return context


@require_POST
def act(request, pk, action):
    """Take one action of :data:`complaints.actions.ACTIONS`; htmx gets the refreshed detail,
    others a redirect."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    entry = actions.ACTIONS.get(action)
    if entry is None:
        raise Http404
    complaint = get_object_or_404(_complaint_queryset().visible_to(request.user), pk=pk)
    with refusals(request) as outcome:
        entry.perform(complaint, request.user, entry.page(request))
    if outcome.error is None:
        messages.success(request, _("操作成功。"))
    if request.htmx:
        # Swap the detail in place; a complaint merged away is still visible to the officer.
        queryset = ComplaintDetailView(request=request, kwargs={"pk": pk}).base_queryset()
        fresh = queryset.visible_to(request.user).get(pk=pk)
        return render(request, "complaints/_detail_body.html", detail_context(request, fresh))
    return redirect("complaints:detail", pk=pk)


@require_POST
def reveal_phone(request, pk):
    if not request.user.is_authenticated:
        raise PermissionDenied
    complaint = get_object_or_404(Complaint.objects.visible_to(request.user), pk=pk)
    return HttpResponse(workflow.reveal_phone(complaint, actor=request.user))


@require_POST
def reveal_tracking_code(request, pk):
    """The resident's tracking code, for a bureau officer; every look goes to the audit log."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    complaint = get_object_or_404(Complaint.objects.visible_to(request.user), pk=pk)
    return HttpResponse(privacy.reveal_tracking_code(complaint, actor=request.user, request=request))


def complaint_new(request):
    """Officers enter complaints taken by phone or at the counter."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    require(request.user, "complaints.register")
    form = StaffComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        complaint = form.save(commit=False)
        workflow.submit(complaint, actor=request.user, images=form.cleaned_data["photos"])
        text = _("已登记，工单号 %(no)s，查询码已短信告知投诉人。") % {"no": complaint.work_order_no}
        messages.success(request, text)
        return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/complaint_new.html", {"form": form})


class HotlineImportView(ImportView):
    importer = staticmethod(import_hotline_orders)
    action = "complaints.import_hotline_orders"
    title = gettext_lazy("导入 12345 工单")
    columns = HOTLINE_COLUMNS
    success_url_name = "complaints:list"
