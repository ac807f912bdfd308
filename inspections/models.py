from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import SUPERVISION_READERS
from core.attachments import attachment_name
from core.models import Event
from core.photos import stored_name
from core.scoping import ScopedQuerySet, own_enterprise
from projects.choices import ProjectType
from projects.models import codes_on_path

from .choices import (
    DrawStatus,
    InspectionStatus,
    OrderEventType,
    OrderSource,
    OrderStatus,
    ReportStatus,
    StandardStatus,
    WorkEventType,
)


class StandardQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # The standards are the bureau's published rules: staff and enterprises read them all.
        return Q() if user.is_staff_side or user.is_enterprise_user else None


class InspectionStandard(models.Model):
    """A versioned checklist (检查标准): categories of items with points, for the project types
    each item applies to. A published version is frozen; changes go into a new version."""

    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=10, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", verbose_name=_("基于版本"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查标准")
        verbose_name_plural = _("检查标准")
        ordering = ["name", "-version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="standard_name_version_unique")]

    def __str__(self):
        return f"{self.name}（第 {self.version} 版）"

    @property
    def is_frozen(self) -> bool:
        return self.status != StandardStatus.DRAFT


class StandardTotal(models.Model):
    """The total points the standard gives a project type; the items must add up to it."""

    standard = models.ForeignKey(InspectionStandard, on_delete=models.CASCADE, related_name="totals")
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    points = models.DecimalField(_("总分"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("标准总分")
        verbose_name_plural = _("标准总分")
        constraints = [models.UniqueConstraint(fields=["standard", "project_type"], name="standard_total_unique")]

    def __str__(self):
        return f"{self.get_project_type_display()} {self.points}"


class StandardCategory(models.Model):
    standard = models.ForeignKey(InspectionStandard, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("类别"), max_length=50)

    class Meta:
        verbose_name = _("标准类别")
        verbose_name_plural = _("标准类别")
        ordering = ["standard", "order"]
        constraints = [models.UniqueConstraint(fields=["standard", "order"], name="standard_category_order_unique")]

    def __str__(self):
        return self.name


class StandardItem(models.Model):
    category = models.ForeignKey(StandardCategory, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("编号"), max_length=16)
    title = models.CharField(_("检查内容"), max_length=300)
    method = models.CharField(_("检查方法"), max_length=200, blank=True)
    points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    project_types = ArrayField(
        models.CharField(max_length=20, choices=ProjectType.choices), verbose_name=_("适用项目类型")
    )

    class Meta:
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        ordering = ["category__order", "code"]

    def __str__(self):
        return f"{self.code} {self.title}"


class DrawQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Draws inside the user's region, and those of the regions above it that cover it."""
        if not (user.role in SUPERVISION_READERS and user.region_path):
            return None
        return Q(region__path__startswith=user.region_path) | Q(region__code__in=codes_on_path(user.region_path))

    def published(self):
        return self.filter(status=DrawStatus.PUBLISHED)


class Draw(models.Model):
    """A random draw (双随机一公开): which projects are inspected and by whom, re-computable by
    anyone from the published seed and the frozen candidate pool (see ``inspections.draws``)."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey("projects.Region", verbose_name=_("范围"), on_delete=models.PROTECT)
    pool_filters = models.JSONField(_("抽取范围条件"), default=dict, blank=True)
    project_count = models.PositiveIntegerField(_("抽取项目数"), validators=[MinValueValidator(1)])
    inspectors_per_project = models.PositiveSmallIntegerField(
        _("每个项目检查人员数"), default=2, validators=[MinValueValidator(2)]
    )
    inspector_pool = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员库"), related_name="+")
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    # What the draw was computed from, frozen at draw time: [{"id", "region", "enterprise"}, …]
    frozen_pool = models.JSONField(_("冻结的候选项目"), default=list, blank=True)
    frozen_inspectors = models.JSONField(_("冻结的检查人员"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = _("双随机抽取")
        verbose_name_plural = _("双随机抽取")
        ordering = ["-created"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk and Draw.objects.filter(pk=self.pk, status=DrawStatus.PUBLISHED).exists():
            raise ValidationError(_("已公布的抽取结果不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == DrawStatus.PUBLISHED:
            raise ValidationError(_("已公布的抽取结果不能删除。"))
        return super().delete(*args, **kwargs)


class DrawResult(models.Model):
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="results")
    rank = models.PositiveIntegerField(_("序号"))
    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    inspectors = ArrayField(models.BigIntegerField(), verbose_name=_("检查人员"))

    class Meta:
        verbose_name = _("抽取结果")
        verbose_name_plural = _("抽取结果")
        ordering = ["draw", "rank"]
        constraints = [models.UniqueConstraint(fields=["draw", "project"], name="draw_result_project_unique")]

    def __str__(self):
        return f"{self.draw_id}#{self.rank} {self.project_id}"


class ProjectWorkQuerySet(ScopedQuerySet):
    """Work about a project: its enterprise sees its own; officers what lies in their region."""

    def scope_for(self, user):
        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        if user.role in SUPERVISION_READERS and user.region_path:
            return Q(project__region__path__startswith=user.region_path)
        return None


class SummonsQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        if user.role in SUPERVISION_READERS and user.region_path:
            from enterprises.models import Enterprise

            return Q(region__path__startswith=user.region_path) | Q(enterprise__in=Enterprise.objects.visible_to(user))
        return None


class InspectionQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return Q(enterprise_id=user.enterprise_id, status=InspectionStatus.COUNTERSIGNED)
        if user.role in SUPERVISION_READERS and user.region_path:
            # An inspector sent from elsewhere by a draw sees the inspections they are on.
            mine = Inspection.inspectors.through.objects.filter(user_id=user.pk).values("inspection_id")
            return Q(project__region__path__startswith=user.region_path) | Q(pk__in=mine)
        return None


class Inspection(models.Model):
    """One inspection of a project by at least two inspectors. The score is computed from the
    applicable items and the deductions, never typed."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("物业企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standard = models.ForeignKey(InspectionStandard, verbose_name=_("检查标准"), on_delete=models.PROTECT)
    draw_result = models.OneToOneField(
        DrawResult,
        verbose_name=_("抽取结果"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection",
    )
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), related_name="+")
    status = models.CharField(
        _("状态"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.ASSIGNED
    )
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    total_points = models.DecimalField(_("应得分"), max_digits=7, decimal_places=1, default=0)
    deducted = models.DecimalField(_("扣分"), max_digits=7, decimal_places=1, default=0)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=1, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会签人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    countersigned_at = models.DateTimeField(_("会签时间"), null=True, blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查")
        verbose_name_plural = _("检查")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.project} {self.created:%Y-%m-%d}"


class Deduction(models.Model):
    """Points taken off one item, with the reason; photos may back it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="deductions")
    item = models.ForeignKey(StandardItem, verbose_name=_("检查项"), on_delete=models.PROTECT)
    points = models.DecimalField(
        _("扣分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    reason = models.TextField(_("扣分理由"))
    needs_rectification = models.BooleanField(_("需整改"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("扣分项")
        verbose_name_plural = _("扣分项")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="deduction_one_per_item")]

    def __str__(self):
        return f"{self.item.code} -{self.points}"


def evidence_path(instance, filename):
    return stored_name("inspections", instance.content_type)


class PhotoQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Whoever may see the photo's inspection or rectification order."""
        return Q(deduction__inspection__in=Inspection.objects.visible_to(user)) | Q(
            order__in=RectificationOrder.objects.visible_to(user)
        )


class Photo(models.Model):
    """A content-checked, re-encoded photo backing a deduction or a rectification answer."""

    deduction = models.ForeignKey(Deduction, null=True, blank=True, on_delete=models.CASCADE, related_name="photos")
    order = models.ForeignKey(
        "RectificationOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path)
    content_type = models.CharField(_("格式"), max_length=32)
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")

    def __str__(self):
        return self.file.name

    @classmethod
    def store(cls, images, **owner) -> None:
        """Save images already checked by ``core.photos.clean_images`` for ``owner``
        (``deduction=…`` or ``order=…``)."""
        for img in images:
            photo = cls(content_type=img.content_type, **owner)
            photo.file.save("photo", img, save=False)
            photo.save()


class Summons(models.Model):
    """约谈: an enterprise's head called in, with the date, reason and outcome."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.CharField(_("被约谈人"), max_length=50)
    held_on = models.DateField(_("约谈日期"))
    reason = models.TextField(_("约谈事由"))
    outcome = models.TextField(_("约谈结果"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("约谈人"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "projects.Region", verbose_name=_("主管区域"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = SummonsQuerySet.as_manager()

    class Meta:
        verbose_name = _("约谈")
        verbose_name_plural = _("约谈")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.enterprise} {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:summons_detail", args=[self.pk])


def summons_attachment_path(instance, filename):
    return attachment_name("summons", instance.content_type)


class SummonsAttachmentQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Whoever may see the summons."""
        return Q(summons__in=Summons.objects.visible_to(user))


class SummonsAttachment(models.Model):
    """A photo or PDF filed with a summons (the notice, the minutes, a signed commitment),
    content-checked by ``core.attachments`` and served only to those who may see the summons."""

    summons = models.ForeignKey(Summons, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=summons_attachment_path)
    name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(_("格式"), max_length=32)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = SummonsAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("约谈附件")
        verbose_name_plural = _("约谈附件")
        ordering = ["created", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


OPEN_ORDER_STATUSES = [status for status in OrderStatus.values if status != OrderStatus.CLOSED]


class OrderQuerySet(ProjectWorkQuerySet):
    def open(self):
        """Orders not closed, named by status (the status index; closed ones are most of them)."""
        return self.filter(status__in=OPEN_ORDER_STATUSES)

    def due_within(self, delta, now=None):
        """Open orders whose deadline falls between now and ``now + delta``."""
        now = now or timezone.now()
        return self.open().filter(due_at__gte=now, due_at__lt=now + delta)


class RectificationOrder(models.Model):
    """An order to fix something (整改), from an inspection, a door-to-door visit, a complaint,
    a summons or elsewhere; closed (销号) only when an officer verifies the evidence."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("物业企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=16, choices=OrderSource.choices)
    deduction = models.OneToOneField(Deduction, null=True, blank=True, on_delete=models.PROTECT, related_name="order")
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summons = models.ForeignKey(Summons, null=True, blank=True, on_delete=models.PROTECT, related_name="orders")
    issue = models.TextField(_("问题"))
    working_days = models.PositiveSmallIntegerField(_("整改时限（工作日）"), validators=[MinValueValidator(1)])
    status = models.CharField(_("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ISSUED)
    issued_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("整改期限"))
    is_overdue = models.BooleanField(_("已逾期"), default=False)
    answer = models.TextField(_("整改情况"), blank=True)
    answered_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下发人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改单")
        verbose_name_plural = _("整改台账")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="order_status_due")]

    def __str__(self):
        return f"{self.project} {self.issue[:20]}"


class OrderEvent(Event):
    """One step of a rectification order's life."""

    Kind = OrderEventType

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("事件"), max_length=16, choices=OrderEventType.choices)

    class Meta(Event.Meta):
        verbose_name = _("整改事件")
        verbose_name_plural = _("整改事件")

    def __str__(self):
        return f"{self.order_id} {self.label}"


class SelfReport(models.Model):
    """季度自查自评: a managed project's self-assessment against the standard for a quarter."""

    project = models.ForeignKey("projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    standard = models.ForeignKey(InspectionStandard, verbose_name=_("检查标准"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    due_date = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    # Only the items scored below full marks are stored (检查项编号 → 自评得分); every other
    # applicable item was self-scored at its full points. 144 entries × 8 quarters × every
    # managed project would otherwise dominate the database.
    scores = models.JSONField(_("自评失分项"), default=dict, blank=True, help_text=_("低于满分的检查项编号 → 自评得分"))
    self_score = models.DecimalField(_("自评总分"), max_digits=7, decimal_places=1, null=True, blank=True)
    evidence = models.TextField(_("佐证说明"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    late = models.BooleanField(_("逾期提交"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    times_returned = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)

    objects = ProjectWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度自查自评")
        verbose_name_plural = _("季度自查自评")
        ordering = ["-year", "-quarter", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "quarter"], name="self_report_once_a_quarter")
        ]
        indexes = [models.Index(fields=["-year", "-quarter", "project"], name="self_report_listing")]

    def __str__(self):
        return f"{self.project} {self.year}Q{self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:report_detail", args=[self.pk])


class WorkEvent(Event):
    """Who changed what and when, for draws, inspections, self-reports and summons
    (rectification orders keep their own ``OrderEvent`` trail)."""

    Kind = WorkEventType

    kind = models.CharField(_("对象"), max_length=12)
    object_id = models.BigIntegerField(_("对象编号"))
    type = models.CharField(_("事件"), max_length=20, choices=WorkEventType.choices)

    class Meta(Event.Meta):
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        indexes = [models.Index(fields=["kind", "object_id"], name="work_event_object")]

    def __str__(self):
        return f"{self.kind}#{self.object_id} {self.label}"


def record(obj, type_: str, actor=None, note: str = "") -> WorkEvent:
    kind = {Draw: "draw", Inspection: "inspection", SelfReport: "report", Summons: "summons"}[type(obj)]
    return WorkEvent.objects.create(kind=kind, object_id=obj.pk, type=type_, actor=actor, note=note)


def events_of(obj):
    kind = {Draw: "draw", Inspection: "inspection", SelfReport: "report", Summons: "summons"}[type(obj)]
    return WorkEvent.objects.filter(kind=kind, object_id=obj.pk).select_related("actor")
