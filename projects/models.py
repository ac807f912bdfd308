from decimal import Decimal
from functools import cache

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from core.prepared import execute_prepared
from core.scoping import ScopedQuerySet, enterprise_or_region
from core.search import Bigrams, Joined, Weighted, bigram_match, bigram_rank, search_words
from regions.choices import RegionLevel
from regions.models import Region

from .choices import ManagementMode, OwnersCommittee, ProjectType


@cache
def _intake_query(column: str) -> tuple[list[str], str]:
    """The columns ``for_intake`` reads (in ``from_db``'s order) and its SQL, built once."""
    wanted = {"id", "code", "name", "region_id", "enterprise_id"}
    fields = [f.attname for f in Project._meta.concrete_fields if f.attname in wanted]
    sql = (
        f"SELECT {', '.join('p.' + f for f in fields)}, r.path "
        f"FROM {Project._meta.db_table} p JOIN {Region._meta.db_table} r ON r.id = p.region_id "
        f"WHERE p.{column} = %s"
    )
    return fields, sql


class ProjectQuerySet(ScopedQuerySet):
    def scope_for(self, user):
        return enterprise_or_region(user, "enterprise_id", "region__path")

    def within(self, region: Region):
        return self.filter(region__path__startswith=region.path)

    def for_intake(self, *, pk: int | None = None, code: str | None = None) -> "Project | None":
        """The project a complaint is filed against, named by id or code, with its region's path
        loaded: what intake records of it. One indexed query written out (no ORM compilation),
        and prepared, as every complaint from every channel runs it."""
        column, value = ("id", pk) if pk is not None else ("code", code)
        fields, sql = _intake_query(column)
        connection = connections[self.db]
        with connection.cursor() as cursor:
            execute_prepared(connection, cursor, sql, [value])
            row = cursor.fetchone()
        if row is None:
            return None
        project = Project.from_db(self.db, fields, row[:-1])
        project.region = Region.from_db(self.db, ["id", "path"], [project.region_id, row[-1]])
        return project

    def search_names(self, text: str):
        """Ids of the projects whose name holds every word of ``text`` (the bigram index)."""
        match = bigram_match("search", text, weights=NAME_WEIGHT)
        return (self.filter(match) if match is not None else self.none()).order_by().values_list("pk", flat=True)

    def search(self, text: str):
        """Every word of ``text`` (at most five) is in the name or the address (the bigram
        index), is the code, or names the street or community the project lies in: “中海 一期”,
        “建设路” and “大观园街道 花园” all find what people mean."""
        words = search_words(text)
        if not words:
            return self.none()
        qs = self
        for word in words:
            qs = qs.filter(_term_matches(word))
        return qs

    def by_relevance(self, text: str):
        """Best matches first: words in the name before words in the address or region, then by name."""
        return self.annotate(relevance=bigram_rank("search", text)).order_by("-relevance", "name")


# The name's part of Project.search (the address is weight B).
NAME_WEIGHT = "A"


def _term_matches(term: str) -> Q:
    condition = Q(bigram_match("search", term)) | Q(code__iexact=term)
    # Regions are few: look them up first and add their subtrees as plain ids, so the project
    # query stays a BitmapOr over its own indexes.
    paths = list(Region.objects.filter(name__icontains=term).values_list("path", flat=True)[:20])
    if paths:
        within = Q()
        for path in paths:
            within |= Q(path__startswith=path)
        condition |= Q(region_id__in=list(Region.objects.filter(within).values_list("pk", flat=True)[:5000]))
    return condition


class ProjectManager(models.Manager.from_queryset(ProjectQuerySet)):
    def get_queryset(self):
        # The search vector serves WHERE clauses and ranking only; reading it back would only cost.
        return super().get_queryset().defer("search")


class Project(models.Model):
    """A managed property (小区, 楼院, 写字楼 …): what it is, who manages it and what it
    discloses to the residents (三公开)."""

    code = models.CharField(
        _("项目编号"),
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", _("项目编号只能包含字母、数字和连字符。"))],
    )
    name = models.CharField(_("项目名称"), max_length=120)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属社区"),
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"level__gte": RegionLevel.STREET},
    )
    address = models.CharField(_("地址"), max_length=200)
    # Character bigrams of the name (weight A) and the address (B), see core/search.py.
    search = models.GeneratedField(
        expression=Joined(Weighted(Bigrams("name"), NAME_WEIGHT), Weighted(Bigrams("address"), "B")),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("检索词"),
    )
    project_type = models.CharField(
        _("项目类型"), max_length=20, choices=ProjectType.choices, default=ProjectType.RESIDENTIAL
    )
    households = models.PositiveIntegerField(_("户数"), default=0)
    buildings = models.PositiveIntegerField(_("楼栋数"), default=0)
    floor_area = models.DecimalField(
        _("建筑面积（m²）"), max_digits=12, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    management_mode = models.CharField(
        _("管理模式"), max_length=20, choices=ManagementMode.choices, default=ManagementMode.PROFESSIONAL, db_index=True
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("物业服务企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    contract_start = models.DateField(_("合同开始"), null=True, blank=True)
    contract_end = models.DateField(_("合同结束"), null=True, blank=True)
    fee_standard = models.DecimalField(
        _("物业费标准（元/m²/月）"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    owners_committee = models.CharField(
        _("业主委员会"), max_length=12, choices=OwnersCommittee.choices, default=OwnersCommittee.NONE
    )
    party_branch = models.BooleanField(_("建立党支部（红色物业）"), default=False)
    service_content = models.TextField(_("服务内容与标准"), blank=True)
    fee_disclosure = models.TextField(_("收费项目与标准"), blank=True)
    complaint_channels = models.TextField(_("投诉渠道"), blank=True)
    public_revenue = models.TextField(_("公共收益"), blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProjectManager()

    class Meta:
        verbose_name = _("物业项目")
        verbose_name_plural = _("物业项目")
        ordering = ["code"]
        indexes = [
            # With project_code_upper, search() is one BitmapOr over the project's own indexes.
            GinIndex(fields=["search"], name="project_search_bigrams"),
            models.Index(Upper("code"), name="project_code_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                name="project_contract_dates_ordered",
                condition=Q(contract_start__isnull=True)
                | Q(contract_end__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
            ),
            models.CheckConstraint(
                name="project_professional_has_enterprise",
                condition=~Q(management_mode=ManagementMode.PROFESSIONAL) | Q(enterprise__isnull=False),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.management_mode == ManagementMode.PROFESSIONAL and not self.enterprise_id:
            errors["enterprise"] = _("规范化物业管理的项目必须填写物业服务企业。")
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            errors["contract_end"] = _("合同结束日期不能早于开始日期。")
        if self.region_id and self.region.level < RegionLevel.STREET:
            errors["region"] = _("项目必须归属到街道或社区。")
        if errors:
            raise ValidationError(errors)
