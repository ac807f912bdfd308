from django.core.management.base import BaseCommand

from complaints.choices import Channel
from complaints.models import ApiClient


class Command(BaseCommand):
    help = "Register an external system (12345 hotline, Open311 client); prints its API key and HMAC secret once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--channel", choices=Channel.values, default=Channel.HOTLINE_12345)

    def handle(self, *args, name, channel, **options):
        client, key = ApiClient.issue(name, channel)
        self.stdout.write(f"api key:     {key}")
        self.stdout.write(f"hmac secret: {client.hmac_secret}")
