from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.quarters import Quarter
from ratings import jobs


class Command(BaseCommand):
    help = "Compute a quarter's scores (2026Q3): queue its partitions to Celery, or --here in this process."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="e.g. 2026Q3")
        parser.add_argument("--here", action="store_true", help="compute every partition in this process")
        parser.add_argument(
            "--parallel",
            type=int,
            default=jobs.usable_cores(),
            help="with --here: partitions computed at once, each on its own connection (default: this machine's cores)",
        )

    def handle(self, *args, quarter, here, parallel, **options):
        try:
            period = Quarter.parse(quarter)
            run = jobs.start(period, enqueue=not here)
        except ValueError:
            raise CommandError(f"季度格式应为 2026Q3：{quarter}") from None
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        if here:
            run = jobs.run_all(run, parallel=max(parallel, 1))
            self.stdout.write(f"{period}: {run.project_scores.count()} project scores, status {run.status}")
        else:
            self.stdout.write(f"{period}: {len(run.partitions)} partitions queued")
