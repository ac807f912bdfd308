"""Demo complaints for ``seed_demo``: two years of work orders, their stage records and events.

Volumes per year: small 600, city ≈50,000, province ≈1,000,000 ([S4]: a city's 12345 line
takes tens of thousands of property complaints a year). Older complaints are closed; the
last weeks hold open ones at every stage. Each stage is recorded with its deadline (as the
workflow records it) and met or missed at a rate fixed per enterprise and district.
"""

from __future__ import annotations

import datetime as dt
import itertools
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

from accounts.models import Department
from core.bulkload import without_indexes
from core.calendar import WorkCalendar

from . import demo_load
from .choices import AssigneeKind, Channel, Feedback, Outcome, Party, Stage, Status, Urgency
from .models import TRACKING_ALPHABET, TRACKING_LENGTH, Category, SlaPolicy

PER_YEAR = {"small": 600, "city": 50_000, "province": 1_000_000}
YEARS = 2
CHUNK = 50_000
FEEDBACK = Feedback.values  # a property that makes a new list each time

TEXTS = {
    "price_quality": ["物业费涨了服务却越来越差，保洁一周才来一次", "收费标准高但小区秩序混乱，要求物业说明服务标准"],
    "service_missing": ["物业服务中心经常无人值班，报修电话打不通", "楼道灯坏了半个月没人修"],
    "water_power": ["小区突然停水没有提前通知，老人孩子生活不便", "单元楼多次停电，物业未做解释"],
    "security": ["小区门岗形同虚设，外来人员随意进出", "夜间巡逻不到位，电动车被盗"],
    "cleaning": ["垃圾桶满了好几天没人清运，气味很大", "楼道堆放杂物无人清理，存在安全隐患"],
    "elevator": ["电梯经常停运，维保记录不公示", "电梯运行有异响，担心安全"],
    "fire": ["消防通道被车辆长期占用", "楼道灭火器过期未更换"],
    "leak": ["顶楼漏雨渗水，物业推诿不维修", "地下车库渗水严重"],
    "parking": ["小区车位乱停乱放，消防通道堵塞", "停车费收取不透明"],
    "fees": ["物业强制收取不合理费用", "催缴物业费方式不当"],
    "public_revenue": ["小区广告收益从未公示", "公共收益去向不明，要求公开"],
    "maintenance_fund": ["维修资金使用不公开", "申请使用维修资金程序繁琐"],
    "renovation": ["邻居装修噪音扰民，物业不管", "违规拆改承重墙无人制止"],
    "greening": ["小区绿化被毁改成停车位", "绿化长期无人养护"],
    "other": ["物业人员服务态度差", "其他物业服务问题"],
}
ANSWERS = [
    "已安排人员现场核实并整改完毕，后续将加强日常巡查。",
    "经核实情况属实，已完成维修，并向业主当面说明。",
    "已与业主沟通，说明相关收费依据，并在公示栏公开。",
    "已协调相关部门处理，问题已解决。",
]


def seed_complaints(ctx) -> None:
    rng = ctx.rng
    total = PER_YEAR[ctx.scale_name] * YEARS
    projects = list(_project_rows())
    # A few projects draw many complaints (削峰斩尾): weight by households and a skewed factor.
    weights = list(itertools.accumulate((p[3] + 50) * rng.paretovariate(1.6) for p in projects))
    categories = list(Category.objects.filter(is_active=True).values_list("id", "code", "department_kind"))
    departments = {(d.kind, d.region_id): d.pk for d in Department.objects.all()}
    now = timezone.now().replace(microsecond=0)
    calendar = WorkCalendar.current()
    policies = {(p.stage, p.urgency): float(p.working_hours) for p in SlaPolicy.objects.all()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM complaints_complaint")
        next_id = cursor.fetchone()[0] + 1
    # Faker draws a surname through several layers of calls; the demo needs a few hundred of them.
    surnames = sorted({ctx.fake.last_name() for _ in range(400)})
    chunks = _chunks(
        ctx, total, next_id, surnames, projects, weights, categories, departments, now, (calendar, policies)
    )
    made = 0
    # Python makes the next chunk while PostgreSQL copies the previous one (on the same connection,
    # which the generating thread does not touch): the two cores work at once.
    tables = ("complaints_complaint", "complaints_complaintevent", "complaints_stagerecord")
    events = demo_load.event_parameters(now)
    with without_indexes(*tables), ThreadPoolExecutor(1) as copier:
        pending = None
        for complaint_rows, stage_rows in chunks:
            ids = range(next_id + made, next_id + made + len(complaint_rows))
            buffers = (demo_load.lines(complaint_rows), demo_load.lines(stage_rows))
            if pending is not None:
                pending.result()
                ctx.log(f"complaints: {made}/{total}")
            pending = copier.submit(demo_load.load_chunk, connection.connection, *buffers, ids, events)
            made += len(complaint_rows)
        if pending is not None:
            pending.result()
            ctx.log(f"complaints: {made}/{total}")
    ctx.log("complaints: indexes and foreign keys rebuilt")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('complaints_complaint', 'id'), %s)", [next_id + made])


def _chunks(ctx, total, next_id, surnames, projects, weights, categories, departments, now, rules):
    """The complaints and their stage records, ``CHUNK`` complaints at a time, spread over the past
    ``YEARS`` (their events are written from them: :mod:`complaints.demo_load`)."""
    rng = ctx.rng
    start = now - dt.timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    codes: set[str] = set()
    channels = [
        (Channel.HOTLINE_12345, 55),
        (Channel.PORTAL, 20),
        (Channel.PHONE, 10),
        (Channel.MAYOR_HOTLINE, 5),
        (Channel.PETITION, 3),
        (Channel.WALK_IN, 5),
        (Channel.DEPARTMENT, 2),
    ]
    ch_values, ch_weights = zip(*((c.value, w) for c, w in channels), strict=True)
    ch_cumulative = list(itertools.accumulate(ch_weights))  # what choices() makes of the weights
    made = 0
    while made < total:
        n = min(CHUNK, total - made)
        picks = rng.choices(projects, cum_weights=weights, k=n)
        offsets = sorted(rng.random() for _ in range(n))
        complaint_rows, stage_rows = [], []
        for project, offset in zip(picks, offsets, strict=True):
            pid, region_id, path, _households, enterprise_id, _city = project
            created = start + dt.timedelta(seconds=offset * span)
            cat_id, cat_code, dept_kind = rng.choice(categories)
            code = _code(rng, codes)
            channel = rng.choices(ch_values, cum_weights=ch_cumulative)[0]
            age = (now - created).days
            row = _life(rng, now, created, age, project, dept_kind, departments, *rules)
            complaint_rows.append(
                [
                    next_id,
                    code,
                    channel,
                    f"12345-{next_id:09d}" if channel == Channel.HOTLINE_12345 else None,
                    pid,
                    enterprise_id,
                    region_id,
                    path,
                    cat_id,
                    rng.choice(TEXTS[cat_code]),
                    row["urgency"],
                    rng.choice(surnames) + "先生",
                    f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}",
                    row["status"],
                    created,
                    row.get("accepted_at"),
                    row.get("assigned_at"),
                    row.get("answered_at"),
                    row.get("closed_at"),
                    row.get("assignee_kind", ""),
                    row.get("assignee_enterprise_id"),
                    row.get("assignee_region_id"),
                    row.get("assignee_department_id"),
                    row.get("stage", ""),
                    row.get("due_at"),
                    row.get("is_overdue", False),
                    row["escalation_level"],
                    row.get("answer", ""),
                    row.get("reject_reason", ""),
                    row.get("feedback", ""),
                    "",
                    row.get("feedback_at"),
                    row.get("substantiated"),
                    row.get("outcome", ""),
                ]
            )
            stage_rows.extend([next_id, *stage] for stage in row["stages"])
            next_id += 1
        yield complaint_rows, stage_rows
        made += n


def _project_rows():
    from projects.models import Project

    return (
        Project.objects.select_related("region")
        .values_list(
            "pk", "region_id", "region__path", "households", "enterprise_id", "region__parent__parent__parent_id"
        )
        .order_by("pk")
    )


def _code(rng, taken: set) -> str:
    while True:
        code = "".join(rng.choices(TRACKING_ALPHABET, k=TRACKING_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _lateness(enterprise_id, path: str) -> float:
    """How often a stage runs late at this enterprise in this district (3 %–20 %): fixed per
    enterprise and district, so that their on-time rates differ (about 60 %–95 % of complaints)."""
    district = int(path.strip("/").split("/")[1]) if path.count("/") > 1 else 0
    enterprise = ((enterprise_id or 0) * 2654435761) % 1000 / 1000
    return 0.03 + 0.12 * enterprise + 0.05 * (district * 40503 % 1000 / 1000)


class _Stages:
    """A complaint's stages as the workflow would record them, each completed on time or late
    with the given probability, in working time (staff act during working hours)."""

    def __init__(self, rng, calendar, policies, urgency, now):
        self.rng, self.calendar, self.policies, self.urgency, self.now = rng, calendar, policies, urgency, now
        self.rows = []

    def run(self, stage, party, enterprise_id, start, late_share, finish=True):
        """Record ``stage`` from ``start``; return when it was completed (None: still open)."""
        hours = self.policies.get((stage, self.urgency))
        due = self.calendar.add_working_hours(start, hours) if hours is not None else None
        ended = None
        if finish:
            # A share of the time the stage had: under 1 is on time, over 1 late (no second
            # calendar walk: the seed makes millions of these).
            share = self.rng.uniform(1.05, 2.5) if self.rng.random() < late_share else self.rng.uniform(0.05, 0.95)
            ended = start + ((due or start + dt.timedelta(hours=8)) - start) * share
            if ended > self.now:
                ended = None
        self.rows.append([stage, party, enterprise_id, start, hours, due, ended, ended is not None])
        return ended


def _life(rng, now, created, age, project, dept_kind, departments, calendar, policies) -> dict:
    """A plausible history for a complaint filed ``age`` days ago: its row's values and its stage
    records (its events follow from them, :mod:`complaints.demo_load`)."""
    _pid, region_id, path, _households, enterprise_id, city_id = project
    urgency = Urgency.URGENT if rng.random() < 0.05 else Urgency.NORMAL
    stages = _Stages(rng, calendar, policies, urgency, now)
    late_share = _lateness(enterprise_id, path)

    def done(row, status):
        running = next((r for r in stages.rows if not r[7]), None)
        row = {**row, "status": status, "urgency": urgency, "stages": stages.rows}
        if running is not None:
            row.update(stage=running[0], due_at=running[5], is_overdue=running[5] < now)
        row["escalation_level"] = int(row.get("is_overdue", False))
        return row

    recent = age <= 1 and rng.random() < 0.6
    accepted = stages.run(Stage.ACCEPT, Party.BUREAU, None, created, 0.04 + late_share / 4, finish=not recent)
    if accepted is None:
        return done({}, Status.SUBMITTED)
    if rng.random() < 0.04:
        return done({"reject_reason": "不属于物业管理范畴", "closed_at": accepted}, Status.REJECTED)
    # Accepted within the acceptance stage, which ends when the work order is assigned.
    row = {"accepted_at": created + (accepted - created) * rng.uniform(0.3, 0.9), "assigned_at": accepted}
    dept = departments.get((dept_kind, city_id)) if dept_kind else None
    if dept and rng.random() < 0.7:
        row.update(assignee_kind=AssigneeKind.DEPARTMENT, assignee_department_id=dept)
        party, assignee = Party.DEPARTMENT, None
    elif enterprise_id:
        row.update(assignee_kind=AssigneeKind.ENTERPRISE, assignee_enterprise_id=enterprise_id)
        party, assignee = Party.ENTERPRISE, enterprise_id
    else:
        row.update(assignee_kind=AssigneeKind.REGION, assignee_region_id=region_id)
        party, assignee = Party.REGION, None
    open_sign = age <= 3 and rng.random() < 0.5
    signed = stages.run(Stage.SIGN, party, assignee, accepted, late_share, finish=not open_sign)
    if signed is None:
        return done(row, Status.ASSIGNED)
    open_answer = age <= 6 and rng.random() < 0.5
    answered = stages.run(Stage.ANSWER, party, assignee, signed, late_share, finish=not open_answer)
    if answered is None:
        return done(row, Status.IN_PROGRESS)
    answer = rng.choice(ANSWERS)
    row.update(answered_at=answered, answer=answer, substantiated=rng.random() < 0.55)
    fed = answered + dt.timedelta(hours=rng.uniform(1, 72))
    if (age <= 8 and rng.random() < 0.6) or fed > now:
        return done(row, Status.ANSWERED)
    feedback = rng.choices(FEEDBACK, cum_weights=[62, 87, 100])[0]  # 62 %, 25 %, 13 %
    row.update(feedback=feedback, feedback_at=fed, closed_at=fed, outcome=Outcome.RESOLVED)
    return done(row, Status.CLOSED)
