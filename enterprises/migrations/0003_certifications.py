from django.db import migrations

CERTIFICATIONS = [
    ("ISO9001", "ISO 9001 质量管理体系认证"),
    ("ISO14001", "ISO 14001 环境管理体系认证"),
    ("ISO45001", "ISO 45001 职业健康安全管理体系认证"),
    ("GB/T27922", "GB/T 27922 商品售后服务评价体系认证"),
    ("ISO27001", "ISO/IEC 27001 信息安全管理体系认证"),
    ("ISO50001", "ISO 50001 能源管理体系认证"),
]


def add(apps, schema_editor):
    Certification = apps.get_model("enterprises", "Certification")
    for code, name in CERTIFICATIONS:
        Certification.objects.update_or_create(code=code, defaults={"name": name})


def remove(apps, schema_editor):
    apps.get_model("enterprises", "Certification").objects.filter(code__in=[c for c, _ in CERTIFICATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_initial")]
    operations = [migrations.RunPython(add, remove)]
