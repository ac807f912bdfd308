"""Print the "Who may do what" table of docs/permissions.md from the registered permission rules
(paste it between the ``permission-table`` markers; tests/test_permission_table.py keeps them equal)."""

from django.core.management.base import BaseCommand
from django.utils import translation

from core.permissions import markdown_table


class Command(BaseCommand):
    help = "Print the table of write actions and who may take them (docs/permissions.md)."

    def handle(self, *args, **options):
        with translation.override("zh-hans"):
            self.stdout.write(markdown_table())
