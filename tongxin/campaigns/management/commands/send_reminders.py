"""``tongxin send-reminders [--days N] [--json]``: remind owners of tasks due soon.

Creates an in-app notification for the owner of every open work-plan task
due within N days (default 3); a task is reminded once per due date, so the
command is safe to run from cron as often as wanted.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.campaigns.services import send_task_reminders


class Command(BaseCommand):
    help = "Remind owners of work-plan tasks due within N days (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="提前天数（默认 3）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, days: int, json: bool, **options):
        if days < 0:
            raise CommandError(_("--days 不能为负数。"), returncode=2)
        sent = send_task_reminders(days=days)
        if json:
            self.stdout.write(_dumps({"sent": len(sent), "reminders": sent}))
        else:
            self.stdout.write(_("已发送 %d 条任务到期提醒。") % len(sent))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
