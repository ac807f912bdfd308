"""Reference data the portal ships: complaint categories ([S0], [S4]) and default SLAs."""

# code, name, English name, department kind (blank = the housing bureau's own remit)
CATEGORIES = [
    ("price_quality", "质价不符", "Service not worth the fee", ""),
    ("service_missing", "服务缺失缺位", "Services missing", ""),
    ("water_power", "停水停电", "Water or power cut", "utilities"),
    ("security", "治安巡防", "Security patrols", "public_security"),
    ("cleaning", "环境卫生", "Cleaning and sanitation", ""),
    ("elevator", "电梯", "Elevators", "market_regulation"),
    ("fire", "消防", "Fire safety", "fire"),
    ("leak", "漏雨渗水", "Leaks and seepage", ""),
    ("parking", "车辆停放", "Parking", ""),
    ("fees", "收费", "Fees", ""),
    ("public_revenue", "公共收益", "Income from common areas", ""),
    ("maintenance_fund", "维修资金", "Maintenance fund", ""),
    ("renovation", "装修", "Renovation", "urban_management"),
    ("greening", "绿化", "Greenery", ""),
    ("other", "其他", "Other", ""),
]

# stage, urgency, working hours (8 working hours = 1 working day)
SLA_POLICIES = [
    ("accept", "normal", 8),
    ("accept", "urgent", 2),
    ("sign", "normal", 2),
    ("sign", "urgent", 1),
    ("answer", "normal", 24),
    ("answer", "urgent", 8),
]


def install() -> None:
    """Load (or refresh) categories, SLA policies and the shipped calendar years."""
    from core.calendar import install_shipped_years

    from .models import Category, SlaPolicy

    # A category already there keeps its (perhaps edited) Chinese name, routing and order; its
    # English name is refreshed.
    Category.objects.bulk_create(
        [
            Category(code=c, name=n, name_en=en, department_kind=k, sort_order=i)
            for i, (c, n, en, k) in enumerate(CATEGORIES)
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_en"],
    )
    SlaPolicy.objects.bulk_create(
        [SlaPolicy(stage=s, urgency=u, working_hours=h) for s, u, h in SLA_POLICIES], ignore_conflicts=True
    )
    install_shipped_years()
