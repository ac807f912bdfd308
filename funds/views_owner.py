"""The owner's fund pages: their units' ledgers and yearly statements (nothing of other units),
and the public-revenue postings of their projects, to which they may object."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import InvalidState
from core.text import as_int, join_messages
from owners import signin
from owners.models import Owner, Unit

from . import ledger, revenue
from .choices import RevenueStatus
from .forms import ObjectionForm
from .models import LedgerEntry, RevenuePosting


def me_panel(owner_ids) -> dict | None:
    """The panel on the owner's page (``/owner/me/``): their units' fund balance and the link to
    the ledgers; nothing when no unit of theirs has a ledger entry yet."""
    units = Unit.objects.filter(ownerships__owner__in=list(owner_ids)).values("pk")
    totals = LedgerEntry.objects.filter(unit__in=units).aggregate(
        balance=Sum("amount"), units=Count("unit", distinct=True)
    )
    return totals if totals["units"] else None


@signin.owner_required
def statements(request):
    year = as_int(request.GET.get("year"), 2000, 2100) or timezone.localdate().year
    units = (
        Unit.objects.filter(ownerships__owner__in=request.owner_ids).select_related("building", "project").distinct()
    )
    statements = [ledger.statement(unit, year) for unit in units.order_by("project__name", "building__name", "number")]
    projects = Owner.objects.filter(pk__in=request.owner_ids).values("project")
    postings = RevenuePosting.objects.filter(project__in=projects, status=RevenueStatus.POSTED).select_related(
        "project"
    )
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        "statements": statements,
        "postings": postings,
        "objection_form": ObjectionForm(),
        "now": timezone.now(),
    }
    return render(request, "funds/owner/ledger.html", context)


@signin.owner_required
@require_POST
def object_to_revenue(request, pk):
    projects = Owner.objects.filter(pk__in=request.owner_ids).values("project")
    posting = get_object_or_404(RevenuePosting.objects.filter(project__in=projects), pk=pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        owner = next(o for o in request.owners if o.project_id == posting.project_id)
        try:
            revenue.object_to(posting, owner=owner, text=form.cleaned_data["text"])
            messages.success(request, _("异议已提交。"))
        except InvalidState as error:
            messages.error(request, join_messages(error.messages))
    else:
        messages.error(request, join_messages(m for errors in form.errors.values() for m in errors))
    return redirect("funds_owner:ledger")
