from django.core.management.base import BaseCommand

from dashboards import rollup


class Command(BaseCommand):
    help = "汇总投诉统计：默认只处理上次以来变化的投诉；--rebuild 从头重算全部统计表。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="清空并从投诉表重算全部统计")

    def handle(self, *args, rebuild=False, **options):
        result = rollup.rebuild() if rebuild else rollup.run()
        if result.skipped:
            self.stderr.write("另一个统计汇总正在运行，本次跳过。")
            return
        what = "全部重算" if rebuild else f"重算 {result.days} 天"
        self.stdout.write(f"统计汇总完成：{what}，用时 {result.seconds:.2f} 秒。")
