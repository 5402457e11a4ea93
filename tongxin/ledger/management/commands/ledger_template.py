"""``tongxin ledger-template KIND PATH``: write the .xlsx template of a ledger kind."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.core.ledger import kinds
from tongxin.ledger.services import ledger_template
from tongxin.members.roster.actor import SYSTEM_ACTOR


class Command(BaseCommand):
    help = "Write the import template (.xlsx) of a ledger kind."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="台账类别：" + "、".join(k.name for k in kinds())
        )
        parser.add_argument("path", help="写入的文件（.xlsx）")

    def handle(self, *args, kind, path, **options):
        try:
            data = ledger_template(by=SYSTEM_ACTOR, kind=kind)
        except ServiceError as e:
            raise CommandError(e.message, returncode=2) from None
        Path(path).write_bytes(data)
        self.stdout.write(_("已写入模板：%s") % path)
