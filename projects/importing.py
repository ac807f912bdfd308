"""Spreadsheet columns, import and export of regions and projects.

Imports are all-or-nothing: every row is validated first (against the model's own rules and
the importing user's jurisdiction); if any row is bad, :class:`ImportRejected` lists them all
and nothing is written. Good files are upserted on their natural key in one statement.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import record
from core.choices import AuditAction, choice_label
from core.permissions import require
from core.text import join_messages
from core.xlsx import (
    Column,
    ImportRejected,
    RowError,
    RowFormMixin,
    bool_label,
    form_errors,
    parse_bool,
    parse_choice,
    read_rows,
)
from enterprises.models import Enterprise
from regions.choices import RegionLevel
from regions.models import Region

from .choices import ManagementMode, OwnersCommittee, ProjectType
from .models import Project

REGION_COLUMNS = [
    Column(gettext_lazy("行政区划代码"), "code", required=True),
    Column(gettext_lazy("名称"), "name", required=True),
    Column(gettext_lazy("层级"), "level", lambda r: choice_label(RegionLevel, r.level), required=True),
    Column(gettext_lazy("上级代码"), "parent_code", lambda r: r.parent.code if r.parent_id else None),
]

PROJECT_COLUMNS = [
    Column(gettext_lazy("项目编号"), "code", required=True),
    Column(gettext_lazy("项目名称"), "name", required=True),
    Column(gettext_lazy("所属区域代码"), "region_code", lambda p: p.region.code, required=True),
    Column(gettext_lazy("所属区域"), "region_name", lambda p: p.region.name),
    Column(gettext_lazy("地址"), "address", required=True),
    Column(gettext_lazy("项目类型"), "project_type", lambda p: choice_label(ProjectType, p.project_type)),
    Column(gettext_lazy("户数"), "households"),
    Column(gettext_lazy("楼栋数"), "buildings"),
    Column(gettext_lazy("建筑面积（m²）"), "floor_area"),
    Column(
        gettext_lazy("管理模式"),
        "management_mode",
        lambda p: choice_label(ManagementMode, p.management_mode),
        required=True,
    ),
    Column(
        gettext_lazy("物业企业统一社会信用代码"),
        "enterprise_uscc",
        lambda p: p.enterprise.uscc if p.enterprise_id else None,
    ),
    Column(gettext_lazy("物业服务企业"), "enterprise_name", lambda p: p.enterprise.name if p.enterprise_id else None),
    Column(gettext_lazy("合同开始"), "contract_start"),
    Column(gettext_lazy("合同结束"), "contract_end"),
    Column(gettext_lazy("物业费标准（元/m²/月）"), "fee_standard"),
    Column(gettext_lazy("业主委员会"), "owners_committee", lambda p: choice_label(OwnersCommittee, p.owners_committee)),
    Column(gettext_lazy("党支部"), "party_branch", lambda p: bool_label(p.party_branch)),
    Column(gettext_lazy("服务内容与标准"), "service_content"),
    Column(gettext_lazy("收费项目与标准"), "fee_disclosure"),
    Column(gettext_lazy("投诉渠道"), "complaint_channels"),
    Column(gettext_lazy("公共收益"), "public_revenue"),
]

LEVEL_ALIASES = {"区": 2, "县": 2, "区县": 2, "街道": 3, "乡镇": 3, "镇": 3, "乡": 3}


def _level(raw):
    if raw is None:
        return None
    if str(raw).strip() in LEVEL_ALIASES:
        return LEVEL_ALIASES[str(raw).strip()]
    return parse_choice(RegionLevel, raw)


class RegionRowForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("行政区划代码"), max_length=12, validators=Region.code.field.validators)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    level = forms.TypedChoiceField(label=gettext_lazy("层级"), choices=RegionLevel.choices, coerce=int)
    parent_code = forms.CharField(label=gettext_lazy("上级代码"), required=False)


def import_regions(upload, *, user, request=None) -> dict:
    """Create or rename regions from a workbook; returns ``{"created": n, "updated": m}``."""
    require(user, "projects.import_regions")
    rows = read_rows(upload, REGION_COLUMNS)
    codes = {str(r.get("code")) for _, r in rows} | {str(r.get("parent_code")) for _, r in rows if r.get("parent_code")}
    known = {r.code: r for r in Region.objects.select_related("parent").filter(code__in=codes)}
    visible = set(Region.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    errors, seen, planned = [], set(), {}  # planned: code → (path, level, parent code)
    parsed = [(number, raw, _level(raw.get("level"))) for number, raw in rows]
    parsed.sort(key=lambda item: item[2] if isinstance(item[2], int) else 0)  # parents first
    for number, raw, level in parsed:
        data = {k: (str(v) if v is not None else "") for k, v in {**raw, "level": level}.items()}
        form = RegionRowForm(data)
        if not form.is_valid():
            errors.append(RowError(number, form_errors(form)))
            continue
        code, level, parent_code = (form.cleaned_data[k] for k in ("code", "level", "parent_code"))
        parent_code = parent_code or None
        if code in seen:
            errors.append(RowError(number, _("行政区划代码 %(c)s 在文件中重复。") % {"c": code}))
            continue
        seen.add(code)
        existing = known.get(code)
        if existing is not None:
            if code not in visible:
                errors.append(RowError(number, _("区域 %(c)s 不在您的辖区内，无权修改。") % {"c": code}))
            elif existing.level != level or (existing.parent.code if existing.parent_id else None) != parent_code:
                errors.append(RowError(number, _("不支持通过导入调整已有区域的层级或上级区域。")))
            planned[code] = (existing.path, existing.level, parent_code)
            continue
        if level == RegionLevel.CITY:
            if parent_code:
                errors.append(RowError(number, _("市级区域不应填写上级代码。")))
            elif not user.sees_everything:
                errors.append(RowError(number, _("只有系统管理员可以新增市级区域。")))
            planned[code] = (Region.build_path(None, code), level, None)
            continue
        if not parent_code:
            errors.append(RowError(number, _("请填写上级代码。")))
            continue
        if parent_code in planned:
            parent_path, parent_level, _parent = planned[parent_code]
        elif parent_code in known:
            parent_path, parent_level = known[parent_code].path, known[parent_code].level
        else:
            errors.append(RowError(number, _("上级代码 %(c)s 不存在。") % {"c": parent_code}))
            continue
        if parent_level != level - 1:
            errors.append(RowError(number, _("上级区域的层级不对：应恰好高一级。")))
            continue
        if not user.sees_everything and not parent_path.startswith(user.region_path or "\0"):
            errors.append(RowError(number, _("上级区域 %(c)s 不在您的辖区内。") % {"c": parent_code}))
            continue
        planned[code] = (Region.build_path(parent_path, code), level, parent_code)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))

    created = updated = 0
    names = {str(r["code"]): str(r["name"]).strip() for _, r in rows}
    by_code = dict(known)
    with transaction.atomic():
        for code, (_path, level, parent_code) in sorted(planned.items(), key=lambda item: item[1][1]):
            if code in known:
                updated += Region.objects.filter(pk=known[code].pk).exclude(name=names[code]).update(name=names[code])
                continue
            parent = by_code[parent_code] if parent_code else None
            by_code[code] = Region.objects.create(code=code, name=names[code], level=level, parent=parent)
            created += 1
        record(AuditAction.IMPORT, request=request, actor=user, object_repr="regions", created=created, updated=updated)
    return {"created": created, "updated": updated}


class ProjectRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "address",
            "project_type",
            "households",
            "buildings",
            "floor_area",
            "management_mode",
            "contract_start",
            "contract_end",
            "fee_standard",
            "owners_committee",
            "party_branch",
            "service_content",
            "fee_disclosure",
            "complaint_channels",
            "public_revenue",
        ]


PROJECT_UPDATE_FIELDS = [*ProjectRowForm.Meta.fields, "region", "enterprise"]
PROJECT_UPDATE_FIELDS.remove("code")


def _project_row_data(raw: dict) -> dict:
    data = dict(raw)
    data["project_type"] = parse_choice(ProjectType, raw.get("project_type"), default=ProjectType.RESIDENTIAL)
    data["management_mode"] = parse_choice(ManagementMode, raw.get("management_mode"))
    data["owners_committee"] = parse_choice(OwnersCommittee, raw.get("owners_committee"), default=OwnersCommittee.NONE)
    data["party_branch"] = parse_bool(raw.get("party_branch"))
    for key in ("households", "buildings"):
        data[key] = raw.get(key) if raw.get(key) is not None else 0
    if data.get("floor_area") is None:
        data["floor_area"] = 0
    for key in ("service_content", "fee_disclosure", "complaint_channels", "public_revenue"):
        data[key] = raw.get(key) or ""
    return data


def import_projects(upload, *, user, request=None) -> dict:
    """Create or update projects from a workbook; returns ``{"created": n, "updated": m}``."""
    require(user, "projects.import_projects")
    rows = read_rows(upload, PROJECT_COLUMNS)
    region_codes = {str(r["region_code"]) for _, r in rows if r.get("region_code")}
    regions = {r.code: r for r in Region.objects.visible_to(user).filter(code__in=region_codes)}
    usccs = {str(r["enterprise_uscc"]).upper() for _, r in rows if r.get("enterprise_uscc")}
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    codes = {str(r["code"]) for _, r in rows if r.get("code")}
    existing = {p.code: p for p in Project.objects.filter(code__in=codes)}
    visible_codes = set(Project.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))

    errors, seen, instances = [], set(), []
    for number, raw in rows:
        code = str(raw.get("code") or "")
        problems = []
        if code in seen:
            problems.append(_("项目编号 %(c)s 在文件中重复。") % {"c": code})
        seen.add(code)
        if code in existing and code not in visible_codes:
            problems.append(_("项目 %(c)s 不在您的辖区内，无权修改。") % {"c": code})
        region = regions.get(str(raw.get("region_code") or ""))
        if region is None:
            problems.append(_("所属区域代码 %(c)s 不存在或不在您的辖区内。") % {"c": raw.get("region_code") or "—"})
        enterprise = None
        if raw.get("enterprise_uscc"):
            enterprise = enterprises.get(str(raw["enterprise_uscc"]).upper())
            if enterprise is None:
                problems.append(_("统一社会信用代码 %(c)s 对应的企业未登记。") % {"c": raw["enterprise_uscc"]})
        instance = Project(pk=existing[code].pk, created=existing[code].created) if code in existing else Project()
        instance.region = region
        instance.enterprise = enterprise
        form = ProjectRowForm(_project_row_data(raw), instance=instance)
        if region is not None and not form.is_valid():
            problems.append(form_errors(form))
        if problems:
            errors.append(RowError(number, join_messages(problems)))
        else:
            instances.append(form.instance)
    if errors:
        raise ImportRejected(errors)

    with transaction.atomic():
        Project.objects.bulk_create(
            instances,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[*PROJECT_UPDATE_FIELDS, "updated"],
        )
        created = sum(1 for p in instances if p.code not in existing)
        result = {"created": created, "updated": len(instances) - created}
        record(AuditAction.IMPORT, request=request, actor=user, object_repr="projects", **result)
    return result
