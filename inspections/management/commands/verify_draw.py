from django.core.management.base import BaseCommand, CommandError

from inspections.draws import verify
from inspections.models import Draw


class Command(BaseCommand):
    help = "Re-run a published random draw from its seed and frozen pool and compare with the stored result."

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)

    def handle(self, *args, draw_id, **options):
        draw = Draw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(f"抽取 {draw_id} 不存在。")
        ok, problems = verify(draw)
        if not ok:
            raise CommandError("复核不一致：\n" + "\n".join(problems))
        self.stdout.write(f"抽取 {draw_id}（种子 {draw.seed}）复核一致：{draw.results.count()} 个项目。")
