import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import demo


def _has_data(tables: list[str]) -> bool:
    with connection.cursor() as cursor:
        checks = [f"EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})" for table in tables]
        cursor.execute("SELECT " + " OR ".join(checks))
        return cursor.fetchone()[0]


class Command(BaseCommand):
    help = "Load deterministic demo data: regions, enterprises, projects, users (and what other apps add)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=20261126)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if regions already exist")
        parser.add_argument("--replace", action="store_true", help="delete existing registry data first")

    def handle(self, *args, scale, seed, if_empty, replace, **options):
        tables = demo.tables()
        if _has_data(demo.foundation_tables()):
            if if_empty:
                self.stdout.write("demo data already present; nothing loaded (use --replace to reload)")
                return
            if not replace:
                raise CommandError("数据库中已有数据。使用 --replace 清空后重新生成，或 --if-empty 跳过。")
        ctx = demo.SeedContext(scale=demo.SCALES[scale], seed=seed, stdout=self.stdout, scale_name=scale)
        with transaction.atomic():
            if replace:
                with connection.cursor() as cursor:
                    # Deferred FK checks of earlier writes in this transaction would block TRUNCATE.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            for step, step_tables in demo.steps():
                started = time.monotonic()
                step(ctx)
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {', '.join(map(connection.ops.quote_name, step_tables))}")
                ctx.log(f"step {step.__module__}.{step.__name__}: {time.monotonic() - started:.1f}s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        ctx.log(f"done: scale={scale} seed={seed}")
