from django.core.management.base import BaseCommand, CommandError

from core.calendar import load_calendar, read_year, shipped_days


class Command(BaseCommand):
    help = (
        "Load holidays and make-up workdays from JSON files "
        '({"year": 2026, "days": [{date, workday, name}]}); without a file, the years shipped in '
        "core/calendar_data. A stored day is overwritten by the file's."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the other days stored in the years the files cover (a provisional year corrected)",
        )

    def handle(self, *args, files, replace, **options):
        try:
            rows = [row for file in files for row in read_year(file)] if files else shipped_days()
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"无法读取日历文件：{error}") from error
        removed = load_calendar(rows, replace=replace)
        self.stdout.write(f"loaded {len(rows)} calendar days")
        if removed:
            self.stdout.write("deleted " + ", ".join(day.isoformat() for day in removed))
