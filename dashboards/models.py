"""Pre-aggregated complaint statistics, kept by :mod:`dashboards.rollup`, and what is built on them.

Pages and the statistics API read these tables (and small indexed queries), never the complaint
table. Every count is of the complaints *received* in the row's period (a cohort): a complaint
filed on 3 May counts in May's "on time" once its stages are judged, whenever that is, so the
rates of a month change as its complaints are handled.
The figures built from the counts are defined once, in :mod:`dashboards.statistics`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.final import FinalRecord
from core.scoping import ScopedQuerySet
from regions.models import Region, codes_on_path

# The counted columns every statistics table carries, in this order.
# Each is a measure of :mod:`complaints.measures` (defined there, once), counted per cohort.
COUNT_FIELDS = (
    "received",
    "accepted",
    "answered",
    "timed",
    "on_time",
    "enterprise_timed",
    "enterprise_on_time",
    "accept_timed",
    "accept_on_time",
    "closed",
    "rated",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "decided",
    "substantiated",
    "repeat",
)


class Counts(models.Model):
    received = models.IntegerField(_("收到"), default=0)
    accepted = models.IntegerField(_("受理"), default=0)
    answered = models.IntegerField(_("已答复"), default=0)
    timed = models.IntegerField(_("应计时限"), default=0)
    on_time = models.IntegerField(_("按时办理"), default=0)
    enterprise_timed = models.IntegerField(_("企业应计时限"), default=0)
    enterprise_on_time = models.IntegerField(_("企业按时办理"), default=0)
    accept_timed = models.IntegerField(_("受理应计时限"), default=0)
    accept_on_time = models.IntegerField(_("按时受理"), default=0)
    closed = models.IntegerField(_("已办结"), default=0)
    rated = models.IntegerField(_("已评价"), default=0)
    satisfied = models.IntegerField(_("满意"), default=0)
    basically_satisfied = models.IntegerField(_("基本满意"), default=0)
    dissatisfied = models.IntegerField(_("不满意"), default=0)
    decided = models.IntegerField(_("已认定"), default=0)
    substantiated = models.IntegerField(_("属实"), default=0)
    repeat = models.IntegerField(_("重复投诉"), default=0)

    class Meta:
        abstract = True


# The statistics tables index only what they are read by (day; region and month; parent and
# month; project, enterprise and month): every roll-up deletes and inserts the daily rows of the
# days it recomputes and updates monthly rows, and each further index is one more write per row.
# Their foreign keys are neither constraints nor indexed (nothing is deleted through them).
class ComplaintDaily(Counts):
    """The finest grain: day received × community × category × channel × enterprise × project."""

    day = models.DateField(_("日期"))
    region = models.ForeignKey(
        Region, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    region_path = models.CharField(max_length=160)
    category = models.ForeignKey(
        "complaints.Category",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    channel = models.CharField(max_length=16)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["day"], name="stat_daily_day")]

    def __str__(self):
        return f"{self.day} {self.region_path} {self.received}"


class RegionMonthly(Counts):
    """Month × region of any level (city, district, street, community) × category × channel."""

    month = models.DateField(_("月份"))
    # region: the key's first column; parent: stat_region_children's.
    region = models.ForeignKey(Region, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+")
    level = models.PositiveSmallIntegerField()
    parent = models.ForeignKey(
        Region, null=True, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    category = models.ForeignKey(
        "complaints.Category",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    channel = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "category", "channel"], name="stat_region_month_key", nulls_distinct=False
            )
        ]
        indexes = [models.Index(fields=["parent", "month"], name="stat_region_children")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.region_id} {self.received}"


class ProjectMonthly(Counts):
    """Month × project × enterprise: the worst projects and enterprises per 100 households."""

    month = models.DateField(_("月份"))
    # project: the key's first column; enterprise: stat_project_enterprise's.
    project = models.ForeignKey(
        "projects.Project", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    region_path = models.CharField(max_length=160)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month", "enterprise"], name="stat_project_month_key", nulls_distinct=False
            )
        ]
        indexes = [
            models.Index(
                fields=["month", "region_path"],
                name="stat_project_month_path",
                opclasses=["date_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["enterprise", "month"], name="stat_project_enterprise"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.project_id} {self.received}"


class Backlog(models.Model):
    """Open work right now, per community: recomputed from the open complaints on every roll-up."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    region_path = models.CharField(max_length=160)
    open = models.IntegerField(_("办理中"), default=0)
    waiting = models.IntegerField(_("待受理"), default=0)
    overdue = models.IntegerField(_("超期"), default=0)

    class Meta:
        indexes = [models.Index(fields=["region_path"], name="stat_backlog_path", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return f"{self.region_path} {self.open}"


class RollupState(models.Model):
    """The roll-up's watermark and its last run (one row)."""

    last_event_id = models.BigIntegerField(default=0)
    last_complaint_id = models.BigIntegerField(default=0)
    started = models.DateTimeField(null=True)
    finished = models.DateTimeField(null=True)
    duration_ms = models.IntegerField(default=0)
    days = models.IntegerField(_("重算天数"), default=0)
    rebuilt = models.DateTimeField(null=True)

    def __str__(self):
        return f"rollup @ {self.last_event_id}"


class FundingEntry(models.Model):
    """资金投入: entered by city officers for the district and street league table (S3)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("投入金额（万元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "region"], name="funding_year_region")]

    def __str__(self):
        return f"{self.year} {self.region_id} {self.amount}"


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class BulletinQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Staff see the bulletins of their region, of the regions above it (a street reads its
        district's and the city's) and below it."""
        if not user.is_staff_side or not user.region_path:
            return None
        return Q(region__path__startswith=user.region_path) | Q(region__code__in=codes_on_path(user.region_path))


class Bulletin(FinalRecord, models.Model):
    """每周编印一期: one week's bulletin of a city or district. Kept: regenerating makes a new
    version, and a published version is never changed."""

    final_states = (BulletinStatus.PUBLISHED,)

    region = models.ForeignKey(Region, verbose_name=_("区域"), on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(_("周一"))
    version = models.PositiveSmallIntegerField(_("版次"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    data = models.JSONField(_("内容"), default=dict)
    created = models.DateTimeField(_("生成时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("每周简报")
        verbose_name_plural = _("每周简报")
        ordering = ["-week_start", "region__path", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "week_start", "version"], name="bulletin_version_unique")
        ]

    def __str__(self):
        return f"{self.region} {self.week_start} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:bulletin_detail", args=[self.pk])

    @property
    def week_end(self):
        import datetime as dt

        return self.week_start + dt.timedelta(days=6)


class OpenDataset(models.Model):
    """One open-data CSV file as last regenerated (nightly, by Celery); anonymised by construction:
    the datasets select no personal field (see :mod:`dashboards.opendata`)."""

    key = models.CharField(_("数据集"), max_length=40, unique=True)
    content = models.BinaryField(_("CSV 内容"))
    rows = models.PositiveIntegerField(_("行数"), default=0)
    generated_at = models.DateTimeField(_("生成时间"))

    class Meta:
        verbose_name = _("开放数据")
        verbose_name_plural = _("开放数据")
        ordering = ["key"]

    def __str__(self):
        return self.key
