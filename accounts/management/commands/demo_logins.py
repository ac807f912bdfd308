from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import login_table
from accounts.models import User


def _sample_inspector():
    user = User.objects.filter(username__startswith="inspector-").order_by("username").first()
    return user.username if user else None


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
            sample = _sample_inspector()
            if sample:
                out.write(f"    {sample:<11} 检查员（每个区县 3 名：inspector-<区县代码>-1…3），现场检查打分用")
        out.write("")
        out.write("  Ctrl-C stops web, worker, beat and the embedded services.")
        out.write("")
