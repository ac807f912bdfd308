"""Demo enterprises for ``manage.py seed_demo``: valid credit codes, realistic Chinese names."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from stdnum.cn import uscc

from .choices import EnterpriseStatus, PartyOrganisation
from .models import Certification, Enterprise

NAME_STEMS = [
    "诚信",
    "安居",
    "万家",
    "明德",
    "泉景",
    "鲁信",
    "金鼎",
    "华润",
    "宏达",
    "福瑞",
    "康居",
    "顺和",
    "恒泰",
    "嘉禾",
    "齐鲁",
    "舜邦",
    "银丰",
    "绿城",
    "佳和",
    "兴盾",
    "湛翔",
    "常绿",
    "建业",
    "亿联",
    "东润",
    "海晟",
    "天成",
    "祥和",
    "瑞源",
    "德润",
]
NAME_KINDS = ["物业服务有限公司", "物业管理有限公司", "物业服务集团有限公司", "城市服务有限公司", "物业有限责任公司"]
BRANDS = ["贴心管家", "红色物业", "邻里守望", "五心服务", "阳光物业", "金牌管家", ""]
ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng, region_code: str, taken: set) -> str:
    """A valid 统一社会信用代码: 9 1 (company) + 6-digit region + 9-character org code + check."""
    while True:
        body = "91" + region_code[:6] + "".join(rng.choice(ORG_ALPHABET) for _ in range(9))
        code = body + uscc.calc_check_digit(body)
        if code not in taken:
            taken.add(code)
            return code


def seed_enterprises(ctx) -> None:
    rng, fake, s = ctx.rng, ctx.fake, ctx.scale
    certs = list(Certification.objects.all())
    taken, names, batch = set(), set(), []
    for n in range(s.enterprises):
        district = ctx.districts[n % len(ctx.districts)] if n < len(ctx.districts) else rng.choice(ctx.districts)
        stem = f"{district.parent.name.removesuffix('市')}{rng.choice(NAME_STEMS)}{rng.choice(NAME_STEMS)}"
        kind = rng.choice(NAME_KINDS)
        name = f"{stem}{kind}"
        if name in names:  # same stems drawn again: number it, as registries do (第二物业 …)
            name = f"{stem}{len(names)}{kind}"
        names.add(name)
        batch.append(
            Enterprise(
                name=name,
                uscc=make_uscc(rng, district.code, taken),
                legal_representative=fake.name(),
                region=district,
                address=f"{district.parent.name}{district.name}{fake.street_name()}{rng.randint(1, 500)}号",
                phone=f"0531-{rng.randint(80000000, 89999999)}",
                founded=date(2000, 1, 1) + timedelta(days=rng.randint(0, 9000)),
                staff_count=rng.randint(12, 1800),
                party_organisation=rng.choice(PartyOrganisation.values),
                service_brand=rng.choice(BRANDS),
                status=EnterpriseStatus.ACTIVE if rng.random() < 0.96 else EnterpriseStatus.SUSPENDED,
            )
        )
    Enterprise.objects.bulk_create(batch, batch_size=5000)
    through = Enterprise.certifications.through
    links = [
        through(enterprise_id=e.pk, certification_id=c.pk)
        for e in batch
        for c in rng.sample(certs, k=rng.choice([0, 0, 1, 2, 3]))
    ]
    through.objects.bulk_create(links, batch_size=10000)
    by_city = defaultdict(list)
    for e in batch:
        by_city[e.region.parent.code].append(e)
    ctx.enterprises, ctx.enterprises_by_city = batch, by_city
    ctx.log(f"enterprises: {len(batch)} ({len(links)} certifications)")
