"""Spreadsheet columns, import and export of the enterprise registry (all-or-nothing)."""

from __future__ import annotations

import re

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc as uscc_module

from core.audit import record
from core.choices import AuditAction, choice_label
from core.permissions import require
from core.punctuation import join_list
from core.text import join_messages
from core.xlsx import (
    Column,
    ImportRejected,
    RowError,
    RowFormMixin,
    form_errors,
    parse_choice,
    read_rows,
)
from regions.models import Region

from .choices import EnterpriseStatus, PartyOrganisation
from .models import Certification, Enterprise

ENTERPRISE_COLUMNS = [
    Column(gettext_lazy("统一社会信用代码"), "uscc", required=True),
    Column(gettext_lazy("企业名称"), "name", required=True),
    Column(gettext_lazy("法定代表人"), "legal_representative", required=True),
    Column(gettext_lazy("注册地区域代码"), "region_code", lambda e: e.region.code, required=True),
    Column(gettext_lazy("注册地区域"), "region_name", lambda e: e.region.name),
    Column(gettext_lazy("注册地址"), "address", required=True),
    Column(gettext_lazy("联系电话"), "phone"),
    Column(gettext_lazy("成立日期"), "founded"),
    Column(gettext_lazy("从业人员数"), "staff_count"),
    Column(
        gettext_lazy("党组织建设"),
        "party_organisation",
        lambda e: choice_label(PartyOrganisation, e.party_organisation),
    ),
    Column(gettext_lazy("服务品牌"), "service_brand"),
    Column(gettext_lazy("经营状态"), "status", lambda e: choice_label(EnterpriseStatus, e.status)),
    Column(
        gettext_lazy("体系认证"), "certifications", lambda e: join_list(c.name for c in e.certifications.all()) or None
    ),
]

CERT_SEPARATORS = re.compile(r"[、,，;；/\n]+")


class EnterpriseRowForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "legal_representative",
            "address",
            "phone",
            "founded",
            "staff_count",
            "party_organisation",
            "service_brand",
            "status",
        ]


def import_enterprises(upload, *, user, request=None) -> dict:
    """Create or update enterprises from a workbook; returns ``{"created": n, "updated": m}``."""
    require(user, "enterprises.import_enterprises")
    rows = read_rows(upload, ENTERPRISE_COLUMNS)
    region_codes = {str(r["region_code"]) for _, r in rows if r.get("region_code")}
    regions = {r.code: r for r in Region.objects.visible_to(user).filter(code__in=region_codes)}
    usccs = {uscc_module.compact(str(r["uscc"])) for _, r in rows if r.get("uscc")}
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    visible = set(Enterprise.objects.visible_to(user).filter(uscc__in=usccs).values_list("uscc", flat=True))
    all_certs = list(Certification.objects.all())
    certs = {c.name: c for c in all_certs} | {c.code: c for c in all_certs}

    errors, seen, instances, cert_plan = [], set(), [], {}
    for number, raw in rows:
        code = uscc_module.compact(str(raw.get("uscc") or ""))
        problems = []
        if code in seen:
            problems.append(_("统一社会信用代码 %(c)s 在文件中重复。") % {"c": code})
        seen.add(code)
        if code in existing and code not in visible:
            problems.append(_("企业 %(c)s 已由其他辖区登记，无权修改。") % {"c": code})
        region = regions.get(str(raw.get("region_code") or ""))
        if region is None:
            problems.append(_("注册地区域代码 %(c)s 不存在或不在您的辖区内。") % {"c": raw.get("region_code") or "—"})
        wanted = [n for n in CERT_SEPARATORS.split(str(raw.get("certifications") or "")) if n.strip()]
        unknown = [n for n in wanted if n.strip() not in certs]
        if unknown:
            problems.append(_("未知的体系认证：%(n)s") % {"n": join_list(unknown)})
        data = {
            **raw,
            "uscc": code,
            "party_organisation": parse_choice(PartyOrganisation, raw.get("party_organisation"), default="none"),
            "status": parse_choice(EnterpriseStatus, raw.get("status"), default=EnterpriseStatus.ACTIVE),
            "staff_count": raw.get("staff_count") or 0,
            "service_brand": raw.get("service_brand") or "",
            "phone": str(raw["phone"]) if raw.get("phone") is not None else "",
        }
        instance = Enterprise(pk=existing[code].pk) if code in existing else Enterprise()
        instance.region = region
        form = EnterpriseRowForm(data, instance=instance)
        if not form.is_valid():
            problems.append(form_errors(form))
        if problems:
            errors.append(RowError(number, join_messages(problems)))
        else:
            instances.append(form.instance)
            cert_plan[code] = {certs[n.strip()].pk for n in wanted}
    if errors:
        raise ImportRejected(errors)

    with transaction.atomic():
        saved = Enterprise.objects.bulk_create(
            instances,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["uscc"],
            update_fields=[*EnterpriseRowForm.Meta.fields[1:], "region", "updated"],
        )
        ids = {e.uscc: e.pk for e in Enterprise.objects.filter(uscc__in=[e.uscc for e in saved]).only("uscc")}
        through = Enterprise.certifications.through
        through.objects.filter(enterprise_id__in=ids.values()).delete()
        through.objects.bulk_create(
            [through(enterprise_id=ids[code], certification_id=cid) for code, cids in cert_plan.items() for cid in cids]
        )
        created = sum(1 for e in instances if e.uscc not in existing)
        result = {"created": created, "updated": len(instances) - created}
        record(AuditAction.IMPORT, request=request, actor=user, object_repr="enterprises", **result)
    return result
