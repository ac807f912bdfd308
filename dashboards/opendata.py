"""Open data (开放数据): anonymised CSV files of what the bureau publishes, regenerated nightly.

Each dataset says its fields and their meaning (shown on the page and in the API); none selects a
name, phone, address detail or free text of a resident. Complaint figures are counts per month ×
district × category × channel from the pre-aggregated table; lists, scores, stars, inspection
results and draws are the published ones only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import Channel
from inspections.choices import DrawStatus, InspectionStatus
from inspections.models import DrawResult, Inspection
from ratings.choices import ListStatus, RunStatus, StarStatus
from ratings.models import EnterpriseScore, ListEntry, StarRating
from regions.choices import RegionLevel

from .models import OpenDataset, RegionMonthly

LICENCE = _(
    "本平台开放数据按“知识共享 署名 4.0 国际”（CC BY 4.0）许可提供：可自由复制、分发、改编和商业使用，"
    "须注明来源“物业监管平台（住房和城乡建设局）”。数据不含任何个人信息，投诉数据为按月、区县、类别、渠道汇总的件数。"
)


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    fields: tuple[tuple[str, str], ...]  # (column, meaning)
    rows: Callable[[], Iterable[tuple]]


def _complaints():
    channels = dict(Channel.choices)
    rows = (
        RegionMonthly.objects.filter(level=RegionLevel.DISTRICT)
        .select_related("region", "category")
        .order_by("month", "region__code", "category__code", "channel")
    )
    for r in rows.iterator(chunk_size=5000):
        yield (
            f"{r.month:%Y-%m}",
            r.region.code,
            r.region.name,
            r.category.code if r.category else "",
            r.category.name if r.category else "",
            r.channel,
            str(channels.get(r.channel, r.channel)),
            r.received,
            r.accepted,
            r.answered,
            r.timed,
            r.on_time,
            r.closed,
            r.rated,
            r.satisfied + r.basically_satisfied,
            r.substantiated,
        )


def _lists():
    entries = (
        ListEntry.objects.filter(edition__status__in=[ListStatus.PUBLISHED, ListStatus.SUPERSEDED])
        .select_related("edition__run", "edition__region", "enterprise", "project")
        .order_by("edition__run__year", "edition__run__quarter", "edition__region__code", "edition_id", "color", "rank")
    )
    for e in entries.iterator(chunk_size=2000):
        yield (
            str(e.edition.run.period),
            e.edition.region.code,
            e.edition.region.name,
            e.edition.get_subject_display(),
            e.edition.version,
            e.edition.get_status_display(),
            e.get_color_display(),
            e.rank,
            e.enterprise.uscc,
            e.enterprise.name,
            e.project.code if e.project_id else "",
            e.project.name if e.project_id else "",
            e.score,
        )


def _scores():
    scores = (
        EnterpriseScore.objects.filter(run__status=RunStatus.PUBLISHED)
        .select_related("run", "enterprise")
        .order_by("run__year", "run__quarter", "enterprise__uscc")
    )
    for s in scores.iterator(chunk_size=5000):
        yield str(s.run.period), s.enterprise.uscc, s.enterprise.name, s.projects, s.households, s.score


def _stars():
    ratings = (
        StarRating.objects.filter(status=StarStatus.PUBLISHED)
        .select_related("enterprise")
        .order_by("year", "enterprise__uscc")
    )
    for s in ratings.iterator(chunk_size=5000):
        yield s.year, s.enterprise.uscc, s.enterprise.name, s.granted, s.stars


def _inspections():
    done = (
        Inspection.objects.filter(status=InspectionStatus.COUNTERSIGNED)
        .select_related("project", "enterprise")
        .order_by("countersigned_at", "id")
    )
    for i in done.iterator(chunk_size=5000):
        yield (
            f"{timezone.localtime(i.countersigned_at):%Y-%m-%d}" if i.countersigned_at else "",
            i.project.code,
            i.project.name,
            i.enterprise.uscc if i.enterprise_id else "",
            i.enterprise.name if i.enterprise_id else "",
            i.total_points,
            i.deducted,
            i.score,
        )


def _draws():
    results = (
        DrawResult.objects.filter(draw__status=DrawStatus.PUBLISHED)
        .select_related("draw__region", "project")
        .order_by("draw__published_at", "draw_id", "rank")
    )
    for r in results.iterator(chunk_size=5000):
        yield (
            r.draw_id,
            r.draw.title,
            f"{timezone.localtime(r.draw.published_at):%Y-%m-%d %H:%M}",
            r.draw.region.code,
            r.draw.region.name,
            r.draw.seed,
            r.rank,
            r.project.code,
            r.project.name,
        )


DATASETS = {
    d.key: d
    for d in (
        Dataset(
            "complaints-monthly",
            _("投诉月度统计"),
            _("按月、区县、投诉类别、渠道汇总的投诉件数（按收到月份归集）。"),
            (
                ("month", _("收到月份 YYYY-MM")),
                ("district_code", _("区县行政区划代码")),
                ("district", _("区县")),
                ("category_code", _("投诉类别代码")),
                ("category", _("投诉类别")),
                ("channel_code", _("渠道代码")),
                ("channel", _("渠道")),
                ("received", _("收到件数")),
                ("accepted", _("受理件数")),
                ("answered", _("已答复件数")),
                ("timed", _("应计时限件数")),
                ("on_time", _("按时办理件数")),
                ("closed", _("已办结件数")),
                ("rated", _("已评价件数")),
                ("satisfied", _("满意和基本满意件数")),
                ("substantiated", _("认定属实件数")),
            ),
            _complaints,
        ),
        Dataset(
            "lists",
            _("红黑榜"),
            _("已公布（含已更正）的各季度红黑榜名单。"),
            (
                ("quarter", _("季度")),
                ("jurisdiction_code", _("辖区代码")),
                ("jurisdiction", _("辖区")),
                ("subject", _("对象")),
                ("version", _("版次")),
                ("status", _("状态")),
                ("list", _("榜单")),
                ("rank", _("名次")),
                ("uscc", _("企业统一社会信用代码")),
                ("enterprise", _("企业")),
                ("project_code", _("项目编码")),
                ("project", _("项目")),
                ("score", _("得分")),
            ),
            _lists,
        ),
        Dataset(
            "enterprise-scores",
            _("企业季度得分"),
            _("已公布季度的物业服务企业量化考核得分。"),
            (
                ("quarter", _("季度")),
                ("uscc", _("统一社会信用代码")),
                ("enterprise", _("企业")),
                ("projects", _("在管项目数")),
                ("households", _("户数")),
                ("score", _("得分")),
            ),
            _scores,
        ),
        Dataset(
            "stars",
            _("星级评定"),
            _("已公布的年度星级评定结果（现行星级含降级）。"),
            (
                ("year", _("年度")),
                ("uscc", _("统一社会信用代码")),
                ("enterprise", _("企业")),
                ("granted", _("评定星级")),
                ("stars", _("现行星级")),
            ),
            _stars,
        ),
        Dataset(
            "inspections",
            _("检查结果"),
            _("已会签完成的“双随机”检查结果。"),
            (
                ("date", _("会签日期")),
                ("project_code", _("项目编码")),
                ("project", _("项目")),
                ("uscc", _("统一社会信用代码")),
                ("enterprise", _("企业")),
                ("total_points", _("应得分")),
                ("deducted", _("扣分")),
                ("score", _("得分")),
            ),
            _inspections,
        ),
        Dataset(
            "draws",
            _("随机抽取结果"),
            _("已公布的随机抽取：抽取名称、时间、范围、随机种子和抽中的项目。"),
            (
                ("draw_id", _("抽取编号")),
                ("draw", _("抽取名称")),
                ("published_at", _("公布时间")),
                ("region_code", _("范围代码")),
                ("region", _("范围")),
                ("seed", _("随机种子")),
                ("rank", _("序号")),
                ("project_code", _("项目编码")),
                ("project", _("项目")),
            ),
            _draws,
        ),
    )
}


def _csv(dataset: Dataset) -> tuple[bytes, int]:
    """UTF-8 with BOM (Excel opens it in Chinese); a leading =+-@ is quoted away like exports."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _meaning in dataset.fields])
    count = 0
    for row in dataset.rows():
        writer.writerow([_safe(v) for v in row])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode(), count


def _safe(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def regenerate(keys: Iterable[str] | None = None) -> list[OpenDataset]:
    """Write every dataset (or ``keys``) afresh; each replaced in its own transaction."""
    done = []
    for key in keys or DATASETS:
        content, count = _csv(DATASETS[key])
        with transaction.atomic():
            row, _created = OpenDataset.objects.update_or_create(
                key=key, defaults={"content": content, "rows": count, "generated_at": timezone.now()}
            )
        done.append(row)
    return done


def catalogue() -> list[dict]:
    """The datasets with their descriptions and the last generation (for the page and the API)."""
    stored = {d.key: d for d in OpenDataset.objects.defer("content")}
    result = []
    for key, dataset in DATASETS.items():
        row = stored.get(key)
        result.append(
            {
                "key": key,
                "title": dataset.title,
                "description": dataset.description,
                "fields": [{"name": n, "description": m} for n, m in dataset.fields],
                "rows": row.rows if row else None,
                "generated_at": row.generated_at if row else None,
            }
        )
    return result
