"""``tongxin import-ledger KIND PATH [--commit] [--mode all|valid] [--user NAME] [--json]``.

Imports a ledger (台账) of past years: ``KIND`` is ``activities``, ``items``,
``honors`` or ``tasks``.  Without ``--commit`` the file is only checked (a dry
run).  Without ``--user`` the command acts with full scope.  The exit status
is 0 on success, 1 when ``--commit`` in mode ``all`` wrote nothing because of
errors, and 2 when the file (or the request) is refused.  ``--json`` prints
exactly one JSON object: ``kind``, ``rows``, ``valid``, ``created``,
``errors`` (a list of ``{row, column, value, message}``), ``committed``,
``mode``, ``header_row`` and ``ignored_columns``.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.core.ledger import MODES, LedgerReport, kinds
from tongxin.ledger.services import ledger_import
from tongxin.members.roster.commandline import (
    acting_user,
    check_lines,
    dumps,
    refusal_message,
)

#: Errors listed in the human output; --json always lists them all.
SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = "Check a ledger of past years (.xlsx) and, with --commit, import it."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help="台账类别：" + "、".join(k.name for k in kinds())
        )
        parser.add_argument("path", help="台账文件（.xlsx）")
        parser.add_argument("--commit", action="store_true", help="写入（默认只预览）")
        parser.add_argument(
            "--mode",
            choices=MODES,
            default="all",
            help="all：全部无误才导入（默认）；valid：只导入无误的行",
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="以该用户的身份和权限导入"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="输出一个 JSON 对象"
        )

    def handle(self, *args, kind, path, commit, mode, user, as_json, **options):
        try:
            by = acting_user(user)
            report = ledger_import(
                by=by,
                kind=kind,
                source=Path(path),
                filename=Path(path).name,
                commit=commit,
                mode=mode,
            )
        except FileNotFoundError:
            self._refuse(kind, _("文件不存在：%s") % path, as_json)
        except IsADirectoryError:
            self._refuse(kind, _("不是文件：%s") % path, as_json)
        except (ServiceError, PermissionDenied, ValidationError) as e:
            self._refuse(kind, refusal_message(e), as_json)
        if as_json:
            self.stdout.write(dumps(report.as_dict()))
        else:
            self._print(report, commit=commit)
        if commit and not report.committed:
            raise CommandError(
                _("文件中有错误，按“全部无误才导入”方式没有写入任何数据。"),
                returncode=1,
            )

    def _refuse(self, kind: str, message: str, as_json: bool) -> NoReturn:
        if as_json:
            refusal = {"kind": kind, "rows": 0, "valid": 0, "created": 0}
            refusal.update(errors=[], committed=False, refused=message)
            self.stdout.write(dumps(refusal))
        raise CommandError(message, returncode=2)

    def _print(self, report: LedgerReport, *, commit: bool) -> None:
        write = self.stdout.write
        for line in check_lines(report, SHOWN_ERRORS):
            write(line)
        if report.committed:
            write(self.style.SUCCESS(_("已导入 %d 行。") % report.created))
        elif not commit:
            write(_("预览：将导入 %d 行。加 --commit 写入。") % report.created)
