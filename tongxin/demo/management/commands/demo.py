"""``tongxin demo``: build the demo committee and serve it."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.demo.builder import format_logins, format_summary, prepare_demo


class Command(BaseCommand):
    help = _("生成演示数据库（一个虚构的市委会）并启动服务；--no-serve 只生成不启动。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help=_("只生成，不启动服务")
        )
        parser.add_argument(
            "--reset", action="store_true", help=_("清空数据库后重新生成")
        )
        parser.add_argument("--seed", type=int, default=2014, help=_("随机种子"))
        parser.add_argument("--host", default="127.0.0.1", help=_("监听地址"))
        parser.add_argument("--port", type=int, default=8000, help=_("端口"))

    def handle(self, *args, **opts):
        self.stdout.write(_("正在准备数据库……"))
        call_command("migrate", interactive=False, verbosity=0)
        try:
            outcome, summary = prepare_demo(
                seed=opts["seed"], reset=opts["reset"], stdout=self.stdout
            )
        except ServiceError as e:
            raise CommandError(e.message) from e
        if outcome == "reused":
            self.stdout.write(
                _("数据库中已有演示数据，直接使用（加 --reset 可重新生成）。")
            )
        self.stdout.write(format_summary(summary))
        url = f"http://{opts['host']}:{opts['port']}/"
        self.stdout.write(format_logins(summary.logins, url))
        if not opts["no_serve"]:
            call_command("serve", host=opts["host"], port=opts["port"])
