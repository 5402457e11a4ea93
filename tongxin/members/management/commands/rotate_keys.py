"""``tongxin rotate-keys [--batch N] [--dry-run] [--new-index-key] [--json]``.

Re-encrypt every stored ID number and mobile (members and their history) with
the first key of ``TONGXIN_FIELD_KEYS``.

Rotating the encryption key:

1. generate a key (``tongxin rotate-keys --print-new-keys``) and put it first:
   ``TONGXIN_FIELD_KEYS=<new>,<old>``; restart the application, which now
   encrypts with the new key and still reads the old one;
2. run ``tongxin rotate-keys`` (``--dry-run`` first checks that every value
   decrypts); an interrupted run is run again, it skips what is done;
3. remove the old key: ``TONGXIN_FIELD_KEYS=<new>``; restart.

Rotating the index key (the secret of the keyed hashes) needs a short
maintenance window, since lookups use one key at a time: stop the
application, set ``TONGXIN_INDEX_KEY_NEW=<new>``, run ``tongxin rotate-keys
--new-index-key``, then set ``TONGXIN_INDEX_KEY=<new>``, unset
``TONGXIN_INDEX_KEY_NEW`` and start the application.

Each run that writes is recorded in the audit trail (action ``key_rotate``).
"""

from __future__ import annotations

import json

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.core import crypto
from tongxin.core.fields import rotate_stored_values


class Command(BaseCommand):
    help = _("用 TONGXIN_FIELD_KEYS 的第一个密钥重新加密所有加密存储的个人信息。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=1000, help=_("每个事务处理的行数")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只检查并统计，不写入")
        )
        parser.add_argument(
            "--new-index-key",
            action="store_true",
            help=_("同时用 TONGXIN_INDEX_KEY_NEW 重新计算检索散列"),
        )
        parser.add_argument(
            "--print-new-keys",
            action="store_true",
            help=_("只输出新生成的密钥（用于配置环境变量），不做其他操作"),
        )
        parser.add_argument("--json", action="store_true", help=_("以 JSON 输出结果"))

    def handle(self, *args, **opts):
        if opts["print_new_keys"]:
            self.stdout.write(f"TONGXIN_FIELD_KEYS={crypto.generate_field_key()}")
            self.stdout.write(f"TONGXIN_INDEX_KEY={crypto.generate_index_key()}")
            return
        if opts["batch"] < 1:
            raise CommandError(_("--batch 应为正整数。"))
        try:
            report = rotate_stored_values(
                batch=opts["batch"],
                dry_run=opts["dry_run"],
                rehash=opts["new_index_key"],
            )
        except (ImproperlyConfigured, crypto.DecryptionError) as e:
            raise CommandError(str(e)) from e
        if not report.dry_run:
            audit_record(action="key_rotate", detail=report.as_dict())
        if opts["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        for table, counts in report.tables.items():
            self.stdout.write(
                _(
                    "%(table)s：%(rows)d 行，%(values)d 个加密值，"
                    "重新加密 %(reencrypted)d 个，重算散列 %(rehashed)d 个"
                )
                % {"table": table, **counts}
            )
        self.stdout.write(
            _("试运行，未写入任何数据。")
            if report.dry_run
            else _("完成：共重新加密 %d 个值。") % report.reencrypted
        )
