"""每周编印一期: the weekly bulletin of the city and of each district.

Beat drafts last week's bulletin every Monday 08:00 (``generate_weekly``); staff can draft any
week (``generate``) and publish a draft (``publish``). Each generation is a new version: a
bulletin is never regenerated silently and a published one never changes. Its content is the
figures as they stood when it was generated, stored as JSON; the page and the Word document are
rendered from that.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Category
from core.errors import InvalidState
from core.permissions import may, require
from inspections.choices import InspectionStatus, OrderStatus
from inspections.models import Inspection, RectificationOrder
from projects.models import Project
from ratings.choices import ListColor, ListStatus
from ratings.models import ListEntry
from regions.choices import RegionLevel
from regions.models import Region

from . import statistics as stats
from .models import COUNT_FIELDS, Bulletin, BulletinStatus, ComplaintDaily

FONTS = Path(__file__).resolve().parent / "fonts"
TREND_WEEKS = 12


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def last_week(today: dt.date | None = None) -> dt.date:
    return week_start(today or timezone.localdate()) - dt.timedelta(days=7)


def bulletin_regions():
    """The city and every district: the jurisdictions that print a bulletin."""
    return Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.DISTRICT]).order_by("path")


def _days(region: Region, first: dt.date, last: dt.date):
    return ComplaintDaily.objects.filter(day__range=(first, last), region_path__startswith=region.path)


def _counts(queryset) -> dict[str, int]:
    row = queryset.aggregate(**{f: Sum(f) for f in COUNT_FIELDS})
    return {f: row[f] or 0 for f in COUNT_FIELDS}


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def compute(region: Region, monday: dt.date) -> dict:
    """The bulletin's figures for the week starting ``monday`` (JSON-ready)."""
    sunday = monday + dt.timedelta(days=6)
    week = _days(region, monday, sunday)
    counts = _counts(week)
    previous = _counts(_days(region, monday - dt.timedelta(7), sunday - dt.timedelta(7)))["received"]
    year_ago = _counts(_days(region, monday - dt.timedelta(364), sunday - dt.timedelta(364)))["received"]
    categories = list(
        week.values("category_id").annotate(n=Sum("received")).filter(n__gt=0).order_by("-n", "category_id")[:5]
    )
    found = Category.objects.only("code", "name").in_bulk([c["category_id"] for c in categories if c["category_id"]])
    projects = list(week.exclude(project=None).values("project_id").annotate(n=Sum("received")).filter(n__gt=0))
    households = dict(
        Project.objects.filter(pk__in=[p["project_id"] for p in projects], households__gt=0).values_list(
            "pk", "households"
        )
    )
    worst = sorted(
        (
            {
                "project_id": p["project_id"],
                "count": p["n"],
                "per_100": round(p["n"] * 100 / households[p["project_id"]], 2),
            }
            for p in projects
            if p["project_id"] in households
        ),
        key=lambda p: (-p["per_100"], p["project_id"]),
    )[:5]
    project_names = dict(Project.objects.filter(pk__in=[w["project_id"] for w in worst]).values_list("pk", "name"))
    for w in worst:
        w["name"] = project_names.get(w["project_id"], "")
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=7)
    under = {"project__region__path__startswith": region.path}
    entries = (
        ListEntry.objects.filter(
            edition__status__in=[ListStatus.PUBLISHED, ListStatus.SUPERSEDED],
            edition__published_at__range=(start, end),
            edition__region__path__startswith=region.path,
        )
        .select_related("enterprise", "project", "edition")
        .order_by("color", "rank")[:30]
    )
    trend = []
    for i in range(TREND_WEEKS - 1, -1, -1):
        first = monday - dt.timedelta(days=7 * i)
        count = _counts(_days(region, first, first + dt.timedelta(6)))["received"]
        trend.append({"week": first.isoformat(), "count": count})
    backlog = stats.backlog(region)
    return {
        "region": {"code": region.code, "name": region.name},
        "week_start": monday.isoformat(),
        "week_end": sunday.isoformat(),
        "counts": counts,
        "figures": {k: _number(v) for k, v in stats.figures(counts).items()},
        "previous_week": previous,
        "wow_change_pct": _number(stats.change_pct(counts["received"], previous)),
        "same_week_last_year": year_ago,
        "yoy_change_pct": _number(stats.change_pct(counts["received"], year_ago)),
        "top_categories": [_category_row(found.get(c["category_id"]), c["n"]) for c in categories],
        "worst_projects": worst,
        "overdue_complaints": backlog["overdue"],
        "open_complaints": backlog["open"],
        "overdue_orders": RectificationOrder.objects.filter(is_overdue=True, **under)
        .exclude(status=OrderStatus.CLOSED)
        .count(),
        "inspections_done": Inspection.objects.filter(
            status=InspectionStatus.COUNTERSIGNED, countersigned_at__range=(start, end), **under
        ).count(),
        "list_entries": [
            {
                "color": e.color,
                "color_label": str(e.get_color_display()),
                "name": e.project.name if e.project_id else e.enterprise.name,
                "enterprise": e.enterprise.name,
                "score": _number(e.score),
            }
            for e in entries
        ],
        "trend": trend,
    }


UNCATEGORISED = "未分类"  # the name older bulletins stored for complaints without a category


def _category_row(category, count: int) -> dict:
    """A top category: its code names it in the reader's language when shown (``localized``);
    the name is the one it had when the bulletin was generated (no code: uncategorised)."""
    if category is None:
        return {"code": "", "name": str(_("未分类")), "count": count}
    return {"code": category.code, "name": category.name, "count": count}


def _category_name(row: dict, labels: dict) -> str:
    if "code" not in row:  # stored before the codes were (a published bulletin is never rewritten)
        return labels.get(row["name"], row["name"])
    return labels.get(row["code"], row["name"]) if row["code"] else str(_("未分类"))


def localized(data: dict) -> dict:
    """The stored content as the reader reads it: the categories and the lists' colours in the
    reader's language (the figures and the names of places and enterprises as stored).
    Categories stored by name only (older bulletins) are found by that name."""
    rows = data.get("top_categories", [])
    codes = [c["code"] for c in rows if c.get("code")]
    names = [c["name"] for c in rows if "code" not in c]
    labels = {}
    for category in Category.objects.filter(Q(code__in=codes) | Q(name__in=names)) if rows else []:
        labels[category.code] = labels[category.name] = category.label
    labels |= {name: str(_("未分类")) for name in names if name == UNCATEGORISED}
    categories = [{**c, "name": _category_name(c, labels)} for c in rows]
    entries = [
        {**e, "color_label": str(ListColor(e["color"]).label)} if e.get("color") in ListColor.values else e
        for e in data.get("list_entries", [])
    ]
    return {**data, "top_categories": categories, "list_entries": entries}


def generate(region: Region, monday: dt.date, user=None) -> Bulletin:
    """A new version of the week's bulletin, as a draft (``user`` None: the weekly job)."""
    if user is not None:
        require(user, "dashboards.generate_bulletin", region)
    monday = week_start(monday)
    data = compute(region, monday)
    with transaction.atomic():
        # Lock the region row so that two generations of one week cannot take the same version.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        latest = Bulletin.objects.filter(region=region, week_start=monday).aggregate(v=Max("version"))["v"] or 0
        return Bulletin.objects.create(region=region, week_start=monday, version=latest + 1, data=data, created_by=user)


def generate_weekly(today: dt.date | None = None) -> list[Bulletin]:
    """Beat: last week's bulletin for the city and each district, once (a re-run adds nothing)."""
    monday = last_week(today)
    done = set(Bulletin.objects.filter(week_start=monday).values_list("region_id", flat=True))
    return [generate(region, monday) for region in bulletin_regions() if region.pk not in done]


def may_generate(user) -> bool:
    """Whether ``user`` may generate a bulletin for some region (the form offers those)."""
    return any(may(user, "dashboards.generate_bulletin", region) for region in bulletin_regions())


def review(bulletin: Bulletin, user) -> Bulletin:
    """审核 a draft version: by an officer other than the one who generated it (beat generates
    as nobody); recorded with who and when."""
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        require(user, "dashboards.review_bulletin", bulletin)
        if bulletin.status != BulletinStatus.DRAFT or bulletin.reviewed_at is not None:
            raise InvalidState(_("只有未审核的简报草稿可以审核。"))
        bulletin.reviewed_by, bulletin.reviewed_at = user, timezone.now()
        bulletin.save(update_fields=["reviewed_by", "reviewed_at"])
    return bulletin


def publish(bulletin: Bulletin, user) -> Bulletin:
    """Publish a reviewed draft: by an officer who neither generated nor reviewed it."""
    with transaction.atomic():
        bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        require(user, "dashboards.publish_bulletin", bulletin)
        if bulletin.status != BulletinStatus.DRAFT:
            raise InvalidState(_("该简报已发布，不能重复发布。"))
        if bulletin.reviewed_at is None:
            raise InvalidState(_("该简报尚未审核，审核后才能发布。"))
        bulletin.status, bulletin.published_at, bulletin.published_by = BulletinStatus.PUBLISHED, timezone.now(), user
        bulletin.save(update_fields=["status", "published_at", "published_by"])
    return bulletin


# Rendering ----------------------------------------------------------------------------------


def _font_properties():
    from matplotlib import font_manager

    files = [str(FONTS / "NotoSansSC-latin.ttf"), str(FONTS / "NotoSansSC-chinese-simplified.ttf")]
    for path in files:
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(family=[font_manager.FontProperties(fname=f).get_name() for f in files])


def trend_png(bulletin: Bulletin) -> bytes:
    """The 12-week trend as a PNG, Chinese labels in the vendored Noto Sans SC."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = _font_properties()
    trend = bulletin.data.get("trend", [])
    labels = [w["week"][5:] for w in trend]
    values = [w["count"] for w in trend]
    figure = Figure(figsize=(7, 3), dpi=150)
    axes = figure.subplots()
    positions = list(range(len(values)))
    bars = axes.bar(positions, values, color="#0d6efd")
    axes.set_xticks(positions, labels)
    if bars:
        bars[-1].set_color("#dc3545")
    axes.set_title(
        _("近 %(n)d 周投诉件数（%(region)s）") % {"n": len(trend), "region": bulletin.region.name}, fontproperties=font
    )
    axes.set_ylabel(_("件"), fontproperties=font)
    axes.set_xlabel(_("周一日期"), fontproperties=font)
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _pct(value) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}%"


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


# 公文 layout (GB/T 9704): A4, top 37 mm, bottom 35 mm, left (binding) 28 mm, right 26 mm — a
# text block of 156 × 225 mm.
PAGE_MM = (210, 297)
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left_margin"] - MARGINS_MM["right_margin"]


def _a4(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        for name, mm in MARGINS_MM.items():
            setattr(section, name, Mm(mm))


def to_docx(bulletin: Bulletin) -> bytes:
    """The bulletin as a Word document (python-docx) with the trend chart."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = localized(bulletin.data)
    doc = Document()
    _a4(doc)  # python-docx's template is US Letter
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    title = _("%(region)s物业投诉监管周报") % {"region": d["region"]["name"]}
    doc.add_heading(title, level=1)
    status = _("（草稿）") if bulletin.status == BulletinStatus.DRAFT else ""
    doc.add_paragraph(
        _("%(start)s 至 %(end)s · 第 %(v)d 版%(status)s")
        % {"start": d["week_start"], "end": d["week_end"], "v": bulletin.version, "status": status}
    )
    c, f = d["counts"], d["figures"]
    doc.add_heading(_("一、投诉受理情况"), level=2)
    doc.add_paragraph(
        _(
            "本周共收到投诉 %(n)d 件，上周 %(prev)d 件，环比 %(wow)s；上年同期 %(ago)d 件，同比 %(yoy)s。"
            "已受理 %(acc)d 件，已答复 %(ans)d 件，已办结 %(closed)d 件；按时办理率 %(ontime)s，满意率 %(satisfied)s。"
        )
        % {
            "n": c["received"],
            "prev": d["previous_week"],
            "wow": _pct(d["wow_change_pct"]),
            "ago": d["same_week_last_year"],
            "yoy": _pct(d["yoy_change_pct"]),
            "acc": c["accepted"],
            "ans": c["answered"],
            "ontime": _rate(f["on_time_rate"]),
            "satisfied": _rate(f.get("satisfaction_rate")),
            "closed": c["closed"],
        }
    )
    doc.add_picture(io.BytesIO(trend_png(bulletin)), width=Mm(TEXT_WIDTH_MM))
    doc.add_heading(_("二、投诉集中的类别"), level=2)
    _table(doc, [_("类别"), _("投诉（件）")], [(r["name"], r["count"]) for r in d["top_categories"]])
    doc.add_heading(_("三、每百户投诉最多的项目"), level=2)
    worst = [(r["name"], r["count"], r["per_100"]) for r in d["worst_projects"]]
    _table(doc, [_("项目"), _("投诉（件）"), _("每百户投诉（件/百户）")], worst)
    doc.add_heading(_("四、超期与整改"), level=2)
    doc.add_paragraph(
        _(
            "截至生成时，办理中投诉 %(open)d 件，其中超期 %(over)d 件；逾期未销号整改单 %(orders)d 单。"
            "本周完成检查 %(insp)d 次。"
        )
        % {
            "open": d["open_complaints"],
            "over": d["overdue_complaints"],
            "orders": d["overdue_orders"],
            "insp": d["inspections_done"],
        }
    )
    doc.add_heading(_("五、本周公布的红黑榜"), level=2)
    if d["list_entries"]:
        _table(
            doc,
            [_("榜单"), _("名称"), _("企业"), _("得分（分）")],
            [(e["color_label"], e["name"], e["enterprise"], e["score"]) for e in d["list_entries"]],
        )
    else:
        doc.add_paragraph(_("本周没有新公布的红黑榜。"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _table(doc, headers, rows) -> None:
    if not rows:
        doc.add_paragraph(_("无。"))
        return
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def counts_by_status(user) -> dict[str, int]:
    return dict(Bulletin.objects.visible_to(user).values_list("status").annotate(n=Count("id")))
