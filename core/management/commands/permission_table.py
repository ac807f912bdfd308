"""Print the README's "Who may do what" table from the registered permission rules."""

from django.core.management.base import BaseCommand
from django.utils import translation

from core.permissions import markdown_table


class Command(BaseCommand):
    help = "Print the table of write actions and who may take them (README, Roles)."

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            self.stdout.write(markdown_table())
