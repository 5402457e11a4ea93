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

from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.members.roster.actor import SYSTEM_ACTOR
from tongxin.members.roster.commandline import ImportCommand
from tongxin.members.roster.importer import MODES, import_orgs, roster_import
from tongxin.orgs.models import Organization


class Command(ImportCommand):
    help = "Check a roster (.xlsx or .csv) and, with --commit, import its members."
    modes = MODES

    def add_file_arguments(self, parser):
        parser.add_argument("path", help="花名册文件（.xlsx 或 .csv）")

    def add_options(self, parser):
        parser.add_argument(
            "--org", metavar="CODE", help="没有所在组织的新会员放入此组织"
        )

    def run(self, *, by, path, commit, mode, options):
        return roster_import(
            by=by,
            source=path,
            filename=path.name,
            commit=commit,
            mode=mode,
            default_org=_org(options["org"], by),
            reason=_("命令行导入：%s") % path.name if by is SYSTEM_ACTOR else None,
        )

    def refused_counts(self, options):
        return {**super().refused_counts(options), "updated": 0}

    def committed_line(self, report):
        return _(
            "已导入：新增 %(created)d 人，更新 %(updated)d 人，无变化 %(unchanged)d 人。"
        ) % _counts(report)

    def preview_line(self, report):
        return _(
            "预览：将新增 %(created)d 人，更新 %(updated)d 人，无变化 %(unchanged)d 人。加 --commit 写入。"
        ) % _counts(report)


def _counts(report) -> dict:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }


def _org(code: str | None, by) -> Organization | None:
    """The default organization by code: one answer for unknown and out of reach."""
    if not code:
        return None
    org = import_orgs(user=by).filter(code=code).first()
    if org is None:
        raise ServiceError(_("组织代码“%s”不存在，或您无权向该组织导入会员。") % code)
    return org
