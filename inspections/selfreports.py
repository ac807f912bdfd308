"""Quarterly self-reports (季度自查自评): every managed project reports against the standard,
an officer accepts or returns it; compliance per project and enterprise is what ratings read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import InvalidState
from core.permissions import require
from core.punctuation import join_list
from core.quarters import Quarter
from notifications import outbox
from notifications.choices import InboxKind
from projects.models import Project

from .choices import ReportStatus, WorkEventType
from .models import SelfReport, record
from .standards import items_for
from .workflow import current_standard

# A quarter's report is due this many days after the quarter ends.
DUE_AFTER_QUARTER_DAYS = 15


def quarter_end(year: int, quarter: int) -> dt.date:
    return Quarter(year, quarter).last_day


def generate(year: int, quarter: int) -> int:
    """Create the quarter's pending reports for every project with a managing enterprise
    (set-based, idempotent: running it twice creates nothing more)."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("季度应为 1–4。"))
    standard = current_standard()
    due = quarter_end(year, quarter) + dt.timedelta(days=DUE_AFTER_QUARTER_DAYS)
    rows = Project.objects.filter(enterprise__isnull=False).values_list("pk", "enterprise_id")
    before = SelfReport.objects.filter(year=year, quarter=quarter).count()
    SelfReport.objects.bulk_create(
        [
            SelfReport(project_id=p, enterprise_id=e, standard=standard, year=year, quarter=quarter, due_date=due)
            for p, e in rows.iterator(chunk_size=5000)
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    return SelfReport.objects.filter(year=year, quarter=quarter).count() - before


def applicable_items(report: SelfReport):
    return items_for(report.standard, report.project.project_type).select_related("category")


def _items(report: SelfReport) -> dict[str, Decimal]:
    return dict(items_for(report.standard, report.project.project_type).values_list("code", "points"))


def answers(report: SelfReport) -> dict[str, Decimal]:
    """The self-score the report gave each applicable item (only shortfalls are stored: the
    others were given full marks); empty while it has never been submitted."""
    if report.submitted_at is None:
        return {}
    return {code: Decimal(report.scores.get(code, points)) for code, points in _items(report).items()}


def previous(report: SelfReport) -> SelfReport | None:
    """The project's latest earlier report submitted against the same standard: the form may
    start from its answers (marked as such), never from full marks."""
    return (
        SelfReport.objects.filter(project_id=report.project_id, standard_id=report.standard_id)
        .filter(Q(year__lt=report.year) | Q(year=report.year, quarter__lt=report.quarter))
        .exclude(submitted_at=None)
        .order_by("-year", "-quarter")
        .first()
    )


def submit(report: SelfReport, *, actor, scores: dict, evidence: str) -> SelfReport:
    """The enterprise files a self-score for every applicable item, each within its points."""
    require(actor, "inspections.submit_self_report", report)
    items = _items(report)
    missing = sorted(set(items) - set(scores))
    if missing:
        raise ValidationError(
            _("以下检查项未自评：%(c)s") % {"c": join_list(missing[:10]) + ("…" if len(missing) > 10 else "")}
        )
    cleaned = {}
    for code, value in scores.items():
        if code not in items:
            raise ValidationError(_("检查项 %(c)s 不适用于本项目。") % {"c": code})
        try:
            score = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(_("检查项 %(c)s 的自评分不是数字。") % {"c": code}) from None
        if not Decimal(0) <= score <= items[code]:
            raise ValidationError(_("检查项 %(c)s 的自评分应在 0 到 %(p)s 之间。") % {"c": code, "p": items[code]})
        if score < items[code]:
            cleaned[code] = str(score)
    with transaction.atomic():
        report = SelfReport.objects.select_for_update().get(pk=report.pk)
        if report.status not in (ReportStatus.PENDING, ReportStatus.RETURNED):
            raise InvalidState(_("该自查自评当前为“%(s)s”，不能提交。") % {"s": report.get_status_display()})
        now = timezone.now()
        report.scores, report.evidence = cleaned, (evidence or "").strip()
        report.self_score = sum(items.values()) - sum(items[c] - Decimal(v) for c, v in cleaned.items())
        report.status, report.submitted_at = ReportStatus.SUBMITTED, now
        report.late = report.late or timezone.localdate(now) > report.due_date
        report.save()
        record(report, WorkEventType.SUBMITTED, actor, note=str(report.self_score))
    return report


def _review(report: SelfReport, actor, status: str, note: str) -> SelfReport:
    with transaction.atomic():
        report = SelfReport.objects.select_for_update().select_related("project__region").get(pk=report.pk)
        require(actor, "inspections.review_self_report", report)
        if report.status != ReportStatus.SUBMITTED:
            raise InvalidState(_("只有待审核的自查自评可以审核。"))
        report.status, report.reviewed_by, report.reviewed_at, report.review_note = status, actor, timezone.now(), note
        if status == ReportStatus.RETURNED:
            report.times_returned += 1
        report.save()
        record(report, status, actor, note=note)
    return report


def accept(report: SelfReport, *, actor, note: str = "") -> SelfReport:
    return _review(report, actor, ReportStatus.ACCEPTED, note)


def return_for_correction(report: SelfReport, *, actor, reasons: str) -> SelfReport:
    if not (reasons or "").strip():
        raise ValidationError(_("退回修改必须写明理由。"))
    return _review(report, actor, ReportStatus.RETURNED, reasons.strip())


def remind(days_before: int = 5, today: dt.date | None = None) -> int:
    """Remind the enterprise users of reports due within ``days_before`` days (once each)."""
    today = today or timezone.localdate()
    due = SelfReport.objects.filter(
        status__in=[ReportStatus.PENDING, ReportStatus.RETURNED],
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=days_before),
        reminded_at__isnull=True,
    ).select_related("project")
    count = 0
    with transaction.atomic():
        by_enterprise = defaultdict(list)
        for report in due:
            by_enterprise[report.enterprise_id].append(report)
        for user in User.objects.filter(enterprise_id__in=by_enterprise, is_active=True):
            reports = by_enterprise[user.enterprise_id]
            outbox.tell([user], InboxKind.SELF_REPORTS_DUE, n=len(reports), d=reports[0].due_date.isoformat())
        count = SelfReport.objects.filter(pk__in=[r.pk for r in due]).update(reminded_at=timezone.now())
    return count


def flag_late(today: dt.date | None = None) -> int:
    """Mark reports not submitted by their due date as late."""
    today = today or timezone.localdate()
    return SelfReport.objects.filter(
        status__in=[ReportStatus.PENDING, ReportStatus.RETURNED], due_date__lt=today, late=False
    ).update(late=True)


def compliance(year: int, quarter: int, *, projects=None) -> dict:
    """Compliance figures for ratings: ``{"projects": {id: {...}}, "enterprises": {id: {...}}}``
    where each entry counts ``due``, ``on_time``, ``late``, ``accepted``, ``returned`` (times
    returned) and ``missing`` (never submitted)."""
    qs = SelfReport.objects.filter(year=year, quarter=quarter)
    if projects is not None:
        qs = qs.filter(project__in=projects)
    result = {
        "projects": {},
        "enterprises": defaultdict(
            lambda: dict.fromkeys(("due", "on_time", "late", "accepted", "returned", "missing"), 0)
        ),
    }
    for pid, eid, status, late, returned, submitted in qs.values_list(
        "project_id", "enterprise_id", "status", "late", "times_returned", "submitted_at"
    ).iterator(chunk_size=5000):
        row = {
            "due": 1,
            "on_time": int(submitted is not None and not late),
            "late": int(late),
            "accepted": int(status == ReportStatus.ACCEPTED),
            "returned": returned,
            "missing": int(submitted is None),
        }
        result["projects"][pid] = row
        for key, value in row.items():
            result["enterprises"][eid][key] += value
    result["enterprises"] = dict(result["enterprises"])
    return result
