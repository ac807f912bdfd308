import json

from django.core.management.base import BaseCommand, CommandError

from core.calendar import load_calendar


class Command(BaseCommand):
    help = 'Load a year\'s holidays and make-up workdays from a JSON file ({"days": [{date, workday, name}]}).'

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as fh:
                rows = json.load(fh)["days"]
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"无法读取日历文件：{error}") from error
        self.stdout.write(f"loaded {load_calendar(rows)} calendar days")
