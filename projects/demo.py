"""Demo regions and projects for ``manage.py seed_demo`` (batched inserts, deterministic)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from .choices import ManagementMode, OwnersCommittee, ProjectType, RegionLevel
from .models import Project, Region

CITY_NAMES = [
    "济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州", "聊城",
    "滨州", "菏泽", "新乡", "安阳", "鹤壁", "焦作", "濮阳", "许昌", "漯河", "三门峡",
]  # fmt: skip
DISTRICT_STEMS = ["历下", "市中", "槐荫", "天桥", "历城", "长清", "章丘", "济阳", "莱芜", "钢城", "平阴", "商河",
                  "卫东", "红旗", "牧野", "凤泉", "新华", "高新", "经开", "东城", "西城", "南湖", "北湖",
                  "滨河"]  # fmt: skip
STREET_STEMS = ["解放路", "文化路", "建设路", "人民路", "和平路", "胜利路", "新华路", "中山路", "泉城路", "大明湖",
                "趵突泉", "千佛山", "燕山", "姚家", "龙洞", "智远", "舜华路", "甸柳", "东关", "文东", "洪家楼",
                "山大路", "王官庄", "杆石桥"]  # fmt: skip
COMMUNITY_STEMS = ["阳光", "幸福", "和谐", "花园", "朝阳", "东苑", "西苑", "南苑", "北苑", "翠微", "景秀", "锦绣",
                   "书香", "育才", "康乐", "长安", "安居", "兴隆", "泉景", "明湖", "鑫苑", "怡馨", "绿城",
                   "新城"]  # fmt: skip
COMPOUND_PREFIX = ["阳光", "锦绣", "金色", "翡翠", "紫薇", "碧桂", "盛世", "华府", "龙湖", "万科", "保利", "中海",
                   "绿地", "恒大", "鲁能", "银座", "泉城", "齐鲁", "明湖", "舜耕", "雅居", "御景", "滨河", "水岸",
                   "香山", "枫林", "星河", "天泰", "海晟", "嘉园"]  # fmt: skip
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
    (ProjectType.RESIDENTIAL, 84), (ProjectType.OFFICE, 5), (ProjectType.SCHOOL, 3), (ProjectType.HOSPITAL, 2),
    (ProjectType.UNIVERSITY, 1), (ProjectType.MALL, 2), (ProjectType.INDUSTRIAL_PARK, 2), (ProjectType.OTHER, 1),
]  # fmt: skip
# About half of the compounds are under professional management ([S4]: 1690 of 3372).
MODE_WEIGHTS = [
    (ManagementMode.PROFESSIONAL, 50), (ManagementMode.UNIT_LOGISTICS, 23),
    (ManagementMode.BASIC_CLEANING, 12), (ManagementMode.UNMANAGED, 15),
]  # fmt: skip
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


def seed_regions(ctx) -> None:
    """City → district → street → community, with codes in the national 6/9/12-digit pattern."""
    s = ctx.scale
    cities = []
    for i in range(s.cities):
        code = f"37{i + 1:02d}00"
        cities.append(Region(code=code, name=f"{CITY_NAMES[i % len(CITY_NAMES)]}市", level=RegionLevel.CITY,
                             path=Region.build_path(None, code)))  # fmt: skip
    Region.objects.bulk_create(cities)
    districts = []
    for city in cities:
        for j in range(s.districts):
            code = f"{city.code[:4]}{j + 2:02d}"
            suffix = "区" if j < s.districts - 1 or s.districts < 3 else "县"
            name = f"{DISTRICT_STEMS[(j + int(city.code[2:4])) % len(DISTRICT_STEMS)]}{suffix}"
            districts.append(Region(code=code, name=name, level=RegionLevel.DISTRICT, parent=city,
                                    path=Region.build_path(city.path, code)))  # fmt: skip
    Region.objects.bulk_create(districts, batch_size=5000)
    streets = []
    for district in districts:
        for k in range(s.streets):
            code = f"{district.code}{k + 1:03d}"
            name = f"{STREET_STEMS[(k + int(district.code[4:])) % len(STREET_STEMS)]}街道"
            streets.append(Region(code=code, name=name, level=RegionLevel.STREET, parent=district,
                                  path=Region.build_path(district.path, code)))  # fmt: skip
    Region.objects.bulk_create(streets, batch_size=5000)
    communities = []
    for street in streets:
        for m in range(s.communities):
            code = f"{street.code}{m + 1:03d}"
            name = f"{COMMUNITY_STEMS[(m + int(street.code[-3:])) % len(COMMUNITY_STEMS)]}社区"
            communities.append(Region(code=code, name=name, level=RegionLevel.COMMUNITY, parent=street,
                                      path=Region.build_path(street.path, code)))  # fmt: skip
    Region.objects.bulk_create(communities, batch_size=5000)
    ctx.cities, ctx.districts, ctx.streets, ctx.communities = cities, districts, streets, communities
    ctx.log(f"regions: {len(cities)} cities, {len(districts)} districts, {len(streets)} streets, "
            f"{len(communities)} communities")  # fmt: skip


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
                ),  # fmt: skip
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
