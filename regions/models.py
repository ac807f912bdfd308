"""The administrative region tree (city → district/county → street/town → community): the
bottom of the domain layers; every jurisdiction in the portal is a subtree of it."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet, region_scope

from .choices import RegionLevel

region_code_validator = RegexValidator(r"^\d{6,12}$", _("行政区划代码应为 6 到 12 位数字。"))


class RegionQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return region_scope(user, "path")

    def subtree(self, region: "Region"):
        """The region and everything below it, in one indexed prefix query."""
        return self.filter(path__startswith=region.path)

    def on_path(self, path: str):
        """The regions a materialised ``path`` runs through: the region itself and its ancestors."""
        return self.filter(code__in=codes_on_path(path))


def codes_on_path(path: str) -> list[str]:
    """The administrative codes of a materialised path, from the top down (``"3701/370102/"`` →
    ``["3701", "370102"]``); the last one is the region itself."""
    return [code for code in (path or "").split("/") if code]


class Region(models.Model):
    """A node of the administrative tree (city, district/county, street/town, community).

    ``path`` is the materialised path of administrative codes (``370100/370102/…/``), kept by
    :meth:`save`; subtree queries are one indexed ``LIKE 'prefix%'``.
    """

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("行政区划代码"), max_length=12, unique=True, validators=[region_code_validator])
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=160, unique=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        new_path = self.build_path(self.parent.path if self.parent_id else None, self.code)
        old_path = self.path
        with transaction.atomic():
            self.path = new_path
            super().save(*args, **kwargs)
            if old_path and old_path != new_path:
                # Moved or re-coded: rewrite the prefix of every descendant in one statement.
                Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
                )

    def clean(self):
        super().clean()
        if self.parent is None and self.level != RegionLevel.CITY:
            raise ValidationError({"parent": _("只有市级区域可以没有上级区域。")})
        if self.parent is not None:
            if self.parent.level != self.level - 1:
                raise ValidationError({"parent": _("上级区域必须恰好高一个层级。")})
            if self.pk and self.parent.path.startswith(self.path):
                raise ValidationError({"parent": _("不能把区域移到它自己的下级区域之下。")})

    @staticmethod
    def build_path(parent_path: str | None, code: str) -> str:
        return f"{parent_path or ''}{code}/"

    def ancestors(self):
        """Ancestors from the top down (one query)."""
        return Region.objects.filter(code__in=codes_on_path(self.path)[:-1]).order_by("level")

    @property
    def place(self) -> str:
        """District, street and community down to this region (``历下区 大观园街道 花园社区``): what
        tells alike compound names apart. Reads ``parent`` up to the district: select_related it."""
        names, region = [], self
        while region is not None:
            names.append(region.name)
            if region.level <= RegionLevel.DISTRICT:
                break
            region = region.parent
        return " ".join(reversed(names))

    @property
    def parent_code(self) -> str | None:
        """The parent's administrative code, read from the path (no query); None at the top."""
        codes = codes_on_path(self.path)
        return codes[-2] if len(codes) > 1 else None

    @property
    def depth(self) -> int:
        """How far down the tree the path says the region is (1 = city), without a query."""
        return len(codes_on_path(self.path))
