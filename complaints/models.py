import hashlib
import re
import secrets
from contextlib import suppress

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import JSONField, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import DepartmentKind, Role
from core.models import Event
from core.photos import stored_name
from core.scoping import ScopedQuerySet, enterprise_or_region
from core.search import Bigrams

from .choices import (
    EVENT_TEXTS,
    AssigneeKind,
    AttachmentKind,
    Channel,
    EventType,
    Feedback,
    Outcome,
    Party,
    Stage,
    Status,
    Urgency,
)

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


class Category(models.Model):
    """A complaint category (configurable tree); ``department_kind`` routes it out of the
    bureau's remit (e.g. 治安 → 公安)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    department_kind = models.CharField(
        _("主管部门"),
        max_length=32,
        choices=DepartmentKind.choices,
        blank=True,
        help_text=_("留空表示属于住建部门职责"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("投诉类别")
        verbose_name_plural = _("投诉类别")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.parent.label} / {self.label}" if self.parent_id else self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: English when the page is English and one is set."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class ComplaintQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.role == Role.DEPARTMENT_LIAISON:
            return Q(assignee_department_id=user.department_id) if user.department_id else None
        return enterprise_or_region(user, "assignee_enterprise_id", "region_path")

    def open(self):
        from .choices import OPEN_STATUSES

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
        "projects.Region",
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
        "projects.Region",
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
        "projects.Region",
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
        _("职责单位"), max_length=100, blank=True, default="", db_default="",
        help_text=_("不属于住建部门职责时，问题应找的单位"),
    )  # fmt: skip
    remit_contact = models.CharField(_("职责单位联系方式"), max_length=200, blank=True, default="", db_default="")
    publish_consent = models.BooleanField(
        _("同意公开问题描述"), default=False, db_default=False,
        help_text=_("居民在投诉时同意在公开数据中展示问题描述（不含姓名和电话）"),
    )  # fmt: skip
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
        from .choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES


class ComplaintEventQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        condition = Complaint.objects.scope_for(user)
        return Q(complaint__in=Complaint.objects.filter(condition)) if condition is not None else None


class ComplaintEvent(Event):
    """One step of a complaint's life: who, when, from which status to which, and why."""

    Kind = EventType

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # event_complaint_created leads with it
    )
    type = models.CharField(_("事件"), max_length=16, choices=EventType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # event_actor: partial, staff actions only
    )
    actor_label = models.CharField(_("操作方"), max_length=100, blank=True, help_text=_("居民、系统或外部渠道"))
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices, blank=True)
    note = models.TextField(_("内部备注"), blank=True)
    public_note = models.TextField(_("对居民说明"), blank=True)
    params = models.JSONField(
        _("参数"), default=dict, db_default=Value({}, JSONField()), blank=True,
        help_text=_("事件说明的参数（代码和名称）"),
    )  # fmt: skip

    objects = ComplaintEventQuerySet.as_manager()
    texts = EVENT_TEXTS

    class Meta(Event.Meta):
        verbose_name = _("工单事件")
        verbose_name_plural = _("工单事件")
        indexes = [
            models.Index(fields=["complaint", "created"], name="event_complaint_created"),
            models.Index(fields=["actor"], name="event_actor", condition=Q(actor__isnull=False)),
            # Partial: the statistics roll-up asks "did this complaint ever go overdue?" per complaint.
            models.Index(fields=["complaint"], name="event_overdue", condition=Q(type="overdue")),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.get_type_display()}"

    # Parameters stored as codes, shown as their labels in the reader's language.
    CODED_PARAMS = {"rating": Feedback, "stage": Stage, "outcome": Outcome, "channel": Channel}

    def text_params(self) -> dict:
        shown = {}
        for key, value in (self.params or {}).items():
            if key in self.CODED_PARAMS:
                with suppress(ValueError):  # an unknown (older) code reads as itself
                    value = self.CODED_PARAMS[key](value).label
            elif key == "substantiated":
                value = _("属实") if value else _("不属实")
            shown[key] = value
        return shown

    @property
    def actor_display(self) -> str:
        """Who acted: the staff member's name, else the stored label (the fixed ones — 系统,
        居民 … — are stored untranslated and read in the reader's language), else the channel."""
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.username
        if self.actor_label:
            return gettext(self.actor_label)
        channel = (self.params or {}).get("channel")
        return str(Channel(channel).label) if channel in Channel.values else ""


class StageRecord(models.Model):
    """One stage of a complaint's handling (accept, sign, answer) against the deadline recorded
    when it began: the policy's working hours for the complaint's urgency, counted on the
    working-day calendar in force then. Later changes to the policy or calendar never move it.

    A stage ends when its party completes it (``completed``) or when it is superseded (the work
    order re-assigned before it was signed). Whether it was on time is read from these facts
    only, in :mod:`complaints.measures`; the overdue flag on the complaint is a reminder."""

    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="stage_records",
        db_index=False,  # stage_record_complaint leads with it
    )
    stage = models.CharField(_("环节"), max_length=8, choices=Stage.choices)
    party = models.CharField(_("责任方"), max_length=12, choices=Party.choices)
    # The enterprise answerable for the stage (an enterprise's own stages only).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("责任企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # stage_record_enterprise: partial, enterprise stages only
    )
    started_at = models.DateTimeField(_("开始时间"))
    working_hours = models.DecimalField(
        _("时限（工作小时）"), max_digits=6, decimal_places=1, null=True, blank=True,
        help_text=_("开始时有效的办理时限；为空表示该环节未设时限"),
    )  # fmt: skip
    due_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    completed = models.BooleanField(
        _("由责任方完成"), default=False, help_text=_("否：被改派等原因中止，不是责任方完成")
    )

    class Meta:
        verbose_name = _("办理环节时限")
        verbose_name_plural = _("办理环节时限")
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(fields=["complaint", "started_at"], name="stage_record_complaint"),
            models.Index(fields=["enterprise"], name="stage_record_enterprise", condition=Q(enterprise__isnull=False)),
        ]
        constraints = [
            # At most one stage of a complaint runs at a time.
            models.UniqueConstraint(
                fields=["complaint"], condition=Q(ended_at__isnull=True), name="stage_record_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="stage_record_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed=False) | Q(ended_at__isnull=False), name="stage_record_completed_has_end"
            ),
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(due_at__gte=models.F("started_at")),
                name="stage_record_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(party=Party.ENTERPRISE, enterprise__isnull=False)
                | (~Q(party=Party.ENTERPRISE) & Q(enterprise__isnull=True)),
                name="stage_record_enterprise_party",
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.get_stage_display()}"


def attachment_path(instance, filename):
    return stored_name("complaints", instance.content_type)


class Attachment(models.Model):
    """A photo, content-checked and re-encoded without metadata; served only to those who may
    see its complaint."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=AttachmentKind.choices, default=AttachmentKind.COMPLAINT)
    file = models.FileField(_("文件"), upload_to=attachment_path)
    content_type = models.CharField(_("格式"), max_length=32)
    size = models.PositiveIntegerField(_("大小"))
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["created", "id"]

    def __str__(self):
        return self.file.name

    @classmethod
    def store(cls, complaint, images, kind: str) -> list:
        """Save photos already checked by ``core.photos.clean_images`` as ``kind`` attachments."""
        saved = []
        for img in images:
            attachment = cls(
                complaint=complaint, kind=kind, content_type=img.content_type, size=img.size, width=img.width,
                height=img.height,
            )  # fmt: skip
            attachment.file.save("photo", img, save=False)
            attachment.save()
            saved.append(attachment)
        return saved


class SlaPolicy(models.Model):
    """How many working hours a stage may take at an urgency (8 working hours = 1 working day)."""

    stage = models.CharField(_("环节"), max_length=8, choices=Stage.choices)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices)
    working_hours = models.DecimalField(_("时限（工作小时）"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["stage", "urgency"]
        constraints = [models.UniqueConstraint(fields=["stage", "urgency"], name="sla_policy_unique")]

    def __str__(self):
        return f"{self.get_stage_display()} {self.get_urgency_display()} {self.working_hours}h"


class ApiClient(models.Model):
    """An external system (12345 hotline, Open311 client) allowed to push complaints."""

    name = models.CharField(_("名称"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices, default=Channel.API)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    hmac_secret = models.CharField(_("签名密钥"), max_length=64, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接入系统")
        verbose_name_plural = _("接入系统")

    def __str__(self):
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, name: str, channel: str) -> tuple["ApiClient", str]:
        """Create a client; return it and its API key (shown once, stored only as a hash)."""
        key = secrets.token_urlsafe(32)
        client = cls.objects.create(
            name=name, channel=channel, key_hash=cls.hash_key(key), hmac_secret=secrets.token_hex(32)
        )
        return client, key
