"""Demo regions and projects for ``manage.py seed_demo`` (batched inserts, deterministic)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from .choices import ManagementMode, OwnersCommittee, ProjectType
from .models import Project

COMPOUND_PREFIX = [
    "阳光",
    "锦绣",
    "金色",
    "翡翠",
    "紫薇",
    "碧桂",
    "盛世",
    "华府",
    "龙湖",
    "万科",
    "保利",
    "中海",
    "绿地",
    "恒大",
    "鲁能",
    "银座",
    "泉城",
    "齐鲁",
    "明湖",
    "舜耕",
    "雅居",
    "御景",
    "滨河",
    "水岸",
    "香山",
    "枫林",
    "星河",
    "天泰",
    "海晟",
    "嘉园",
]
COMPOUND_SUFFIX = ["花园", "家园", "小区", "名苑", "公馆", "华庭", "新村", "雅苑", "山庄", "城", "府", "嘉园", "丽景"]
TYPE_NAMES = {
    ProjectType.OFFICE: ["大厦", "国际中心", "商务楼", "金融广场"],
    ProjectType.SCHOOL: ["第一中学", "实验小学", "外国语学校"],
    ProjectType.HOSPITAL: ["人民医院", "中医医院", "妇幼保健院"],
    ProjectType.UNIVERSITY: ["职业学院", "师范学院", "理工大学"],
    ProjectType.MALL: ["购物中心", "万达广场", "银座商城"],
    ProjectType.INDUSTRIAL_PARK: ["科技园", "产业园", "创业园"],
    ProjectType.OTHER: ["市民中心", "体育中心", "图书馆"],
}
TYPE_WEIGHTS = [
    (ProjectType.RESIDENTIAL, 84),
    (ProjectType.OFFICE, 5),
    (ProjectType.SCHOOL, 3),
    (ProjectType.HOSPITAL, 2),
    (ProjectType.UNIVERSITY, 1),
    (ProjectType.MALL, 2),
    (ProjectType.INDUSTRIAL_PARK, 2),
    (ProjectType.OTHER, 1),
]
# About half of the compounds are under professional management ([S4]: 1690 of 3372).
MODE_WEIGHTS = [
    (ManagementMode.PROFESSIONAL, 50),
    (ManagementMode.UNIT_LOGISTICS, 23),
    (ManagementMode.BASIC_CLEANING, 12),
    (ManagementMode.UNMANAGED, 15),
]
SERVICE_TEXT = (
    "执行《{type}物业服务标准》二级服务：24 小时秩序维护，公共区域每日清扫两次，"
    "生活垃圾日产日清，电梯、消防设施按规定维保，绿化养护每月不少于两次。"
)
FEE_TEXT = "物业服务费 {fee} 元/m²/月（住宅），车位管理费 60 元/个/月，按季度收取，明码标价，不收取其他费用。"
CHANNEL_TEXT = "物业服务中心电话 {phone}；12345 政务服务便民热线；属地社区居委会；住建局物业监管科。"
REVENUE_TEXT = "公共区域广告、停车等公共收益每半年公示一次，收益归全体业主所有，用于补充专项维修资金。"


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed_projects(ctx) -> None:
    """Projects spread over the communities; professional ones get an enterprise of their city."""
    rng, fake, s = ctx.rng, ctx.fake, ctx.scale
    by_city = ctx.enterprises_by_city
    batch, total = [], 0
    today = date(2026, 1, 1)
    for n in range(s.projects):
        community = (
            ctx.communities[n % len(ctx.communities)] if n < len(ctx.communities) else rng.choice(ctx.communities)
        )
        city_code = community.code[:4] + "00"
        project_type = weighted(rng, TYPE_WEIGHTS)
        mode = weighted(rng, MODE_WEIGHTS)
        if project_type == ProjectType.RESIDENTIAL:
            name = f"{rng.choice(COMPOUND_PREFIX)}{rng.choice(COMPOUND_SUFFIX)}"
            if rng.random() < 0.4:
                name += f"{rng.choice('一二三四五六')}期"
        else:
            name = f"{community.name[:2]}{rng.choice(TYPE_NAMES[project_type])}"
        enterprise = None
        if mode == ManagementMode.PROFESSIONAL or (mode == ManagementMode.BASIC_CLEANING and rng.random() < 0.3):
            enterprise = rng.choice(by_city[city_code])
        households = rng.randint(60, 2400) if project_type == ProjectType.RESIDENTIAL else rng.randint(0, 50)
        floor_area = Decimal(households * rng.randint(70, 130) + rng.randint(0, 5000)).quantize(Decimal("0.01"))
        fee = Decimal(rng.randint(40, 350)) / 100 if enterprise else None
        start = today - timedelta(days=rng.randint(0, 2000)) if enterprise else None
        batch.append(
            Project(
                code=f"P{community.code}{n:06d}",
                name=name,
                region=community,
                address=f"{community.name.removesuffix('社区')}{fake.street_name()}{rng.randint(1, 399)}号",
                project_type=project_type,
                households=households,
                buildings=max(1, households // rng.randint(40, 120)),
                floor_area=floor_area,
                management_mode=mode,
                enterprise=enterprise,
                contract_start=start,
                contract_end=start + timedelta(days=365 * rng.randint(1, 5)) if start else None,
                fee_standard=fee,
                owners_committee=weighted(
                    rng,
                    [(OwnersCommittee.ESTABLISHED, 45), (OwnersCommittee.PREPARING, 15), (OwnersCommittee.NONE, 40)],
                ),
                party_branch=rng.random() < 0.35,
                service_content=SERVICE_TEXT.format(type=ProjectType(project_type).label) if enterprise else "",
                fee_disclosure=FEE_TEXT.format(fee=fee) if fee else "",
                complaint_channels=CHANNEL_TEXT.format(phone=f"0531-{rng.randint(80000000, 89999999)}"),
                public_revenue=REVENUE_TEXT if enterprise else "",
            )
        )
        if len(batch) >= 5000:
            Project.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    Project.objects.bulk_create(batch)
    total += len(batch)
    ctx.log(f"projects: {total}")
