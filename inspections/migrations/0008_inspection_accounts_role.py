"""Inspection accounts (检查员) get their own role, without account management.

Until now an inspection account was a district officer like the district's main account, and so
could manage the district's accounts (issue 22, attempt 2). Two steps, each on evidence only:

1. Whoever serves as an inspector (in a draw's inspector pool or on an inspection) loses the
   account-management grant that accounts 0009 gave every city and district account: the grant is
   made again explicitly, by the city or an administrator, for an officer who also manages accounts.
2. The inspection accounts the demo seed made (``inspector-<district code>-<n>``) that serve as
   inspectors become inspectors. A real officer drafted into a pool keeps their role: demoting
   them would take away their other duties; an administrator gives the role on the staff page.
"""

from django.db import migrations
from django.db.models import Q


def inspection_accounts(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Draw = apps.get_model("inspections", "Draw")
    Inspection = apps.get_model("inspections", "Inspection")
    serving = Q(pk__in=Draw.inspector_pool.through.objects.values("user_id")) | Q(
        pk__in=Inspection.inspectors.through.objects.values("user_id")
    )
    User.objects.filter(serving, can_manage_accounts=True).update(can_manage_accounts=False)
    User.objects.filter(
        serving, username__regex=r"^inspector-[0-9]{6}-[0-9]+$", role__in=["city", "district", "street", "community"]
    ).update(role="inspector", department=None, enterprise=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_account_management_and_one_time_passwords"),
        ("inspections", "0007_inspection_due_summons_attachments"),
    ]

    operations = [migrations.RunPython(inspection_accounts, migrations.RunPython.noop)]
