"""The unit roll of a project: buildings, units with their exclusive area, owners and who owns what.

The roll is what owners' votes count on (area and heads), what the committee's eligibility
reads (delivered area) and what the maintenance fund keeps a ledger per unit of. It is
imported from the property register's export and corrected by the street office with a reason
(``owners.roll``); every correction is audited.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from core.permissions import OFFICERS
from core.scoping import ScopedQuerySet, region_scope
from projects.models import Project

from ..choices import IdKind, OwnerKind
from ..identity import mask_id, mask_phone


def officer_region_scope(user, lookup: str) -> Q | None:
    """The roll holds personal data: bureau, street and community officers see the rows of
    their region; enterprises, department liaisons and inspectors see none."""
    if user.role not in OFFICERS:
        return None
    return region_scope(user, lookup)


class RollQuerySet(ScopedQuerySet):
    region_lookup = "project__region__path"

    def scope_for(self, user):
        return officer_region_scope(user, self.region_lookup)


class UnitQuerySet(RollQuerySet):
    def in_register_order(self):
        """Buildings, entrances and numbers as people count them: 2号楼 before 10号楼, 101 before
        1001 (shorter first, then alphabetically: the register's numbers are digits)."""
        return self.order_by(
            Length("building__name"), "building__name", Length("entrance"), "entrance", Length("number"), "number"
        )


class Building(models.Model):
    """A building (楼栋) of a project as the property register names it."""

    project = models.ForeignKey(
        Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="roll_buildings", db_index=False
    )
    name = models.CharField(_("楼栋"), max_length=40)

    objects = RollQuerySet.as_manager()

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="owners_building_name_unique"),
            # The target of the units' (building, project) key: a unit lies in its building's project.
            models.UniqueConstraint(fields=["id", "project"], name="owners_building_id_project"),
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """A unit with exclusive parts (专有部分): one flat, shop or office of the register, with
    the area that votes and fund shares are counted on."""

    # Indexed by owners_unit_project and owners_unit_number_unique, which lead with them.
    project = models.ForeignKey(
        Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="units", db_index=False
    )
    building = models.ForeignKey(
        Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="units", db_index=False
    )
    entrance = models.CharField(_("单元"), max_length=20, blank=True)
    number = models.CharField(_("房号"), max_length=20)
    area = models.DecimalField(
        _("专有部分面积（m²）"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("99999.99"))],
    )
    delivered = models.BooleanField(_("已交付"), default=False)
    delivered_on = models.DateField(_("交付日期"), null=True, blank=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("房屋")
        verbose_name_plural = _("房屋")
        ordering = ["project", "building__name", "entrance", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "entrance", "number"], name="owners_unit_number_unique"),
            models.CheckConstraint(name="owners_unit_area_positive", condition=Q(area__gt=0)),
            models.CheckConstraint(
                name="owners_unit_delivered_on_if_delivered", condition=Q(delivered=True) | Q(delivered_on__isnull=True)
            ),
        ]
        indexes = [models.Index(fields=["project", "delivered"], name="owners_unit_project")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """楼栋-单元-房号 as people write it: “3号楼2单元1202”."""
        return f"{self.building.name}{self.entrance}{self.number}"


class Owner(models.Model):
    """An owner on a project's roll: a person or an organisation (the developer for its unsold
    units). Known by a keyed hash of the ID number (``owners.identity``), never the number."""

    project = models.ForeignKey(
        Project, verbose_name=_("物业项目"), on_delete=models.PROTECT, related_name="owners", db_index=False
    )
    kind = models.CharField(_("类别"), max_length=12, choices=OwnerKind.choices, default=OwnerKind.PERSON)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_kind = models.CharField(_("证件类型"), max_length=10, choices=IdKind.choices, default=IdKind.RESIDENT)
    id_hash = models.CharField(_("证件号码摘要"), max_length=64, editable=False)
    id_tail_hash = models.CharField(_("证件号码后六位摘要"), max_length=64, editable=False)
    id_last4 = models.CharField(_("证件号码后四位"), max_length=4, editable=False)
    phone = models.CharField(_("手机号码"), max_length=11, blank=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RollQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主")
        verbose_name_plural = _("业主")
        ordering = ["project", "name", "pk"]
        constraints = [
            # One person is one owner of a project, however many units they hold.
            models.UniqueConstraint(fields=["project", "id_hash"], name="owners_owner_identity_unique"),
            models.CheckConstraint(
                name="owners_owner_phone_digits", condition=Q(phone="") | Q(phone__regex=r"^1[3-9][0-9]{9}$")
            ),
        ]
        # Signing in: every owner with this phone and these last six characters, in any project.
        indexes = [models.Index(fields=["phone", "id_tail_hash"], name="owners_owner_sign_in")]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_last4)


class OwnershipQuerySet(RollQuerySet):
    region_lookup = "unit__project__region__path"


class Ownership(models.Model):
    """Who owns a unit and in what share. Co-owners designate one of them to vote (``voter``);
    the developer holds the units not yet sold (``developer``): they count as one owner."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("房屋"), on_delete=models.CASCADE, related_name="ownerships", db_index=False
    )
    owner = models.ForeignKey(Owner, verbose_name=_("业主"), on_delete=models.PROTECT, related_name="ownerships")
    share = models.DecimalField(
        _("份额（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    voter = models.BooleanField(_("表决人"), default=False, help_text=_("共有人中指定行使表决权的一人"))
    developer = models.BooleanField(_("建设单位未售"), default=False)
    since = models.DateField(_("登记日期"), null=True, blank=True)

    objects = OwnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("产权")
        verbose_name_plural = _("产权")
        ordering = ["unit", "-voter", "owner"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "owner"], name="owners_ownership_unique"),
            models.UniqueConstraint(fields=["unit"], condition=Q(voter=True), name="owners_ownership_one_voter"),
            models.CheckConstraint(name="owners_ownership_share_range", condition=Q(share__gt=0, share__lte=100)),
        ]

    def __str__(self):
        return f"{self.unit_id}:{self.owner_id}"
