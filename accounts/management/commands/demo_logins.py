from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import login_table


class Command(BaseCommand):
    help = "Print the portal URL and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url, **options):
        out = self.stdout
        out.write("")
        out.write(f"  物业监管平台 portal:   {url}")
        out.write(f"  staff login:          {url}accounts/login/")
        out.write(f"  API docs:             {url}api/v1/docs/")
        out.write("")
        rows = login_table()
        if rows:
            out.write(f"  demo logins (password for all: {settings.DEMO_PASSWORD})")
            for username, role, where in rows:
                out.write(f"    {username:<11} {role}  {where}")
        out.write("")
        out.write("  Ctrl-C stops web, worker, beat and the embedded services.")
        out.write("")
