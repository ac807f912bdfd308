from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet, region_scope

from .choices import (
    ACCOUNT_MANAGER_ROLES,
    BUREAU_ROLES,
    OFFICER_ROLES,
    REGION_ROLES,
    ROLE_REGION_LEVEL,
    DepartmentKind,
    Role,
)


class DepartmentQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # The departments are the bureau's partners: any staff member may route to them.
        return models.Q() if user.is_staff_side else None


class Department(models.Model):
    """Another government department (公安, 城管, 消防 …) that receives complaints outside the
    housing bureau's remit. Its liaisons see what lies inside the department's region."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=32, choices=DepartmentKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("辖区"), on_delete=models.PROTECT)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("相关部门")
        verbose_name_plural = _("相关部门")
        ordering = ["region__code", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "kind", "name"], name="department_unique_name")]

    def __str__(self):
        return self.name


class UserQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        # Accounts are seen by those who manage them (accounts.staff): account managers, within
        # their jurisdiction; a department liaison's region is the department's.
        return region_scope(user, "region__path") if user.holds_account_management else None


class PortalUserManager(UserManager):
    def get_queryset(self):
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account. The role says what the user does; the home region (officers and
    department liaisons), enterprise (enterprise users) or nothing (administrators) says where."""

    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.COMMUNITY_OFFICER)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    can_manage_accounts = models.BooleanField(
        _("账号管理员"),
        default=False,
        help_text=_("可以在本辖区内创建、修改、停用账号和重置密码（仅限市、区县主管部门；见 accounts.permissions）。"),
    )
    must_change_password = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("密码由他人设置（一次性密码）：下次登录后必须先修改密码。"),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_enterprise_role_has_enterprise",
                condition=~models.Q(role=Role.ENTERPRISE_USER) | models.Q(enterprise__isnull=False),
            ),
            # Account management is granted to bureau accounts only, never to an inspector,
            # a liaison or an enterprise user, whatever path the row took.
            models.CheckConstraint(
                name="user_account_manager_role",
                condition=models.Q(can_manage_accounts=False) | models.Q(role__in=sorted(ACCOUNT_MANAGER_ROLES)),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.ENTERPRISE_USER:
            if not self.enterprise_id:
                raise ValidationError({"enterprise": _("企业用户必须属于一家物业服务企业。")})
            self.region = None
            self.department = None
        elif self.role == Role.DEPARTMENT_LIAISON:
            if not self.department_id:
                raise ValidationError({"department": _("部门联络员必须属于一个部门。")})
            self.region = self.department.region
            self.enterprise = None
        elif self.role in OFFICER_ROLES:
            if not self.region_id:
                raise ValidationError({"region": _("该角色必须指定所属区域。")})
            if self.region.level != ROLE_REGION_LEVEL[self.role]:
                raise ValidationError({"region": _("所属区域的层级与角色不符。")})
            self.enterprise = None
            self.department = None
        elif self.role == Role.INSPECTOR:
            if not self.region_id:
                raise ValidationError({"region": _("检查员必须指定所属区域。")})
            self.enterprise = None
            self.department = None
        if self.can_manage_accounts and self.role not in ACCOUNT_MANAGER_ROLES:
            raise ValidationError({"can_manage_accounts": _("只有市、区县主管部门的账号可以授予账号管理权限。")})

    # --- what the role allows; scoping itself lives in core.scoping ----------------------
    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_region_scoped(self) -> bool:
        return self.role in REGION_ROLES

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES or self.sees_everything

    @property
    def is_bureau_officer(self) -> bool:
        """City or district bureau officer (or administrator): approves, imports, publishes."""
        return self.role in BUREAU_ROLES or self.sees_everything

    @property
    def is_street_officer(self) -> bool:
        """A street (town) office's officer, or an administrator: they evaluate the street's projects."""
        return self.role == Role.STREET_OFFICER or self.sees_everything

    @property
    def holds_account_management(self) -> bool:
        """May manage accounts at all (账号管理员): an administrator, or a bureau account granted
        it explicitly. Which accounts, see ``accounts.permissions.may``."""
        if not (self.is_authenticated and self.is_active):
            return False
        return self.sees_everything or (self.can_manage_accounts and self.role in ACCOUNT_MANAGER_ROLES)

    @property
    def is_inspector(self) -> bool:
        """An inspection account (检查员): inspects what draws assign it, decides nothing."""
        return self.role == Role.INSPECTOR and not self.sees_everything

    @property
    def is_enterprise_user(self) -> bool:
        return self.role == Role.ENTERPRISE_USER and not self.sees_everything

    @property
    def is_staff_side(self) -> bool:
        """Bureau staff of any level, department liaisons and administrators."""
        return self.role in REGION_ROLES or self.sees_everything

    @cached_property
    def region_path(self) -> str | None:
        """Materialised path of the home region, or None when the user has none."""
        return self.region.path if self.region_id else None

    @property
    def affiliation(self) -> str:
        if self.role == Role.ENTERPRISE_USER and self.enterprise_id:
            return self.enterprise.name
        if self.role == Role.DEPARTMENT_LIAISON and self.department_id:
            return self.department.name
        if self.region_id:
            return self.region.name
        return ""
