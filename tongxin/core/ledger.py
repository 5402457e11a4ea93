"""台账导入: the generic machinery of importing past years from .xlsx ledgers.

A *kind* of ledger (``activities``, ``items``, ``honors``, ``tasks`` …) is
declared by the domain app that owns its records, in ``<app>/ledger.py``, and
registered from the app's ``AppConfig.ready`` with :func:`register`.  A kind
says its columns (Chinese headers, which are required, an example, the
allowed values) and how one row is written: :meth:`LedgerKind.import_row`
calls the app's own services with the row's real dates, so a ledger row is
checked exactly as the same fact entered on a page or over the API would be
-- as of its own date.

:func:`run_rows` imports the rows of a file: every row in a savepoint of one
transaction, so a refused row leaves nothing behind and the rows after it
see the rows before it (as a commit would).  A dry run, and a commit in mode
``all`` that met an error, roll the whole transaction back; mode ``valid``
keeps the rows that passed.  The report has the roster import's shape.

Reading the file (size, type, zip bombs, macros) is the ledger app's; this
module imports no app.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.dates import RosterDateError, parse_roster_date
from tongxin.core.errors import ServiceError
from tongxin.core.text import clean_cell

__all__ = [
    "MODES",
    "Column",
    "LedgerError",
    "LedgerKind",
    "LedgerReport",
    "Row",
    "RowError",
    "get_kind",
    "kinds",
    "register",
    "run_rows",
    "template_workbook",
]

MODES = ("all", "valid")
#: The header row is looked for in this many top rows.
HEADER_SCAN_ROWS = 10
#: Separators of a list of names in one cell.
LIST_SEPARATORS = re.compile(r"[\s,，、;；/]+")


@dataclass(frozen=True)
class Column:
    """A column of a ledger: its key, its header and what it takes."""

    key: str
    header: str
    required: bool = False
    example: object = ""
    note: str = ""
    #: Other headers a secretary's sheet may use for it.
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row, column header, the value, the reason."""

    row: int
    column: str
    value: str
    message: str


class LedgerError(Exception):
    """A row (or one of its cells) that cannot be imported; nothing of it is written."""

    def __init__(self, message: str, *, column: str = "", value: object = ""):
        super().__init__(message)
        self.message = message
        self.column = column
        self.value = value


@dataclass
class Row:
    """A data row: its spreadsheet number and its cells by column key."""

    number: int
    cells: dict[str, object]

    def text(self, key: str) -> str:
        return clean_cell(self.cells.get(key))

    def required_text(self, kind: LedgerKind, key: str) -> str:
        value = self.text(key)
        if not value:
            raise LedgerError(
                _("请填写“%s”。") % kind.header(key), column=key, value=""
            )
        return value

    def date(self, kind: LedgerKind, key: str, *, required: bool = False):
        """The cell as a date: not empty if ``required``, never in the future."""
        raw = self.cells.get(key)
        try:
            day = parse_roster_date(raw)
        except RosterDateError as e:
            raise LedgerError(str(e), column=key, value=raw) from None
        if day is None:
            if required:
                raise LedgerError(
                    _("请填写“%s”。") % kind.header(key), column=key, value=""
                )
            return None
        today = timezone.localdate()
        if day > today:
            raise LedgerError(
                _("%(what)s %(day)s 晚于今天（%(today)s），台账只登记已经发生的事。")
                % {
                    "what": kind.header(key),
                    "day": day.isoformat(),
                    "today": today.isoformat(),
                },
                column=key,
                value=raw,
            )
        return day

    def time(self, kind: LedgerKind, key: str, default: dt.time) -> dt.time:
        """The cell as a time of day (``9:30``, ``09:30``), ``default`` if empty."""
        raw = self.cells.get(key)
        if raw in (None, ""):
            return default
        if isinstance(raw, dt.datetime):
            return raw.time()
        if isinstance(raw, dt.time):
            return raw
        if isinstance(raw, float) and 0 <= raw < 1:  # Excel's fraction of a day
            minutes = round(raw * 24 * 60)
            return dt.time(minutes // 60, minutes % 60)
        match = re.fullmatch(r"(\d{1,2})[:：](\d{2})(?::\d{2})?", clean_cell(raw))
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
        raise LedgerError(
            _("“%s”不是时刻，应写为 9:30 这样的格式。") % clean_cell(raw),
            column=key,
            value=raw,
        )

    def names(self, key: str) -> list[str]:
        """The cell as a list of names (separated by 、，; or spaces)."""
        return [n for n in LIST_SEPARATORS.split(self.text(key)) if n]

    def choice(self, kind: LedgerKind, key: str, choices: dict[str, str]) -> str:
        """The value of ``choices`` (label → value) the cell names."""
        text = self.text(key)
        if text in choices:
            return choices[text]
        raise LedgerError(
            _("“%(value)s”不是可选的值，应为：%(allowed)s。")
            % {"value": text, "allowed": "、".join(choices)},
            column=key,
            value=text,
        )


class LedgerKind:
    """A kind of ledger; subclasses set the class attributes and ``import_row``."""

    #: The stable name used by the CLI, the API and the URLs.
    name: str = ""
    #: What the page, the template and the messages call it.
    label: str = ""
    #: What one row is, for the notes sheet.
    row_is: str = ""
    columns: tuple[Column, ...] = ()
    #: Extra lines of the notes sheet.
    notes: tuple[str, ...] = ()
    #: Service field names → column keys, for errors a service raises.
    field_columns: dict[str, str] = {}
    #: The column an error of no particular field is shown on.
    main_column: str = ""

    def may_import(self, user) -> bool:  # pragma: no cover - abstract
        """Whether ``user`` may write this kind's records somewhere."""
        raise NotImplementedError

    def import_row(self, *, by, row: Row) -> object:  # pragma: no cover - abstract
        """Write one row through the app's services; raise on any problem."""
        raise NotImplementedError

    def header(self, key: str) -> str:
        for column in self.columns:
            if column.key == key:
                return str(column.header)
        return key

    def key_of_header(self, text: str) -> str | None:
        text = "".join(clean_cell(text).split())
        for column in self.columns:
            if text == str(column.header) or text in column.synonyms:
                return column.key
        return None

    def column_of_field(self, name: str) -> str:
        if name in self.field_columns:
            return self.field_columns[name]
        if any(c.key == name for c in self.columns):
            return name
        return self.main_column


_REGISTRY: dict[str, LedgerKind] = {}


def register(kind: LedgerKind) -> LedgerKind:
    """Add a kind (an app calls this from its ``AppConfig.ready``)."""
    _REGISTRY[kind.name] = kind
    return kind


def kinds() -> list[LedgerKind]:
    """Every registered kind, in a stable order."""
    order = ["activities", "items", "honors", "tasks", "inspections", "talent"]
    return sorted(
        _REGISTRY.values(),
        key=lambda k: (order.index(k.name) if k.name in order else 99, k.name),
    )


def get_kind(name: str) -> LedgerKind:
    """The kind called ``name``; ``ServiceError`` naming the kinds otherwise."""
    kind = _REGISTRY.get(name)
    if kind is None:
        raise ServiceError(
            _("台账类别“%(name)s”不存在，可用的类别：%(names)s。")
            % {"name": name, "names": "、".join(k.name for k in kinds())}
        )
    return kind


# --- the report ----------------------------------------------------------------------


@dataclass
class LedgerReport:
    """The outcome of a dry run or a commit, in the roster import's shape.

    ``created`` counts the rows written by a commit, or that a dry run (or a
    commit in mode ``valid``) would write.
    """

    kind: str
    filename: str = ""
    mode: str = "all"
    rows: int = 0
    valid: int = 0
    created: int = 0
    committed: bool = False
    header_row: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def invalid(self) -> int:
        return self.rows - self.valid

    def as_dict(self) -> dict:
        """The report as JSON-ready data (the CLI's and the API's contract)."""
        return {
            "kind": self.kind,
            "rows": self.rows,
            "valid": self.valid,
            "created": self.created,
            "errors": [asdict(e) for e in self.errors],
            "committed": self.committed,
            "mode": self.mode,
            "header_row": self.header_row,
            "ignored_columns": self.ignored_columns,
        }


def _value_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean_cell(value)


def _row_errors(kind: LedgerKind, row: Row, error: Exception) -> list[RowError]:
    """The error(s) a refused row reports, on the columns they concern."""

    def made(key: str, message: str, value: object = None) -> RowError:
        key = key or kind.main_column
        if value is None:
            value = row.cells.get(key, "")
        return RowError(
            row=row.number,
            column=kind.header(key),
            value=_value_text(value),
            message=str(message),
        )

    if isinstance(error, LedgerError):
        return [made(error.column, error.message, error.value)]
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [
                made(kind.column_of_field(name), message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        return [made("", m) for m in error.messages]
    if isinstance(error, ServiceError):
        return [made("", error.message)]
    message = str(error) or _("您没有权限执行此操作。")
    return [made("", message)]


REFUSED = (LedgerError, ValidationError, ServiceError, PermissionDenied)

#: What one import has looked up already (see :func:`import_memo`).
_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "ledger_import_memo", default=None
)


def import_memo() -> dict | None:
    """A dict kept for the rows of the import under way (None outside one).

    A ledger names the same people and organizations on many rows; the
    lookups that no row of an import changes (who a name is, their membership
    periods) are kept here instead of being asked again for every row.
    """
    return _MEMO.get()


def run_rows(
    kind: LedgerKind,
    *,
    by,
    rows: Iterable[Row],
    commit: bool,
    mode: str,
    report: LedgerReport,
) -> LedgerReport:
    """Import ``rows`` of ``kind`` as ``by``; fill and return ``report``.

    Each row is written in a savepoint: a refused row leaves nothing.  Nothing
    is kept by a dry run, nor by a commit in mode ``all`` when a row was
    refused.
    """
    if mode not in MODES:
        raise ValidationError(
            {
                "mode": _(
                    "导入方式应为 all（全部无误才导入）或 valid（只导入无误的行）。"
                )
            }
        )
    report.mode = mode
    token = _MEMO.set({})
    try:
        return _run(kind, by=by, rows=rows, commit=commit, mode=mode, report=report)
    finally:
        _MEMO.reset(token)


def _run(kind, *, by, rows, commit: bool, mode: str, report) -> LedgerReport:
    with transaction.atomic():
        for row in rows:
            report.rows += 1
            try:
                with transaction.atomic():
                    kind.import_row(by=by, row=row)
            except REFUSED as e:
                report.errors.extend(_row_errors(kind, row, e))
                continue
            report.valid += 1
        keep = commit and (mode == "valid" or not report.errors)
        report.created = report.valid if (keep or not commit) else 0
        report.committed = keep
        if not keep:
            transaction.set_rollback(True)
    return report


# --- reading rows and writing templates ----------------------------------------------


def table_rows(
    kind: LedgerKind, cells: Iterator[list]
) -> tuple[int, list[str], Iterator[Row]] | None:
    """Find ``kind``'s header among the first rows of a sheet.

    Return the header's row number, the ignored headers and the data rows,
    or ``None`` when no row of the top :data:`HEADER_SCAN_ROWS` has the
    kind's first required column.
    """
    first = next(str(c.header) for c in kind.columns if c.required)
    for number, values in enumerate(cells, start=1):
        if number > HEADER_SCAN_ROWS:
            return None
        keys = [kind.key_of_header(v) for v in values]
        if kind.key_of_header(first) not in keys or len(set(keys) - {None}) < 2:
            continue
        mapped: dict[int, str] = {}
        ignored: list[str] = []
        for index, (value, key) in enumerate(zip(values, keys, strict=True)):
            if key is None or key in mapped.values():
                if clean_cell(value):
                    ignored.append(" ".join(clean_cell(value).split()))
                continue
            mapped[index] = key
        return number, ignored, _data_rows(cells, number, mapped)
    return None


def _data_rows(
    cells: Iterator[list], header_row: int, mapped: dict[int, str]
) -> Iterator[Row]:
    from tongxin.core.exports import restore

    for number, values in enumerate(cells, start=header_row + 1):
        row = {}
        for index, key in mapped.items():
            value = values[index] if index < len(values) else None
            if isinstance(value, str):
                value = restore(value).strip()
                if not value:
                    value = None
            row[key] = value
        if any(v not in (None, "") for v in row.values()):
            yield Row(number=number, cells=row)


def template_workbook(kind: LedgerKind, *, allowed: Callable[[], list] | None = None):
    """The import template of ``kind``: headers, an example row, a notes sheet."""
    from openpyxl.styles import Font, PatternFill

    from tongxin.core.exports import workbook

    book = workbook()
    sheet = book.active
    sheet.title = str(kind.label)[:31]
    sheet.append([str(c.header) for c in kind.columns])
    sheet.append([str(c.example) if c.example else None for c in kind.columns])
    bold = Font(bold=True)
    required = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        if column.required:
            cell.fill = required
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, 2 * len(str(column.header)) + 4)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(str(NOTES_TITLE))
    notes.append([str(_("列")), str(_("必填")), str(_("说明与可选值"))])
    for column in kind.columns:
        notes.append(
            [
                str(column.header),
                str(_("是")) if column.required else "",
                str(column.note),
            ]
        )
    notes.append([])
    notes.append([str(_("每行")), "", str(kind.row_is)])
    for line in kind.notes:
        notes.append(["", "", str(line)])
    notes.append(
        [
            "",
            "",
            str(
                _(
                    "第 2 行是示例，导入前请删除或改写。日期可写为 2024-05-19、"
                    "2024.5.19、2024年5月19日或 Excel 日期；每个日期都按当天的情况核对"
                    "（会员当时在册、组织当时存在），不能晚于今天。"
                )
            ),
        ]
    )
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 90
    for cell in notes[1]:
        cell.font = bold
    return book


NOTES_TITLE = gettext_lazy("填写说明")
