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

from django.utils.translation import gettext as _

from tongxin.core.ledger import MODES, kinds
from tongxin.ledger.services import ledger_import
from tongxin.members.roster.commandline import ImportCommand


class Command(ImportCommand):
    help = "Check a ledger of past years (.xlsx) and, with --commit, import it."
    modes = MODES

    def add_file_arguments(self, parser):
        parser.add_argument(
            "kind", help="台账类别：" + "、".join(k.name for k in kinds())
        )
        parser.add_argument("path", help="台账文件（.xlsx）")

    def run(self, *, by, path, commit, mode, options):
        return ledger_import(
            by=by,
            kind=options["kind"],
            source=path,
            filename=path.name,
            commit=commit,
            mode=mode,
        )

    def refused_counts(self, options):
        return {"kind": options["kind"], **super().refused_counts(options)}

    def committed_line(self, report):
        return _("已导入 %d 行。") % report.created

    def preview_line(self, report):
        return _("预览：将导入 %d 行。加 --commit 写入。") % report.created
