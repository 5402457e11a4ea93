"""``tongxin worker``: run the background jobs queued in the database."""

import os
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tongxin.core.signals import worker_starting


def _exit_with_parent(parent: int) -> None:
    """Stop this worker when the process that started it is gone."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(2)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True).start()


class Command(BaseCommand):
    help = _("运行后台任务（群发短信、邮件等）；--batch 处理完队列后退出。")

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help=_("处理完即退出"))
        parser.add_argument(
            "--with-parent", type=int, default=0, help=_("父进程退出时随之退出")
        )

    def handle(self, *args, **opts):
        if opts["with_parent"]:
            _exit_with_parent(opts["with_parent"])
        for _receiver, notice in worker_starting.send(sender=self.__class__):
            if notice and opts["verbosity"]:
                self.stderr.write(notice)
        call_command(
            "db_worker",
            queue_name="*",
            batch=opts["batch"],
            reload=False,
            startup_delay=not opts["batch"],
            verbosity=opts["verbosity"],
        )
