from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from core.files import StoredDocument
from core.scoping import ScopedQuerySet, own_enterprise, region_scope

from .choices import ChangeRequestStatus, EnterpriseStatus, PartyOrganisation


def validate_uscc(value: str) -> None:
    """统一社会信用代码: 18 characters, allowed alphabet, GB 32100-2015 check digit."""
    try:
        uscc.validate(value)
    except InvalidLength:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，当前为 %(n)d 位。"),
            code="uscc_length",
            params={"n": len(uscc.compact(value))},
        ) from None
    except InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位错误，请核对后重新输入。"), code="uscc_checksum") from None
    except StdnumError:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符（前 8 位须为数字，不使用 I、O、Z、S、V）。"), code="uscc_format"
        ) from None


class EnterpriseQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return own_enterprise(user, "pk")
        registered_here = region_scope(user, "region__path")
        if registered_here is None:
            return None
        # An enterprise registered elsewhere is still supervised where it manages projects
        # (read through the projects' key to the enterprise: projects sit above enterprises).
        manages_here = self.model.objects.filter(projects__region__path__startswith=user.region_path)
        return registered_here | Q(pk__in=manages_here.values("pk"))

    def public(self):
        """The public directory: enterprises that have not been deregistered."""
        return self.exclude(status=EnterpriseStatus.DEREGISTERED)


class Certification(models.Model):
    """A management-system certification an enterprise may hold (标准体系认证)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("体系认证")
        verbose_name_plural = _("体系认证")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """A property-service enterprise (物业服务企业) registered with the bureau."""

    name = models.CharField(_("企业名称"), max_length=150)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        error_messages={"unique": _("该统一社会信用代码已登记。")},
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("注册地区域"), on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("注册地址"), max_length=200)
    phone = models.CharField(
        _("联系电话"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9+\- ]{7,20}$", _("请输入有效的电话号码。"))],
    )
    founded = models.DateField(_("成立日期"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("从业人员数"), default=0)
    certifications = models.ManyToManyField(Certification, verbose_name=_("体系认证"), blank=True)
    party_organisation = models.CharField(
        _("党组织建设"), max_length=16, choices=PartyOrganisation.choices, default=PartyOrganisation.NONE
    )
    service_brand = models.CharField(_("服务品牌"), max_length=100, blank=True)
    status = models.CharField(
        _("经营状态"), max_length=16, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE, db_index=True
    )
    # Set by the ratings (black list) or by an officer; random draws can target these.
    key_supervision = models.BooleanField(_("重点监管"), default=False, db_index=True)
    # Set and cleared by the published black lists (ratings); an officer's own setting is kept.
    key_supervision_by_list = models.BooleanField(_("因黑榜重点监管"), default=False)
    key_supervision_reason = models.CharField(_("重点监管原因"), max_length=200, blank=True)
    created = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("物业服务企业")
        verbose_name_plural = _("物业服务企业")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.uscc = uscc.compact(self.uscc or "")
        super().save(*args, **kwargs)


class ProfileChangeRequestQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        if user.is_enterprise_user:
            return own_enterprise(user, "enterprise_id")
        if user.is_region_scoped:
            return Q(enterprise__in=Enterprise.objects.visible_to(user))
        return None


class ProfileChangeRequest(models.Model):
    """An enterprise's request to change its own registered profile. A bureau officer approves
    or rejects it; approved requests keep the values before and after, so the list of requests
    is the history of the profile."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    reason = models.TextField(_("变更理由"), blank=True)
    changes = models.JSONField(_("变更内容"), help_text=_("字段名 → 新值"))
    previous = models.JSONField(_("变更前"), default=dict, help_text=_("字段名 → 批准时的原值"))
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
        db_index=True,
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
    review_note = models.TextField(_("审核意见"), blank=True)

    objects = ProfileChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业信息变更申请")
        verbose_name_plural = _("企业信息变更申请")
        ordering = ["-requested_at"]
        constraints = [
            # One open request per enterprise: a second would race the first on approval.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=ChangeRequestStatus.PENDING),
                name="one_pending_change_request_per_enterprise",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.requested_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("enterprises:change_request_detail", args=[self.pk])


class ChangeAttachmentQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        """Whoever may see the change request."""
        return Q(change__in=ProfileChangeRequest.objects.visible_to(user))


class ChangeRequestAttachment(StoredDocument):
    """Evidence an enterprise files with its change request (a new licence, a board decision):
    a photo or PDF checked by ``core.attachments``, served only to those who may see the request."""

    folder = "changes"

    change = models.ForeignKey(ProfileChangeRequest, on_delete=models.CASCADE, related_name="attachments")

    objects = ChangeAttachmentQuerySet.as_manager()

    class Meta(StoredDocument.Meta):
        verbose_name = _("变更申请附件")
        verbose_name_plural = _("变更申请附件")
