"""What the import and export commands share: the acting user, the refusal
message, the JSON line and the summary of a check.

``import-roster``, ``export-roster`` and ``import-ledger`` speak alike: the
same ``--user`` rule (none: the command line's own full scope), the same
one-line refusal and the same human summary of the rows, valid rows and
problems (row, column, value, reason) before their own counts.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
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
