"""A sign-in sheet (.xlsx or .csv) read into the members it names.

The sheet is read like a roster (:func:`tongxin.members.roster.reader.
read_roster`: the same file checks, the header row found below any title),
and each row names a member by 会员证号, 身份证号 or 姓名; a 所在组织
column, when the sheet has one, tells namesakes apart.  Rows are resolved
with :func:`tongxin.members.names.resolve_entries`, so a name that matches
several members is offered as a choice, keyed by the row number.  Problems
are listed by row, column, value and reason, as in the roster preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tongxin.core.text import clean_cell
from tongxin.members.names import Entry, Resolution, resolve_entries
from tongxin.members.roster.reader import RosterTable, read_roster

__all__ = ["SheetProblem", "SheetReading", "read_signin_sheet"]

#: Rows read from one sheet at most (a sign-in sheet, not a registry).
MAX_ROWS = 5000


@dataclass
class SheetProblem:
    row: int
    column: str
    value: str
    message: str


@dataclass
class SheetReading:
    resolution: Resolution
    problems: list[SheetProblem] = field(default_factory=list)
    rows: int = 0

    @property
    def members(self):
        return self.resolution.members

    @property
    def errors(self) -> list[SheetProblem]:
        return self.problems


def _cell(cells: list, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return clean_cell(cells[index]).strip()


def read_signin_sheet(
    *, user, source, filename: str, choices: dict[int, int] | None = None
) -> SheetReading:
    """Read a sheet and resolve its rows for ``user`` (ImportFileError if unreadable)."""
    table: RosterTable = read_roster(source, filename=filename)
    cols = {
        name: table.column(name)
        for name in ("name", "certificate_no", "id_number", "organization")
    }
    index = {k: (c.index if c else None) for k, c in cols.items()}
    header = {k: (c.header if c else "") for k, c in cols.items()}
    entries: list[Entry] = []
    problems: list[SheetProblem] = []
    used = {}
    rows = 0
    for number, cells in table.rows:
        rows += 1
        if rows > MAX_ROWS:
            problems.append(
                SheetProblem(
                    number,
                    "",
                    "",
                    _("签到表超过 %d 行，其余行未读取；请分成几个文件导入。")
                    % MAX_ROWS,
                )
            )
            break
        for key in ("certificate_no", "id_number", "name"):
            text = _cell(cells, index[key])
            if text:
                used[number] = key
                entries.append(
                    Entry(
                        key=number,
                        text=text,
                        org_hint=_cell(cells, index["organization"]),
                    )
                )
                break
        else:
            problems.append(
                SheetProblem(
                    number, header["name"], "", _("姓名、会员证号和身份证号都是空的。")
                )
            )
    resolution = resolve_entries(user=user, entries=entries, choices=choices)
    for entry in resolution.missing:
        key = used[entry.key]
        problems.append(
            SheetProblem(
                entry.key,
                header[key],
                entry.text,
                _("找不到这名会员，或您无权查看。")
                if key == "name"
                else _("没有会员持有这个号码，或您无权查看。"),
            )
        )
    seen: dict[int, int] = {}
    for entry in entries:
        member = resolution.found.get(entry.key)
        if member is None:
            continue
        if member.pk in seen:
            problems.append(
                SheetProblem(
                    entry.key,
                    header[used[entry.key]],
                    entry.text,
                    _("与第 %d 行是同一名会员，只登记一次。") % seen[member.pk],
                )
            )
        else:
            seen[member.pk] = entry.key
    problems.sort(key=lambda p: p.row)
    return SheetReading(resolution=resolution, problems=problems, rows=rows)
