from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.demo import SCALES, SeedContext, seed_departments, seed_users
from enterprises.demo import seed_enterprises
from projects.demo import seed_projects, seed_regions
from projects.models import Region

# Emptied by --replace. Tables of apps above the registries are emptied through CASCADE.
REGISTRY_TABLES = [
    "enterprises_profilechangerequest",
    "accounts_auditevent",
    "authtoken_token",
    "accounts_user_groups",
    "accounts_user_user_permissions",
    "accounts_user",
    "accounts_department",
    "projects_project",
    "enterprises_enterprise_certifications",
    "enterprises_enterprise",
    "projects_region",
]


class Command(BaseCommand):
    help = "Load deterministic demo data: regions, enterprises, projects, users (and what other apps add)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=20261126)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if regions already exist")
        parser.add_argument("--replace", action="store_true", help="delete existing registry data first")

    def handle(self, *args, scale, seed, if_empty, replace, **options):
        if Region.objects.exists():
            if if_empty:
                self.stdout.write("demo data already present; nothing loaded (use --replace to reload)")
                return
            if not replace:
                raise CommandError("数据库中已有数据。使用 --replace 清空后重新生成，或 --if-empty 跳过。")
        ctx = SeedContext(scale=SCALES[scale], seed=seed, stdout=self.stdout, scale_name=scale)
        with transaction.atomic():
            if replace:
                with connection.cursor() as cursor:
                    # Deferred FK checks of earlier writes in this transaction would block TRUNCATE.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f"TRUNCATE {', '.join(REGISTRY_TABLES)} RESTART IDENTITY CASCADE")
            seed_regions(ctx)
            seed_enterprises(ctx)
            seed_projects(ctx)
            seed_departments(ctx)
            seed_users(ctx)
            for config in apps.get_app_configs():
                hook = getattr(config, "seed_demo", None)
                if hook is not None:
                    hook(ctx)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        ctx.log(f"done: scale={scale} seed={seed}")
