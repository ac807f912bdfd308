"""Staff pages of one unit's ledger and of a transfer (过户), and the deposit rates per region.

Thin callers of ``funds.transfers`` and ``funds.rates``. A unit's ledger names its owners, so
it is the roll's officers' (``Unit.objects.visible_to``), as the roll is; the transfer is the
bureau's (``funds.manage_account``), the rates the city's and district's (``funds.set_rate``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import InvalidState
from core.permissions import allowed, require_role, require_standing
from core.text import join_messages
from owners.models import Unit

from . import rates, transfers
from .choices import EntryKind
from .forms import RateForm, ReasonForm, TransferForm
from .models import DepositRate, FundAccount, LedgerEntry


def _officer(user) -> None:
    if not user.is_officer:
        raise PermissionDenied(_("您的角色无权访问该页面。"))


def _unit(request, pk) -> Unit:
    _officer(request.user)
    units = Unit.objects.visible_to(request.user).select_related("project__region", "building")
    return get_object_or_404(units, pk=pk)


@login_required
def unit_ledger(request, pk):
    """Every entry of the unit's ledger with the owner it names, the balance and first deposit."""
    unit = _unit(request, pk)
    entries = LedgerEntry.objects.filter(unit=unit).select_related("holder", "rate__region").order_by("posted_on", "pk")
    totals = entries.aggregate(balance=Sum("amount"), first=Sum("amount", filter=Q(kind=EntryKind.DEPOSIT)))
    context = {
        "unit": unit,
        "project": unit.project,
        "account": FundAccount.objects.filter(project=unit.project).first(),
        "entries": entries,
        "totals": totals,
        "ownerships": unit.ownerships.select_related("owner").order_by("-voter", "owner__name"),
        "can": allowed(request.user, ("funds.manage_account",), unit.project),
    }
    return render(request, "funds/unit_ledger.html", context)


@login_required
def transfer(request, pk):
    require_role(request.user, "funds.manage_account")
    unit = _unit(request, pk)
    require_standing(request.user, "funds.manage_account", unit.project)
    form = TransferForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfers.record_transfer(
                unit, to_owner=data["owner"], actor=request.user, reason=data["reason"], on=data["on"], request=request
            )
            messages.success(request, _("已过户：名册已更正，分户账随房屋转移。"))
            return redirect("funds:unit_ledger", unit.pk)
        except (InvalidState, ValidationError) as error:
            form.add_error(None, error)
    entries = LedgerEntry.objects.filter(unit=unit).select_related("holder").order_by("posted_on", "pk")
    context = {
        "unit": unit,
        "form": form,
        "entries": entries,
        "balance": entries.aggregate(b=Sum("amount"))["b"],
        "ownerships": unit.ownerships.select_related("owner").order_by("-voter", "owner__name"),
    }
    return render(request, "funds/transfer.html", context)


@login_required
def rate_list(request):
    """Each region's rates (history kept), the one in force today, the settings' default; the
    form for the regions the user may set."""
    _officer(request.user)
    rows, default = rates.overview(request.user)
    settable = [row.region for row in rows if row.may_set]
    form = RateForm(request.POST or None, regions=settable)
    if request.method == "POST":
        require_role(request.user, "funds.set_rate")
        if form.is_valid():
            data = form.cleaned_data
            try:
                rates.set_rate(
                    data["region"],
                    construction_cost=data["construction_cost"],
                    percent=data["percent"],
                    effective_from=data["effective_from"],
                    note=data["note"],
                    actor=request.user,
                    request=request,
                )
                messages.success(request, _("已设定交存标准并记入审计日志。"))
                return redirect("funds:rates")
            except (InvalidState, ValidationError) as error:
                form.add_error(None, error)
    context = {"rows": rows, "default": default, "form": form if settable else None, "reason_form": ReasonForm()}
    return render(request, "funds/rates.html", context)


@login_required
@require_POST
def rate_withdraw(request, pk):
    _officer(request.user)
    require_role(request.user, "funds.set_rate")
    visible = rates.overview(request.user)[0]
    rate = get_object_or_404(DepositRate, pk=pk, region__in=[row.region for row in visible])
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(join_messages(m for errors in form.errors.values() for m in errors))
        rates.withdraw_rate(rate, reason=form.cleaned_data["note"], actor=request.user, request=request)
        messages.success(request, _("已撤回该交存标准并记入审计日志。"))
    except (InvalidState, ValidationError) as error:
        messages.error(request, join_messages(error.messages))
    return redirect("funds:rates")
