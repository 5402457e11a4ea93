"""``tongxin retry-notices [--json]``: queue personal notices that failed on
their channel again (at most ``TONGXIN_NOTICE_MAX_ATTEMPTS`` attempts each);
safe to run from cron."""

import json

from django.core.management.base import BaseCommand

from tongxin.publicity.services.notices import notices_retry


class Command(BaseCommand):
    help = "Queue failed personal notices (WeChat, SMS, e-mail) again."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help='print {"queued": n}')

    def handle(self, *args, json: bool = False, **options):
        count = notices_retry()
        if json:
            self.stdout.write(_dumps({"queued": count}))
        else:
            self.stdout.write(f"已重新排队 {count} 条发送失败的个人通知。")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
