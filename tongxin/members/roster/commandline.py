"""What the import and export commands share: the acting user, the refusal
message, the JSON line, the summary of a check and the import commands' run.

``import-roster``, ``export-roster`` and ``import-ledger`` speak alike: the
same ``--user`` rule (none: the command line's own full scope), the same
one-line refusal and the same human summary of the rows, valid rows and
problems (row, column, value, reason) before their own counts.  The two import
commands are :class:`ImportCommand`: the same options, the same refusals (exit
status 2) and the same exit status 1 when mode ``all`` wrote nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.core.errors import ServiceError
from tongxin.members.roster.actor import SYSTEM_ACTOR


def acting_user(username: str | None):
    """The user named by ``--user``, or the command line's own actor."""
    if not username:
        return SYSTEM_ACTOR
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise ServiceError(_("用户“%s”不存在。") % username) from None


def refusal_message(error: Exception) -> str:
    """One line saying why a request was refused."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return getattr(error, "message", None) or str(error) or _("您没有权限执行此操作。")


def dumps(data: dict) -> str:
    """The ``--json`` object, Chinese kept readable."""
    return json.dumps(data, ensure_ascii=False)


def check_lines(report, shown: int) -> list[str]:
    """The human summary of a check: file, header row, ignored columns, counts
    and the first ``shown`` problems."""
    lines = [
        _("文件：%(file)s（表头在第 %(row)d 行）")
        % {"file": report.filename, "row": report.header_row}
    ]
    if report.ignored_columns:
        lines.append(_("未识别、已忽略的列：%s") % "、".join(report.ignored_columns))
    lines.append(
        _("数据行：%(rows)d，无误：%(valid)d，有误：%(invalid)d")
        % {"rows": report.rows, "valid": report.valid, "invalid": report.invalid}
    )
    if report.errors:
        lines.append(_("问题（%d 条）：") % len(report.errors))
        for e in report.errors[:shown]:
            lines.append(
                _("  第 %(row)d 行 [%(column)s] “%(value)s”：%(message)s")
                % {
                    "row": e.row,
                    "column": e.column,
                    "value": e.value,
                    "message": e.message,
                }
            )
        if len(report.errors) > shown:
            lines.append(
                _("  ……另有 %d 条，用 --json 查看全部") % (len(report.errors) - shown)
            )
    return lines


class ImportCommand(BaseCommand):
    """``… PATH [--commit] [--mode all|valid] [--user NAME] [--json]``.

    Without ``--commit`` the file is only checked (a dry run).  The exit status
    is 0 on success, 1 when ``--commit`` in mode ``all`` wrote nothing because
    of errors, and 2 when the file (or the request) is refused.  ``--json``
    prints exactly one JSON object: the report's, or on a refusal
    :meth:`refused_counts` with ``errors``, ``committed`` and ``refused``.
    A subclass adds its arguments and implements :meth:`run`.
    """

    #: Errors listed in the human output; --json always lists them all.
    shown_errors = 200
    modes = ("all", "valid")
    user_help = "以该用户的身份和权限导入"

    def add_file_arguments(self, parser) -> None:
        """The positional arguments; ``path`` among them."""
        raise NotImplementedError

    def add_options(self, parser) -> None:
        """Options of the command's own, after ``--mode``."""

    def add_arguments(self, parser):
        self.add_file_arguments(parser)
        parser.add_argument("--commit", action="store_true", help="写入（默认只预览）")
        parser.add_argument(
            "--mode",
            choices=self.modes,
            default="all",
            help="all：全部无误才导入（默认）；valid：只导入无误的行",
        )
        self.add_options(parser)
        parser.add_argument("--user", metavar="USERNAME", help=self.user_help)
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="输出一个 JSON 对象"
        )

    def run(self, *, by, path: Path, commit: bool, mode: str, options: dict):
        """Check or import the file at ``path``; return the report."""
        raise NotImplementedError

    def refused_counts(self, options: dict) -> dict:
        """The JSON object's leading keys when the file is refused."""
        return {"rows": 0, "valid": 0, "created": 0}

    def committed_line(self, report) -> str:
        raise NotImplementedError

    def preview_line(self, report) -> str:
        raise NotImplementedError

    def handle(self, *args, path, commit, mode, user, as_json, **options):
        try:
            by = acting_user(user)
            report = self.run(
                by=by, path=Path(path), commit=commit, mode=mode, options=options
            )
        except FileNotFoundError:
            self._refuse(_("文件不存在：%s") % path, as_json, options)
        except IsADirectoryError:
            self._refuse(_("不是文件：%s") % path, as_json, options)
        except (ServiceError, PermissionDenied, ValidationError) as e:
            self._refuse(refusal_message(e), as_json, options)
        if as_json:
            self.stdout.write(dumps(report.as_dict()))
        else:
            for line in check_lines(report, self.shown_errors):
                self.stdout.write(line)
            if report.committed:
                self.stdout.write(self.style.SUCCESS(self.committed_line(report)))
            elif not commit:
                self.stdout.write(self.preview_line(report))
        if commit and not report.committed:
            raise CommandError(
                _("文件中有错误，按“全部无误才导入”方式没有写入任何数据。"),
                returncode=1,
            )

    def _refuse(self, message: str, as_json: bool, options: dict) -> NoReturn:
        if as_json:
            refusal = self.refused_counts(options)
            refusal.update(errors=[], committed=False, refused=message)
            self.stdout.write(dumps(refusal))
        raise CommandError(message, returncode=2)
