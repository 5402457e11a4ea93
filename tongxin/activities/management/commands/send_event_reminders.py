"""``tongxin send-event-reminders [--date YYYY-MM-DD] [--json]``: remind the
members signed up for tomorrow's events (in-app, and on their chosen channel);
idempotent, safe to run from cron."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from tongxin.activities.services.reminders import send_event_reminders


class Command(BaseCommand):
    help = "Remind members signed up for the events of a day (default tomorrow)."

    def add_arguments(self, parser):
        parser.add_argument("--date", default="", help="活动日期（默认明天）")
        parser.add_argument("--json", action="store_true", help='print {"sent": n}')

    def handle(self, *args, date: str = "", json: bool = False, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError as e:
            raise CommandError("日期格式应为 YYYY-MM-DD。", returncode=2) from e
        sent = send_event_reminders(day=day)
        if json:
            self.stdout.write(_dumps({"sent": sent}))
        else:
            self.stdout.write(f"已发送 {sent} 条活动提醒。")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
