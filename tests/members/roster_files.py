"""Build roster files for the roster tests: .xlsx with openpyxl, .csv in any encoding."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl

HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "身份证号",
    "学历",
    "界别",
    "手机",
    "入会时间",
    "所在组织",
]


def xlsx(rows: list[list], *, title_rows: list[list] | None = None) -> bytes:
    """Return an .xlsx workbook whose first sheet holds ``title_rows`` then ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    for row in [*(title_rows or []), *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig") -> bytes:
    """Return ``rows`` as CSV text in ``encoding``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def read_xlsx(data: bytes) -> list[list]:
    """Return the first sheet of an .xlsx as lists of values."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def corrupt_xlsx(data: bytes) -> bytes:
    """Return a workbook whose sheet XML is garbage but whose zip is intact."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = b"<worksheet><sheetData><row><c r='A1' t='s'><v>zz"
            target.writestr(item, content)
    return buffer.getvalue()
