"""``tongxin audit-verify [--json]``: walk the audit hash chain.

Exit code 0 when the chain is intact (with the row count and the last hash),
1 with the id of the first broken row otherwise.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tongxin.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit 1 at the first broken row."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="输出一个 JSON 对象"
        )

    def handle(self, *args, as_json: bool, **options):
        report = verify_chain()
        if as_json:
            self.stdout.write(
                json.dumps(
                    {**report.as_dict(), "message": report.message},
                    ensure_ascii=False,
                )
            )
        elif report.ok:
            self.stdout.write(report.message)
        if not report.ok:
            raise CommandError("" if as_json else report.message, returncode=1)
