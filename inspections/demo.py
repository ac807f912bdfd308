"""Demo inspections for ``seed_demo``: two years (eight quarters) of random draws with their
inspections, deductions and rectification orders, and every managed project's quarterly
self-reports. Draws are executed by the real algorithm; the rest is bulk-inserted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from projects.models import Project

from . import draws
from .choices import InspectionStatus, OrderSource, OrderStatus, ReportStatus
from .demo_standard import install_demo_standard
from .models import Deduction, Draw, Inspection, RectificationOrder, SelfReport, StandardItem
from .selfreports import DUE_AFTER_QUARTER_DAYS, quarter_end

PROJECTS_PER_DRAW = {"small": 3, "city": 4, "province": 5}
INSPECTORS_PER_DISTRICT = 3
QUARTERS = 8
REASONS = ["台账记录不全", "现场检查发现问题", "未按标准执行", "设施存在隐患", "公示信息未更新", "巡查记录缺失"]


def last_quarters(today: dt.date, count: int) -> list[tuple[int, int]]:
    year, quarter = today.year, (today.month - 1) // 3  # the last completed quarter
    if quarter == 0:
        year, quarter = year - 1, 4
    out = []
    for _ in range(count):
        out.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(out))


def seed_inspections(ctx) -> None:
    rng = ctx.rng
    standard = install_demo_standard()
    items = list(
        StandardItem.objects.filter(category__standard=standard).values_list("pk", "code", "points", "project_types")
    )
    today = timezone.localdate()
    quarters = last_quarters(today, QUARTERS)
    admin = User.objects.filter(is_superuser=True).first()
    password = make_password(settings.DEMO_PASSWORD)
    inspectors = {}
    for district in ctx.districts:
        inspectors[district.pk] = [
            User(
                username=f"inspector-{district.code}-{i}",
                last_name=f"{district.name}检查员{i}",
                role=Role.INSPECTOR,
                region=district,
                password=password,
            )
            for i in range(1, INSPECTORS_PER_DISTRICT + 1)
        ]
    User.objects.bulk_create([u for group in inspectors.values() for u in group], batch_size=2000)

    per_draw = PROJECTS_PER_DRAW[ctx.scale_name]
    projects = {p.pk: p for p in Project.objects.select_related("region")}
    inspections, deductions = [], []
    for year, quarter in quarters:
        when = timezone.make_aware(dt.datetime.combine(quarter_end(year, quarter) - dt.timedelta(days=40), dt.time(10)))
        latest = (year, quarter) == quarters[-1]
        for district in ctx.districts:
            # Unnamed: named by its quarter in the reader's language (Draw.title).
            draw = Draw.objects.create(region=district, project_count=per_draw, created_by=admin)
            draw.inspector_pool.set(inspectors[district.pk])
            try:
                draw = draws.execute(draw, actor=admin, seed=f"{ctx.seed}-{year}-{quarter}-{district.code}")
            except Exception:  # a district without enough projects: nothing to draw this quarter
                draw.delete()
                continue
            Draw.objects.filter(pk=draw.pk).update(drawn_at=when, published_at=when, created=when)
            for result in draw.results.all():
                project = projects[result.project_id]
                applicable = [i for i in items if project.project_type in i[3]]
                total = sum(i[2] for i in applicable)
                done = not latest or rng.random() < 0.6
                picked = rng.sample(applicable, k=rng.randint(0, 5))
                lost = [
                    (pk, (points * Decimal(rng.choice([2, 3, 5])) / 10).quantize(Decimal("0.1")))
                    for pk, _c, points, _t in picked
                ]
                deducted = sum((p for _pk, p in lost), Decimal(0))
                inspections.append(
                    Inspection(
                        project=project,
                        enterprise_id=project.enterprise_id,
                        standard=standard,
                        draw_result=result,
                        due_on=(when + dt.timedelta(days=28)).date(),
                        status=InspectionStatus.COUNTERSIGNED if done else InspectionStatus.ASSIGNED,
                        total_points=total,
                        deducted=deducted if done else 0,
                        score=total - deducted if done else None,
                        submitted_by_id=result.inspectors[0] if done else None,
                        submitted_at=when if done else None,
                        countersigned_by_id=result.inspectors[1] if done else None,
                        countersigned_at=when + dt.timedelta(hours=2) if done else None,
                    )
                )
                deductions.append((done, result.inspectors, lost, when, latest))
    Inspection.objects.bulk_create(inspections, batch_size=2000)
    through = Inspection.inspectors.through
    through.objects.bulk_create(
        [through(inspection_id=i.pk, user_id=u) for i, d in zip(inspections, deductions, strict=True) for u in d[1]],
        batch_size=5000,
    )
    rows, orders = [], []
    for inspection, (done, ids, lost, _when, _latest) in zip(inspections, deductions, strict=True):
        if not done:
            continue
        for pk, points in lost:
            rows.append(
                Deduction(
                    inspection=inspection, item_id=pk, points=points, reason=rng.choice(REASONS), created_by_id=ids[0]
                )
            )
    Deduction.objects.bulk_create(rows, batch_size=5000)
    by_inspection = {i.pk: i for i in inspections}
    for d in rows:
        inspection = by_inspection[d.inspection_id]
        issued = inspection.countersigned_at
        status = OrderStatus.CLOSED
        if (timezone.now() - issued).days < 120:
            status = rng.choice([OrderStatus.ISSUED, OrderStatus.ANSWERED, OrderStatus.CLOSED, OrderStatus.CLOSED])
        due = issued + dt.timedelta(days=14)
        orders.append(
            RectificationOrder(
                project_id=inspection.project_id,
                enterprise_id=inspection.enterprise_id,
                source=OrderSource.INSPECTION,
                deduction=d,
                issue=f"{d.reason}（检查扣 {d.points} 分）",
                working_days=10,
                status=status,
                due_at=due,
                is_overdue=status == OrderStatus.ISSUED and due < timezone.now(),
                answer="已按要求完成整改" if status != OrderStatus.ISSUED else "",
                answered_at=due - dt.timedelta(days=3) if status != OrderStatus.ISSUED else None,
                closed_at=due if status == OrderStatus.CLOSED else None,
                issued_by_id=d.created_by_id,
            )
        )
    RectificationOrder.objects.bulk_create(orders, batch_size=5000)
    with connection.cursor() as cursor:
        # auto_now_add stamped today on everything: give the history its real dates.
        cursor.execute(
            """UPDATE inspections_rectificationorder o SET issued_at = i.countersigned_at
               FROM inspections_deduction d JOIN inspections_inspection i ON i.id = d.inspection_id
               WHERE o.deduction_id = d.id"""
        )
        cursor.execute(
            """UPDATE inspections_inspection i SET created = dr.drawn_at
               FROM inspections_drawresult r JOIN inspections_draw dr ON dr.id = r.draw_id
               WHERE i.draw_result_id = r.id"""
        )
    ctx.log(
        f"inspections: {len(inspections)} in {len(quarters)} quarters, {len(rows)} deductions, {len(orders)} orders"
    )
    _seed_self_reports(ctx, standard, items, quarters)


def _seed_self_reports(ctx, standard, items, quarters) -> None:
    rng = ctx.rng
    managed = list(Project.objects.filter(enterprise__isnull=False).values_list("pk", "enterprise_id", "project_type"))
    totals = {}
    batch, made = [], 0
    for year, quarter in quarters:
        due = quarter_end(year, quarter) + dt.timedelta(days=DUE_AFTER_QUARTER_DAYS)
        latest = (year, quarter) == quarters[-1]
        for pid, eid, project_type in managed:
            if project_type not in totals:
                totals[project_type] = sum(i[2] for i in items if project_type in i[3])
            roll = rng.random()
            status = ReportStatus.ACCEPTED
            if roll < 0.06:
                status = ReportStatus.PENDING
            elif latest and roll < 0.3:
                status = ReportStatus.SUBMITTED
            submitted = (
                None
                if status == ReportStatus.PENDING
                else timezone.make_aware(dt.datetime.combine(due - dt.timedelta(days=rng.randint(-6, 12)), dt.time(15)))
            )
            shortfalls = {
                code: str(points - 1) for _pk, code, points, types in rng.sample(items, k=3) if project_type in types
            }
            self_score = totals[project_type] - len(shortfalls) if submitted else None
            batch.append(
                SelfReport(
                    project_id=pid,
                    enterprise_id=eid,
                    standard=standard,
                    year=year,
                    quarter=quarter,
                    due_date=due,
                    status=status,
                    scores=shortfalls if submitted else {},
                    self_score=self_score,
                    submitted_at=submitted,
                    late=submitted is None or submitted.date() > due,
                    times_returned=1 if status == ReportStatus.ACCEPTED and rng.random() < 0.08 else 0,
                    reviewed_at=submitted + dt.timedelta(days=3) if status == ReportStatus.ACCEPTED else None,
                )
            )
            if len(batch) >= 10000:
                SelfReport.objects.bulk_create(batch)
                made += len(batch)
                batch = []
    SelfReport.objects.bulk_create(batch)
    made += len(batch)
    ctx.log(f"self-reports: {made}")
