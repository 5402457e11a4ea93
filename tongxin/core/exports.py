"""The one path by which Tongxin writes spreadsheets (.xlsx and .csv).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return runs as a formula when the file is opened (CSV/formula injection: a
suggestion titled ``=HYPERLINK(…)`` becomes a live link).  Every workbook and
every CSV file Tongxin writes comes from here, and every text cell in it is
*neutralised*: such text is written with one leading single quote
(``=SUM(A1)`` → ``'=SUM(A1)``), and so is text that itself starts with a
quote, which keeps the scheme reversible -- :func:`restore` drops one leading
quote, and the roster importer does so for every text cell it reads.

- :func:`workbook` returns an openpyxl workbook (write-only or not) whose
  sheets neutralise every text cell: write-only sheets as rows are appended,
  ordinary sheets when the workbook is saved.  Callers write plain values and
  never neutralise themselves (a value neutralised twice gains two quotes).
- :func:`csv_writer` wraps :func:`csv.writer` the same way.

Nothing here writes a formula: Tongxin's files hold values only.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = [
    "FORMULA_STARTS",
    "SafeWorkbook",
    "csv_writer",
    "neutralise",
    "neutralise_row",
    "restore",
    "workbook",
]

#: First characters that make a spreadsheet read a cell as a formula (or, for
#: the quote, that mark a neutralised cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """Prefix a single quote to text a spreadsheet would run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (and, so that the scheme is reversible, a quote) gets one leading ``'``;
    :func:`restore` removes it again.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(value: object) -> object:
    """Undo :func:`neutralise`: drop one leading quote from a text cell."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def _safe(value):
    if isinstance(value, Cell):  # WriteOnlyCell makes a Cell too
        if isinstance(value.value, str):
            value.value = neutralise(value.value)
        return value
    if isinstance(value, str):
        return neutralise(value)
    return value


def neutralise_row(values: Iterable) -> list:
    """Return a row with every text value (and text cell) neutralised."""
    return [_safe(v) for v in values]


class _SafeWriteOnlyWorksheet(WriteOnlyWorksheet):
    """A write-only sheet that neutralises every row appended to it."""

    def append(self, row) -> None:
        super().append(neutralise_row(row))


class SafeWorkbook(Workbook):
    """An openpyxl workbook whose text cells can never run as formulas."""

    def create_sheet(self, title=None, index=None):
        if self.write_only:
            sheet = _SafeWriteOnlyWorksheet(parent=self, title=title)
            self._add_sheet(sheet=sheet, index=index)
            return sheet
        return super().create_sheet(title=title, index=index)

    def save(self, filename) -> None:
        if not self.write_only:
            for sheet in self.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        # A text that starts like a formula is bound as one
                        # ("f"); neutralised, it is bound as text again.
                        if isinstance(cell.value, str) and cell.data_type in "sf":
                            cell.value = neutralise(cell.value)
        super().save(filename)


def workbook(*, write_only: bool = False) -> SafeWorkbook:
    """Return a new workbook for an export (see the module docstring)."""
    return SafeWorkbook(write_only=write_only)


class _CsvWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable):
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> _CsvWriter:
    """Return a :func:`csv.writer` on ``out`` that neutralises every text value."""
    return _CsvWriter(csv.writer(out, **kwargs))
