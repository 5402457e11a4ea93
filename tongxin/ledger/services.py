"""台账导入: read a ledger workbook and import it; write a kind's template.

The one entry point of the web page, the API and ``tongxin import-ledger``:
:func:`ledger_import`.  The workbook is checked as a roster is (size, type by
content, damaged archives, zip bombs, macros, :func:`load_xlsx`) and, beyond
that, refused when a data sheet holds formulas: a ledger records facts, and
a formula's value is whatever the spreadsheet last computed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

import python_calamine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from tongxin.core.ledger import (
    HEADER_SCAN_ROWS,
    MODES,
    LedgerKind,
    LedgerReport,
    get_kind,
    run_rows,
    table_rows,
    template_workbook,
)
from tongxin.members.roster.reader import ImportFileError, load_xlsx

__all__ = ["ImportFileError", "ledger_import", "ledger_template", "template_filename"]

#: A formula cell in a worksheet part (any namespace prefix).
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _refuse_formulas(data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in archive.infolist():
        if not info.filename.startswith("xl/worksheets/"):
            continue
        if _FORMULA.search(archive.read(info)):
            raise ImportFileError(
                _(
                    "表格中含有公式，台账只接受填写的值。请全选后复制，"
                    "“选择性粘贴”为“数值”，保存后再导入。"
                )
            )


def _require(kind: LedgerKind, by) -> None:
    if not kind.may_import(by):
        raise PermissionDenied(_("您没有导入%s的权限。") % kind.label)


def ledger_import(
    *,
    by,
    kind: str,
    source: bytes | Path | str | BinaryIO,
    filename: str,
    commit: bool = False,
    mode: str = "all",
) -> LedgerReport:
    """Check a ledger of ``kind`` and, with ``commit``, import it; return the report.

    ``mode``: ``all`` writes nothing if any row is refused, ``valid`` writes
    the rows that pass.  Raise ``ServiceError`` for an unknown kind,
    :class:`ImportFileError` for a file that cannot be read,
    ``PermissionDenied`` for a user who may not write that kind anywhere.
    """
    ledger = get_kind(kind)
    _require(ledger, by)
    if mode not in MODES:
        raise ValidationError(
            {
                "mode": _(
                    "导入方式应为 all（全部无误才导入）或 valid（只导入无误的行）。"
                )
            }
        )
    data = load_xlsx(source, filename=filename)
    _refuse_formulas(data)
    report = LedgerReport(kind=ledger.name, filename=Path(filename or "").name)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        found = None
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            found = table_rows(ledger, iter(sheet.to_python(skip_empty_area=False)))
            if found is not None:
                break
    except Exception:  # calamine's zip and XML errors: a damaged workbook
        raise ImportFileError(
            _("文件已损坏或不完整，无法读取，请用 Excel 或 WPS 打开后重新保存再导入。")
        ) from None
    if found is None:
        first = next(str(c.header) for c in ledger.columns if c.required)
        raise ImportFileError(
            _(
                "没有找到%(kind)s的表头：前 %(n)d 行中应有一行包含“%(first)s”等列。"
                "请下载%(kind)s模板对照填写。"
            )
            % {"kind": ledger.label, "n": HEADER_SCAN_ROWS, "first": first}
        )
    report.header_row, report.ignored_columns, rows = found
    return run_rows(ledger, by=by, rows=rows, commit=commit, mode=mode, report=report)


def ledger_template(*, by, kind: str) -> bytes:
    """The .xlsx template of ``kind`` for a user who may import it."""
    ledger = get_kind(kind)
    _require(ledger, by)
    out = io.BytesIO()
    template_workbook(ledger).save(out)
    return out.getvalue()


def template_filename(kind: str) -> str:
    return _("%s导入模板.xlsx") % get_kind(kind).label
