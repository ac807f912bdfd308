"""Residents' complaint pages: file without an account, follow with the tracking code."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from core.text import as_id, join_messages
from projects.models import Project

from . import feedback_links, sla, workflow
from .choices import PUBLIC_EVENTS, AttachmentKind, Channel, Status
from .forms import FeedbackForm, PublicComplaintForm, ReopenForm, SupplementForm, TrackForm
from .links import fund_link
from .models import Attachment, Complaint
from .validation import check_resident_photo_quota

SESSION_KEY = "tracked_complaints"


def rate_limited(request, exception=None):
    return render(request, "complaints/public/rate_limited.html", status=429)


def _phone_key(group, request):
    return (request.POST.get("complainant_phone") or "").strip() or "none"


def complaint_new(request):
    # “投诉此小区” on a compound's page links here with ?project=<id>: the form starts with it.
    initial = {"project": as_id(request.GET.get("project"))} if as_id(request.GET.get("project")) else {}
    form = PublicComplaintForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if is_ratelimited(
            request, group="intake-ip", key="ip", rate=settings.INTAKE_RATE_PER_IP, method="POST", increment=True
        ):
            return rate_limited(request)
        # The phone's count moves only for a valid filing (captcha solved): a stranger cannot
        # use up someone's allowance with bad posts.
        if form.is_valid():
            if is_ratelimited(
                request,
                group="intake-phone",
                key=_phone_key,
                rate=settings.INTAKE_RATE_PER_PHONE,
                method="POST",
                increment=True,
            ):
                return rate_limited(request)
            complaint = form.save(commit=False)
            complaint.channel = Channel.PORTAL
            # Stored untranslated: the timeline shows it in the reader's language.
            workflow.submit(complaint, actor_label=gettext_noop("居民（网上投诉）"), images=form.cleaned_data["photos"])
            form.release_photos()
            _remember(request, complaint)
            return redirect("complaints_public:done", code=complaint.tracking_code)
        form.hold_photos()
    chosen = form["project"].value()
    project = Project.objects.filter(pk=as_id(chosen)).first() if as_id(chosen) else None
    return render(request, "complaints/public/new.html", {"form": form, "chosen_project": project})


def project_picker(request):
    """htmx: compounds matching what the resident types, as choices for the form."""
    q = request.GET.get("q", "").strip()
    results = list(Project.objects.search(q).by_relevance(q).select_related("region")[:10]) if len(q) >= 2 else []
    return render(request, "complaints/public/_project_picker.html", {"results": results, "q": q})


def done(request, code):
    complaint = _tracked(request, code)
    context = {"complaint": complaint, "expected_answer": sla.expected_answer_at(complaint)}
    return render(request, "complaints/public/done.html", context)


def track(request):
    form = TrackForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        if is_ratelimited(
            request, group="track-ip", key="ip", rate=settings.TRACKING_RATE_PER_IP, method="POST", increment=True
        ):
            return rate_limited(request)
        if form.is_valid():
            complaint = Complaint.objects.filter(
                tracking_code=form.cleaned_data["code"], complainant_phone__endswith=form.cleaned_data["phone_last4"]
            ).first()
            if complaint is not None:
                _remember(request, complaint)
                return redirect("complaints_public:detail", code=complaint.tracking_code)
            # One message for both cases: do not reveal whether the code exists.
            form.add_error(None, _("查询码或手机号后四位不正确。"))
    return render(request, "complaints/public/track.html", {"form": form})


def detail(request, code):
    if code not in request.session.get(SESSION_KEY, []):
        # A link from the SMS: ask for the last four digits first.
        return redirect(f"{reverse('complaints_public:track')}?code={code}")
    complaint = _tracked(request, code)
    main = complaint.merged_into if complaint.status == Status.MERGED and complaint.merged_into_id else None
    shown = main or complaint
    events = complaint.events.filter(type__in=PUBLIC_EVENTS).order_by("created", "id")
    if main is not None:
        events = events | main.events.filter(type__in=PUBLIC_EVENTS)
    context = {
        "complaint": complaint,
        "main": main,
        "shown": shown,
        "events": events.order_by("created", "id"),
        "attachments": Attachment.objects.filter(Q(complaint=complaint) | Q(complaint=shown, kind="answer")),
        "supplement_form": SupplementForm() if complaint.is_open else None,
        "awaits_rating": complaint.status == Status.ANSWERED,
        "expected_answer": sla.expected_answer_at(shown) if shown.is_open else None,
        "reopen_form": ReopenForm() if workflow.can_reopen(complaint) else None,
        "fund_link": fund_link(shown),
        "reopen_deadline": workflow.reopen_deadline(complaint),
    }
    return render(request, "complaints/public/detail.html", context)


@require_POST
def supplement(request, code):
    complaint = _tracked(request, code)
    if is_ratelimited(
        request, group="supplement-ip", key="ip", rate=settings.SUPPLEMENT_RATE_PER_IP, method="POST", increment=True
    ):
        return rate_limited(request)
    try:
        # Counted before the form decodes anything: photos over the cap cost no work.
        check_resident_photo_quota(complaint, len([f for f in request.FILES.getlist("photos") if f]))
        form = SupplementForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        workflow.supplement(complaint, text=form.cleaned_data["text"], images=form.cleaned_data["photos"])
        messages.success(request, _("补充材料已提交。"))
    except ValidationError as error:
        messages.error(request, join_messages(error.messages))
    return redirect("complaints_public:detail", code=code)


@require_POST
def reopen(request, code):
    """The resident says the problem is not fixed (within the window after closing)."""
    complaint = _tracked(request, code)
    if is_ratelimited(
        request, group="reopen-ip", key="ip", rate=settings.SUPPLEMENT_RATE_PER_IP, method="POST", increment=True
    ):
        return rate_limited(request)
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        workflow.reopen(complaint, reason=form.cleaned_data["reason"])
        messages.success(request, _("已申请重新办理，主管部门将重新受理。"))
    except ValidationError as error:
        messages.error(request, join_messages(error.messages))
    return redirect("complaints_public:detail", code=code)


def rate(request, token):
    """The rating page the resident's SMS links to: the answer, and the three choices."""
    if is_ratelimited(request, group="feedback-ip", key="ip", rate=settings.FEEDBACK_RATE_PER_IP, increment=True):
        return rate_limited(request)
    complaint = feedback_links.complaint_for_feedback(token)
    if complaint is None:
        return render(request, "complaints/public/rate_invalid.html", status=404)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.rate_by_link(token, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, join_messages(error.messages))
        else:
            return render(request, "complaints/public/rate_done.html", {"complaint": complaint})
    return render(request, "complaints/public/rate.html", {"complaint": complaint, "form": form})


@require_POST
def resend_feedback_link(request, code):
    """Send the rating link again to the complainant's phone (never shown on the page)."""
    complaint = _tracked(request, code)
    key = f"{complaint.pk}"
    if is_ratelimited(
        request,
        group="feedback-resend",
        key=lambda _g, _r: key,
        rate=settings.FEEDBACK_LINK_RESEND_RATE,
        increment=True,
    ):
        messages.error(request, _("评价短信发送次数过多，请明天再试。"))
        return redirect("complaints_public:detail", code=code)
    try:
        workflow.resend_feedback_link(complaint)
        messages.success(request, _("评价链接已发送到您的手机 %(phone)s。") % {"phone": complaint.masked_phone})
    except ValidationError as error:
        messages.error(request, join_messages(error.messages))
    return redirect("complaints_public:detail", code=code)


def attachment(request, pk):
    """A photo, to those who may see its complaint: staff in scope, or the resident tracking it."""
    item = get_object_or_404(Attachment.objects.select_related("complaint"), pk=pk)
    tracked = set(request.session.get(SESSION_KEY, []))
    allowed = item.complaint.tracking_code in tracked
    if not allowed and item.kind == AttachmentKind.ANSWER and tracked:
        # A merged complaint's resident sees the main complaint's answer photos, nothing else of it.
        allowed = item.complaint.merged.filter(tracking_code__in=tracked).exists()
    if not allowed and request.user.is_authenticated:
        allowed = Complaint.objects.visible_to(request.user).filter(pk=item.complaint_id).exists()
    if not allowed:
        raise Http404
    return item.response()


def _remember(request, complaint):
    codes = request.session.get(SESSION_KEY, [])
    if complaint.tracking_code not in codes:
        request.session[SESSION_KEY] = [*codes, complaint.tracking_code][-20:]


def _tracked(request, code) -> Complaint:
    """The complaint behind ``code`` if this browser proved it knows the phone number."""
    if code not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(
        Complaint.objects.select_related(
            "project", "category", "assignee_enterprise", "assignee_region", "assignee_department"
        ),
        tracking_code=code,
    )
