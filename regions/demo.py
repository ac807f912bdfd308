"""Demo regions for ``manage.py seed_demo`` (batched inserts, deterministic)."""

from __future__ import annotations

from .choices import RegionLevel
from .models import Region

CITY_NAMES = [
    "济南",
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "临沂",
    "德州",
    "聊城",
    "滨州",
    "菏泽",
    "新乡",
    "安阳",
    "鹤壁",
    "焦作",
    "濮阳",
    "许昌",
    "漯河",
    "三门峡",
]
DISTRICT_STEMS = [
    "历下",
    "市中",
    "槐荫",
    "天桥",
    "历城",
    "长清",
    "章丘",
    "济阳",
    "莱芜",
    "钢城",
    "平阴",
    "商河",
    "卫东",
    "红旗",
    "牧野",
    "凤泉",
    "新华",
    "高新",
    "经开",
    "东城",
    "西城",
    "南湖",
    "北湖",
    "滨河",
]
STREET_STEMS = [
    "解放路",
    "文化路",
    "建设路",
    "人民路",
    "和平路",
    "胜利路",
    "新华路",
    "中山路",
    "泉城路",
    "大明湖",
    "趵突泉",
    "千佛山",
    "燕山",
    "姚家",
    "龙洞",
    "智远",
    "舜华路",
    "甸柳",
    "东关",
    "文东",
    "洪家楼",
    "山大路",
    "王官庄",
    "杆石桥",
]
COMMUNITY_STEMS = [
    "阳光",
    "幸福",
    "和谐",
    "花园",
    "朝阳",
    "东苑",
    "西苑",
    "南苑",
    "北苑",
    "翠微",
    "景秀",
    "锦绣",
    "书香",
    "育才",
    "康乐",
    "长安",
    "安居",
    "兴隆",
    "泉景",
    "明湖",
    "鑫苑",
    "怡馨",
    "绿城",
    "新城",
]


def seed_regions(ctx) -> None:
    """City → district → street → community, with codes in the national 6/9/12-digit pattern."""
    s = ctx.scale
    cities = []
    for i in range(s.cities):
        code = f"37{i + 1:02d}00"
        cities.append(
            Region(
                code=code,
                name=f"{CITY_NAMES[i % len(CITY_NAMES)]}市",
                level=RegionLevel.CITY,
                path=Region.build_path(None, code),
            )
        )
    Region.objects.bulk_create(cities)
    districts = []
    for city in cities:
        for j in range(s.districts):
            code = f"{city.code[:4]}{j + 2:02d}"
            suffix = "区" if j < s.districts - 1 or s.districts < 3 else "县"
            name = f"{DISTRICT_STEMS[(j + int(city.code[2:4])) % len(DISTRICT_STEMS)]}{suffix}"
            districts.append(
                Region(
                    code=code,
                    name=name,
                    level=RegionLevel.DISTRICT,
                    parent=city,
                    path=Region.build_path(city.path, code),
                )
            )
    Region.objects.bulk_create(districts, batch_size=5000)
    streets = []
    for district in districts:
        for k in range(s.streets):
            code = f"{district.code}{k + 1:03d}"
            name = f"{STREET_STEMS[(k + int(district.code[4:])) % len(STREET_STEMS)]}街道"
            streets.append(
                Region(
                    code=code,
                    name=name,
                    level=RegionLevel.STREET,
                    parent=district,
                    path=Region.build_path(district.path, code),
                )
            )
    Region.objects.bulk_create(streets, batch_size=5000)
    communities = []
    for street in streets:
        for m in range(s.communities):
            code = f"{street.code}{m + 1:03d}"
            name = f"{COMMUNITY_STEMS[(m + int(street.code[-3:])) % len(COMMUNITY_STEMS)]}社区"
            communities.append(
                Region(
                    code=code,
                    name=name,
                    level=RegionLevel.COMMUNITY,
                    parent=street,
                    path=Region.build_path(street.path, code),
                )
            )
    Region.objects.bulk_create(communities, batch_size=5000)
    ctx.cities, ctx.districts, ctx.streets, ctx.communities = cities, districts, streets, communities
    ctx.log(
        f"regions: {len(cities)} cities, {len(districts)} districts, {len(streets)} streets, "
        f"{len(communities)} communities"
    )
