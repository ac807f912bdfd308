import json
from pathlib import Path

from django.db import migrations

CALENDAR_DIR = Path(__file__).resolve().parent.parent / "calendar_data"

CATEGORIES = [
    ("price_quality", "质价不符", ""), ("service_missing", "服务缺失缺位", ""), ("water_power", "停水停电", "utilities"),
    ("security", "治安巡防", "public_security"), ("cleaning", "环境卫生", ""), ("elevator", "电梯", "market_regulation"),
    ("fire", "消防", "fire"), ("leak", "漏雨渗水", ""), ("parking", "车辆停放", ""), ("fees", "收费", ""),
    ("public_revenue", "公共收益", ""), ("maintenance_fund", "维修资金", ""), ("renovation", "装修", "urban_management"),
    ("greening", "绿化", ""), ("other", "其他", ""),
]
SLA = [("accept", "normal", 8), ("accept", "urgent", 2), ("sign", "normal", 2), ("sign", "urgent", 1),
       ("answer", "normal", 24), ("answer", "urgent", 8)]


def load(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    SlaPolicy = apps.get_model("complaints", "SlaPolicy")
    CalendarDay = apps.get_model("complaints", "CalendarDay")
    for order, (code, name, kind) in enumerate(CATEGORIES):
        Category.objects.update_or_create(code=code, defaults={"name": name, "department_kind": kind, "sort_order": order})
    for stage, urgency, hours in SLA:
        SlaPolicy.objects.update_or_create(stage=stage, urgency=urgency, defaults={"working_hours": hours})
    for path in sorted(CALENDAR_DIR.glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8"))["days"]:
            CalendarDay.objects.update_or_create(date=row["date"], defaults={"is_workday": row["workday"], "name": row["name"]})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
