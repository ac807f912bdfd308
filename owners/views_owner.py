"""Owners' pages, for a phone: sign in with an SMS code, see one's own units and ballots.

An owner sees their units (number, area, share, whether they vote for it), and nothing of other
owners: not the co-owners' names, not who else voted."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from core.errors import InvalidState
from core.text import join_messages

from . import ballots, identity, signin, votes
from .choices import RESULT_PUBLISHED, VoteStatus
from .forms import CodeForm, ReceiptForm, SignInForm
from .forms_staff import ObjectionForm, OwnerBallotForm, chosen
from .models import Ballot, Owner, Ownership, RollEntry, Vote


def rate_limited(request):
    return render(request, "owners/public/rate_limited.html", status=429)


def _phone_key(group, request):
    return (request.POST.get("phone") or "").strip()[:11] or "none"


def sign_in(request):
    form = SignInForm(request.POST or None)
    next_url = signin.safe_next(request, reverse("owners_public:me"))
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="owner-code-ip",
            key="ip",
            rate=settings.OWNER_CODE_RATE_PER_IP,
            method="POST",
            increment=True,
        ):
            return rate_limited(request)
        if form.is_valid():
            # The phone's count moves only for a valid request (captcha solved).
            if is_ratelimited(
                request,
                group="owner-code-phone",
                key=_phone_key,
                rate=settings.OWNER_CODE_RATE_PER_PHONE,
                method="POST",
                increment=True,
            ):
                return rate_limited(request)
            signin.request_code(form.cleaned_data["phone"], form.cleaned_data["id_tail"])
            request.session[signin.PENDING_KEY] = form.cleaned_data["phone"]
            return redirect(f"{reverse('owners_public:code')}?next={next_url}")
    return render(request, "owners/public/sign_in.html", {"form": form, "next": next_url})


def code(request):
    phone = request.session.get(signin.PENDING_KEY)
    if not phone:
        return redirect("owners_public:sign_in")
    form = CodeForm(request.POST or None)
    next_url = signin.safe_next(request, reverse("owners_public:me"))
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="owner-verify-ip",
            key="ip",
            rate=settings.OWNER_VERIFY_RATE_PER_IP,
            method="POST",
            increment=True,
        ):
            return rate_limited(request)
        if form.is_valid():
            owner_ids = signin.verify_code(phone, form.cleaned_data["code"])
            if owner_ids:
                signin.start_session(request, phone, owner_ids)
                return redirect(next_url)
            form.add_error("code", _("验证码不正确或已失效，请重新获取。"))
    context = {"form": form, "next": next_url, "masked_phone": identity.mask_phone(phone)}
    return render(request, "owners/public/code.html", context)


@require_POST
def sign_out(request):
    signin.end_session(request)
    return redirect("owners_public:sign_in")


@signin.owner_required
def me(request):
    holdings = list(
        Ownership.objects.filter(owner_id__in=request.owner_ids)
        .select_related("unit__building", "unit__project")
        .order_by("unit__project__name", "unit__building__name", "unit__entrance", "unit__number")
    )
    holders = dict(
        Ownership.objects.filter(unit__in=[h.unit_id for h in holdings])
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    for h in holdings:
        h.holders = holders[h.unit_id]
    context = {
        "holdings": holdings,
        "votes": _owner_votes(request.owner_ids).order_by("-opens_at")[:20],
        "owner_ids": tuple(request.owner_ids),  # the panels of the apps above (the fund's ledgers)
    }
    return render(request, "owners/public/me.html", context)


def _owner_votes(owner_ids):
    """Votes (announced to the owners: noticed or later) of the projects the owners are on."""
    projects = Owner.objects.filter(pk__in=owner_ids).values("project")
    return Vote.objects.filter(project__in=projects).exclude(status=VoteStatus.DRAFT).select_related("project")


@signin.owner_required
def vote(request, pk):
    """The ballot: the owner's units on the vote's roll, the matters, one choice each; after
    casting (or if already cast), the receipt codes."""
    vote = get_object_or_404(_owner_votes(request.owner_ids), pk=pk)
    matters = list(vote.matters.all())
    mine = list(RollEntry.objects.filter(vote=vote, voter__in=request.owner_ids).order_by("label"))
    form = OwnerBallotForm(request.POST or None, matters=matters)
    if request.method == "POST" and form.is_valid():
        try:
            ballots.cast_online(vote, owners=request.owners, choices=chosen(form, matters))
            messages.success(request, _("投票成功。请保存回执码，可凭回执码核对选票。"))
            return redirect("owners_public:vote", vote.pk)
        except InvalidState as error:
            form.add_error(None, error)
    cast = {
        b.unit_id: b
        for b in Ballot.objects.filter(vote=vote, unit__in=[e.unit_id for e in mine]).prefetch_related("choices")
    }
    for entry in mine:
        entry.ballot = cast.get(entry.unit_id)
    context = {
        "vote": vote,
        "matters": matters,
        "entries": mine,
        "form": form,
        "can_cast": vote.status == VoteStatus.OPEN and any(e.ballot is None for e in mine),
        "can_object": vote.status == VoteStatus.PRELIMINARY and timezone.now() <= vote.objections_end_at,
        "objection_form": ObjectionForm(),
        "my_objections": vote.objections.filter(owner__in=request.owner_ids),
    }
    return render(request, "owners/public/vote.html", context)


@signin.owner_required
@require_POST
def object_to(request, pk):
    vote = get_object_or_404(_owner_votes(request.owner_ids), pk=pk)
    form = ObjectionForm(request.POST)
    owner = next(o for o in request.owners if o.project_id == vote.project_id)
    if form.is_valid():
        try:
            votes.object_to(vote, owner=owner, text=form.cleaned_data["text"])
            messages.success(request, _("异议已提交，组织者将予答复。"))
        except (InvalidState, ValidationError) as error:
            messages.error(request, join_messages(error.messages))
    else:
        messages.error(request, join_messages(m for errors in form.errors.values() for m in errors))
    return redirect("owners_public:vote", vote.pk)


def receipt(request):
    """Anyone with a receipt code sees that ballot as it was recorded: the unit, when, how, and
    the choices (the code is the owner's secret; it names no person)."""
    form = ReceiptForm(request.POST or None)
    ballot = None
    if request.method == "POST":
        if is_ratelimited(
            request,
            group="owner-receipt-ip",
            key="ip",
            rate=settings.OWNER_VERIFY_RATE_PER_IP,
            method="POST",
            increment=True,
        ):
            return rate_limited(request)
        if form.is_valid():
            ballot = ballots.by_receipt(form.cleaned_data["code"])
            if ballot is None:
                form.add_error("code", _("没有找到该回执码对应的选票，请核对后重新输入。"))
    context = {"form": form, "ballot": ballot}
    if ballot is not None:
        context.update(
            entry=RollEntry.objects.get(vote=ballot.vote, unit=ballot.unit_id),
            choices=ballot.choices.select_related("matter").order_by("matter__position"),
            counted=ballot.vote.status in RESULT_PUBLISHED,
        )
    return render(request, "owners/public/receipt.html", context)
