"""``tongxin serve``: collect static files, then run gunicorn (or runserver)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _


def gunicorn_path() -> str:
    """Return the gunicorn beside this Python (the virtualenv's), else on PATH."""
    beside = Path(sys.executable).parent / "gunicorn"
    found = str(beside) if beside.exists() else shutil.which("gunicorn")
    if not found:
        raise CommandError(_("找不到 gunicorn，请先安装：pip install gunicorn"))
    return found


def start_worker() -> subprocess.Popen:
    """Start ``tongxin worker`` beside the server; it exits when the server does.

    The server replaces this process (exec), so the worker watches its parent's
    process id, which stays the same.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "tongxin.cli", "worker", f"--with-parent={os.getpid()}"]
    )


class Command(BaseCommand):
    help = _("启动服务：gunicorn 同步 worker；--dev 改用 Django 开发服务器。")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=_("监听地址"))
        parser.add_argument("--port", type=int, default=8000, help=_("端口"))
        parser.add_argument("--workers", type=int, default=2, help=_("worker 进程数"))
        parser.add_argument(
            "--dev", action="store_true", help=_("使用 Django 开发服务器")
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("不在本进程旁启动后台任务 worker（生产环境由 systemd 单独运行）"),
        )

    def handle(self, *args, **opts):
        call_command("collectstatic", interactive=False, verbosity=0)
        address = f"{opts['host']}:{opts['port']}"
        self.stdout.write(_("服务地址：http://%s/ （按 Ctrl+C 停止）") % address)
        if not opts["no_worker"]:
            start_worker()
        if opts["dev"]:
            call_command("runserver", address)
            return
        argv = [
            gunicorn_path(),
            "tongxin.wsgi:application",
            "--bind",
            address,
            "--workers",
            str(opts["workers"]),
            "--worker-class",
            "sync",
            "--access-logfile",
            "-",
        ]
        self.stdout.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        connections.close_all()
        os.execv(argv[0], argv)
