"""``tongxin recover-deliveries [--older-than SECONDS] [--json]``: mark messages
left "sending" by a stopped worker as failed (state unknown), for a periodic
check (cron); the worker also does it when it starts."""

import datetime as dt
import json

from django.core.management.base import BaseCommand

from tongxin.publicity.services import deliveries_recover_stale


class Command(BaseCommand):
    help = (
        "Mark deliveries left 'sending' by a stopped worker as failed "
        "(nothing is sent again; staff choose to retry)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="seconds a row must have been sending (default "
            "TONGXIN_SENDING_STALE_SECONDS)",
        )
        parser.add_argument(
            "--json", action="store_true", help='print {"recovered": n}'
        )

    def handle(self, *args, older_than, json: bool = False, **options):
        count = deliveries_recover_stale(
            older_than=None if older_than is None else dt.timedelta(seconds=older_than)
        )
        if json:
            self.stdout.write(_dumps({"recovered": count}))
        else:
            self.stdout.write(f"已将 {count} 条发送中断的消息标记为失败（状态未知）。")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
