"""The complaint (投诉工单): its tracking code and work-order number, scoping, and the record itself."""

import re
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.scoping import ScopedQuerySet, enterprise_or_region
from core.search import Bigrams

from ..choices import (
    AssigneeKind,
    Channel,
    Feedback,
    Outcome,
    Stage,
    Status,
    Urgency,
)
from .categories import Category

# No 0/O, 1/I/L: a resident reads the code aloud or types it from an SMS.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10


def new_tracking_code() -> str:
    """10 characters from a 31-letter alphabet (~49 bits), from the OS's CSPRNG."""
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


# The work-order number (工单号) staff and enterprises quote: GD, the year of intake, the id.
WORK_ORDER_NO = re.compile(r"^GD(?P<year>\d{4})-(?P<id>\d{1,12})$", re.IGNORECASE | re.ASCII)


def parse_work_order_no(text: str) -> tuple[int, int] | None:
    """``(year, id)`` of a typed work-order number such as ``GD2026-000123``, or None."""
    match = WORK_ORDER_NO.match((text or "").strip())
    return (int(match["year"]), int(match["id"])) if match else None


class ComplaintQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.role == Role.DEPARTMENT_LIAISON:
            return Q(assignee_department_id=user.department_id) if user.department_id else None
        return enterprise_or_region(user, "assignee_enterprise_id", "region_path")

    def open(self):
        from ..choices import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)


class ComplaintManager(models.Manager.from_queryset(ComplaintQuerySet)):
    def get_queryset(self):
        # The search vector serves WHERE clauses only; reading it back would only cost.
        return super().get_queryset().defer("search")


class Complaint(models.Model):
    """A complaint and the work order it becomes (工单)."""

    # Indexes are chosen for a table of millions of rows written a thousand times an hour: every
    # extra index is paid on each intake, so foreign keys that no query filters on alone, and
    # columns covered by a composite index's leading column, carry none (see Meta.indexes).
    tracking_code = models.CharField(_("查询码"), max_length=16, default=new_tracking_code, editable=False)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    external_id = models.CharField(_("外部工单号"), max_length=64, null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("物业项目"),
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # complaint_project_created leads with it
    )
    # The manager at intake time: a later change of manager does not rewrite history.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("受理时物业企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属区域"),
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # scoping and statistics go by region_path
    )
    region_path = models.CharField(_("区域路径"), max_length=160, editable=False)
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="complaints", db_index=False
    )
    description = models.TextField(_("问题描述"))
    # Character bigrams of the description (core/search.py): the queue's text search, any length.
    search = models.GeneratedField(
        expression=Bigrams("description"), output_field=SearchVectorField(), db_persist=True, verbose_name=_("检索词")
    )
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    complainant_name = models.CharField(_("投诉人"), max_length=50, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=11)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    created = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    assignee_kind = models.CharField(_("承办类型"), max_length=12, choices=AssigneeKind.choices, blank=True)
    assignee_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("承办企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        db_index=False,  # complaint_enterprise_status leads with it
    )
    assignee_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("承办街道/社区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        db_index=False,  # complaint_assignee_region: partial, assigned rows only
    )
    assignee_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        db_index=False,  # complaint_assignee_department: partial, assigned rows only
    )
    stage = models.CharField(_("当前时限环节"), max_length=8, choices=Stage.choices, blank=True)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)
    is_overdue = models.BooleanField(_("已超期"), default=False)
    escalation_level = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    escalated_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("升级督办区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_complaints",
        db_index=False,
    )
    answer = models.TextField(_("答复内容"), blank=True)
    reject_reason = models.TextField(_("不予受理理由"), blank=True)
    feedback = models.CharField(_("评价"), max_length=12, choices=Feedback.choices, blank=True)
    feedback_comment = models.TextField(_("评价意见"), blank=True)
    feedback_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    substantiated = models.BooleanField(_("投诉属实"), null=True, blank=True)
    # Database defaults too: bulk loaders (seed, benchmarks) that COPY rows need not name them.
    outcome = models.CharField(
        _("办理结果"), max_length=20, choices=Outcome.choices, blank=True, default="", db_default=""
    )
    remit_body = models.CharField(
        _("职责单位"),
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=_("不属于住建部门职责时，问题应找的单位"),
    )
    remit_contact = models.CharField(_("职责单位联系方式"), max_length=200, blank=True, default="", db_default="")
    publish_consent = models.BooleanField(
        _("同意公开问题描述"),
        default=False,
        db_default=False,
        help_text=_("居民在投诉时同意在公开数据中展示问题描述（不含姓名和电话）"),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        db_index=False,  # complaint_merged_into: partial, only merged rows
    )
    source_client = models.ForeignKey(
        "complaints.ApiClient",
        verbose_name=_("接入系统"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    # The messages sent about it (resident SMS, officers' and assignees' inbox).
    notifications = GenericRelation(
        "notifications.Notification",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="complaint",
    )

    objects = ComplaintManager()

    class Meta:
        verbose_name = _("投诉工单")
        verbose_name_plural = _("投诉工单")
        ordering = ["-created"]
        indexes = [
            # A region's complaints of a period (lists newest first, the scoring job's quarter per
            # district): a prefix range on the path, then the dates; PostgreSQL 18 skips through
            # the path's distinct values, so a district's quarter reads only its own entries.
            models.Index(
                fields=["region_path", "created"],
                name="complaint_region_created",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
            models.Index(
                fields=["region_path", "feedback_at"],
                name="complaint_region_feedback",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
                condition=Q(feedback_at__isnull=False),
            ),
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
            models.Index(fields=["project", "created"], name="complaint_project_created"),
            models.Index(fields=["assignee_enterprise", "status"], name="complaint_enterprise_status"),
            # Partial: these are empty when a complaint comes in, so intake pays nothing for them.
            models.Index(fields=["merged_into"], name="complaint_merged_into", condition=Q(merged_into__isnull=False)),
            models.Index(
                fields=["assignee_region"], name="complaint_assignee_region", condition=Q(assignee_region__isnull=False)
            ),
            models.Index(
                fields=["assignee_department"],
                name="complaint_assignee_department",
                condition=Q(assignee_department__isnull=False),
            ),
            GinIndex(fields=["search"], name="complaint_search_bigrams"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="complaint_tracking_code_unique"),
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=Q(external_id__isnull=False),
                name="complaint_external_ticket_unique",
            ),
        ]

    def __str__(self):
        return self.work_order_no

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    @property
    def work_order_no(self) -> str:
        """工单号, e.g. GD2026-000123: what enterprises, departments and staff see and quote.

        Derived from the id and the intake year, so intake writes nothing more; unlike the
        tracking code it is no secret (the tracking page wants the tracking code)."""
        if self.pk is None:
            return ""
        return f"GD{timezone.localtime(self.created).year}-{self.pk:06d}"

    @property
    def masked_phone(self) -> str:
        p = self.complainant_phone or ""
        return f"{p[:3]}****{p[-4:]}" if len(p) == 11 else "****"

    @property
    def assignee_label(self) -> str:
        if self.assignee_kind == AssigneeKind.ENTERPRISE and self.assignee_enterprise_id:
            return self.assignee_enterprise.name
        if self.assignee_kind == AssigneeKind.REGION and self.assignee_region_id:
            return self.assignee_region.name
        if self.assignee_kind == AssigneeKind.DEPARTMENT and self.assignee_department_id:
            return self.assignee_department.name
        return ""

    @property
    def is_open(self) -> bool:
        from ..choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES
