"""Owners' pages, for a phone: sign in with an SMS code, see one's own units and ballots.

An owner sees their units (number, area, share, whether they vote for it), and nothing of other
owners: not the co-owners' names, not who else voted."""

from django.conf import settings
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from . import identity, signin
from .forms import CodeForm, SignInForm
from .models import Ownership


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
    context = {"holdings": holdings}
    return render(request, "owners/public/me.html", context)
