"""``tongxin import-roster PATH [--commit] [--mode all|valid] [--org CODE] [--user NAME] [--json]``.

Without ``--commit`` the roster is only checked (a dry run).  Without
``--user`` the command acts with full scope and records history without a
user, with the change reason "命令行导入".  The exit status is 0 on success,
1 when ``--commit`` in mode ``all`` wrote nothing because of errors, and 2
when the file (or the request) is refused.  ``--json`` prints exactly one JSON
object: ``rows``, ``valid``, ``created``, ``updated`` and ``errors`` (a list
of ``{row, column, value, message}``), plus ``committed``, ``mode`` and the
rest of the report.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.members.roster.actor import SYSTEM_ACTOR
from tongxin.members.roster.commandline import (
    acting_user,
    check_lines,
    dumps,
    refusal_message,
)
from tongxin.members.roster.importer import (
    MODES,
    ImportReport,
    import_orgs,
    roster_import,
)
from tongxin.orgs.models import Organization

#: Errors listed in the human output; --json always lists them all.
SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = "Check a roster (.xlsx or .csv) and, with --commit, import its members."

    def add_arguments(self, parser):
        parser.add_argument("path", help="花名册文件（.xlsx 或 .csv）")
        parser.add_argument("--commit", action="store_true", help="写入（默认只预览）")
        parser.add_argument(
            "--mode",
            choices=MODES,
            default="all",
            help="all：全部无误才导入（默认）；valid：只导入无误的行",
        )
        parser.add_argument(
            "--org", metavar="CODE", help="没有所在组织的新会员放入此组织"
        )
        parser.add_argument(
            "--user", metavar="USERNAME", help="以该用户的身份和权限导入"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="输出一个 JSON 对象"
        )

    def handle(self, *args, path, commit, mode, org, user, as_json, **options):
        try:
            by = acting_user(user)
            report = roster_import(
                by=by,
                source=Path(path),
                filename=Path(path).name,
                commit=commit,
                mode=mode,
                default_org=_org(org, by),
                reason=_("命令行导入：%s") % Path(path).name
                if by is SYSTEM_ACTOR
                else None,
            )
        except FileNotFoundError:
            self._refuse(_("文件不存在：%s") % path, as_json)
        except IsADirectoryError:
            self._refuse(_("不是文件：%s") % path, as_json)
        except (ServiceError, PermissionDenied, ValidationError) as e:
            self._refuse(refusal_message(e), as_json)
        if as_json:
            self.stdout.write(dumps(report.as_dict()))
        else:
            self._print(report, commit=commit)
        if commit and not report.committed:
            raise CommandError(
                _("文件中有错误，按“全部无误才导入”方式没有写入任何数据。"),
                returncode=1,
            )

    def _refuse(self, message: str, as_json: bool) -> NoReturn:
        if as_json:
            refusal = {"rows": 0, "valid": 0, "created": 0, "updated": 0, "errors": []}
            refusal.update(committed=False, refused=message)
            self.stdout.write(dumps(refusal))
        raise CommandError(message, returncode=2)

    def _print(self, report: ImportReport, *, commit: bool) -> None:
        write = self.stdout.write
        for line in check_lines(report, SHOWN_ERRORS):
            write(line)
        counts = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if report.committed:
            write(
                self.style.SUCCESS(
                    _(
                        "已导入：新增 %(created)d 人，更新 %(updated)d 人，无变化 %(unchanged)d 人。"
                    )
                    % counts
                )
            )
        elif not commit:
            write(
                _(
                    "预览：将新增 %(created)d 人，更新 %(updated)d 人，无变化 %(unchanged)d 人。加 --commit 写入。"
                )
                % counts
            )


def _org(code: str | None, by) -> Organization | None:
    """The default organization by code: one answer for unknown and out of reach."""
    if not code:
        return None
    org = import_orgs(user=by).filter(code=code).first()
    if org is None:
        raise ServiceError(_("组织代码“%s”不存在，或您无权向该组织导入会员。") % code)
    return org
