"""Reference data the portal ships: complaint categories ([S0], [S4]) and default SLAs."""

# code, name, department kind (blank = the housing bureau's own remit)
CATEGORIES = [
    ("price_quality", "质价不符", ""),
    ("service_missing", "服务缺失缺位", ""),
    ("water_power", "停水停电", "utilities"),
    ("security", "治安巡防", "public_security"),
    ("cleaning", "环境卫生", ""),
    ("elevator", "电梯", "market_regulation"),
    ("fire", "消防", "fire"),
    ("leak", "漏雨渗水", ""),
    ("parking", "车辆停放", ""),
    ("fees", "收费", ""),
    ("public_revenue", "公共收益", ""),
    ("maintenance_fund", "维修资金", ""),
    ("renovation", "装修", "urban_management"),
    ("greening", "绿化", ""),
    ("other", "其他", ""),
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

    Category.objects.bulk_create(
        [Category(code=c, name=n, department_kind=k, sort_order=i) for i, (c, n, k) in enumerate(CATEGORIES)],
        ignore_conflicts=True,
    )
    SlaPolicy.objects.bulk_create(
        [SlaPolicy(stage=s, urgency=u, working_hours=h) for s, u, h in SLA_POLICIES], ignore_conflicts=True
    )
    install_shipped_years()
