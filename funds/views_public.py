"""What everyone sees of a project's fund on its public page (a panel, ``core.panels``): the
balance, the deposits, the uses of the year each with its cost and split (by unit number and
area, never names), and the public revenue posted."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .choices import RevenueStatus, UseStatus
from .models import FundAccount, FundUse, LedgerEntry, RevenuePosting
from .totals import totals


def project_panel(project) -> dict | None:
    account = FundAccount.objects.filter(project=project).first()
    year = timezone.localdate().year
    postings = list(
        RevenuePosting.objects.filter(project=project)
        .filter(Q(status=RevenueStatus.POSTED) | Q(posted_until__gte=timezone.now()) | Q(year__gte=year - 1))
        .order_by("-year", "-half")[:4]
    )
    if account is None and not postings:
        return None
    context = {"account": account, "year": year, "postings": postings}
    if account is not None:
        sums = LedgerEntry.objects.filter(account=account).aggregate(**totals(year=year))
        context.update(balance=sums["balance"], deposits=sums["deposits"], used=sums["used_in_year"])
        context["uses"] = list(
            FundUse.objects.filter(project=project, status=UseStatus.DISBURSED, disbursed_on__year=year)
            .prefetch_related("shares__unit__building")
            .order_by("-disbursed_on")
        )
        context["pending"] = list(
            FundUse.objects.filter(project=project, status__in=[UseStatus.POSTED, UseStatus.UNDER_REVIEW]).order_by(
                "-created"
            )
        )
    return context
