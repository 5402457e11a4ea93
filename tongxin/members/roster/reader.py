"""Read a roster file (.xlsx or .csv) into a header map and rows of cells.

The file is checked before anything is parsed: its size against
``settings.TONGXIN_MAX_UPLOAD_BYTES``, its extension against its first bytes
(an .xlsx is a zip archive, a .csv is text), the archive's integrity and
unpacked size.  Anything else is refused with :class:`ImportFileError`, whose
Chinese message says what to do.  .xlsx is read with python-calamine; .csv
in UTF-8 (with or without BOM), UTF-16 with BOM or GB18030 (which covers GBK
and GB2312, what Excel on Chinese Windows writes).

The header row is the first of the top :data:`~.columns.HEADER_SCAN_ROWS`
rows that has a 姓名 column, so title rows such as "XX支部会员花名册" above
it are skipped.  Row numbers are those a spreadsheet shows (1-based).
"""

from __future__ import annotations

import codecs
import copy
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import python_calamine
from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.core.text import clean_cell
from tongxin.members.roster import columns

__all__ = ["ImportFileError", "RosterTable", "SourceColumn", "load_xlsx", "read_roster"]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An .xlsx may unpack to at most this many times the upload limit.
MAX_UNPACK_RATIO = 20
#: A part of an .xlsx larger than :data:`RATIO_FLOOR` unpacked may be at most
#: this many times its packed size.  Spreadsheet XML packs 5 to 30 times; a
#: zip bomb's repeated bytes 1,000 times.
MAX_PART_RATIO = 200
RATIO_FLOOR = 1 << 20
#: The part holding macros: a macro-enabled workbook (.xlsm) renamed .xlsx.
MACRO_PARTS = frozenset({"xl/vbaProject.bin"})
OLD_FORMATS = frozenset({".xls", ".et", ".ett", ".wps", ".xlt", ".xlsb"})
OTHER_SPREADSHEETS = frozenset({".ods", ".numbers", ".xlsm", ".xltx"})


class ImportFileError(ServiceError):
    """A roster file that cannot be read at all; nothing was imported."""

    code = "bad_file"


@dataclass(frozen=True)
class SourceColumn:
    """A column of the file that fills a member field."""

    index: int
    header: str  # as written in the file, blanks collapsed
    field: str


@dataclass
class RosterTable:
    """The readable part of a roster file.

    ``rows`` yields ``(row number, cells)`` for every row below the header
    that has a value in some mapped column; it can be consumed once.
    """

    filename: str
    sheet: str
    header_row: int
    columns: list[SourceColumn]
    ignored: list[str]
    rows: Iterator[tuple[int, list]] = field(repr=False)

    def column(self, field_name: str) -> SourceColumn | None:
        """Return the file's column for ``field_name``, if it has one."""
        for c in self.columns:
            if c.field == field_name:
                return c
        return None


def _size_of(source: BinaryIO) -> int:
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    position = source.tell()
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def _load(source: bytes | Path | str | BinaryIO) -> bytes:
    """Return the file's bytes, refusing files over the upload limit unread."""
    limit = settings.TONGXIN_MAX_UPLOAD_BYTES
    if isinstance(source, bytes):
        size = len(source)
    elif isinstance(source, Path | str):
        size = Path(source).stat().st_size
    else:
        size = _size_of(source)
    if size > limit:
        raise ImportFileError(
            _("文件太大（%(size)s），上限为 %(limit)s。请分成几个文件导入。")
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    if size == 0:
        raise ImportFileError(_("文件是空的，请选择填好的花名册。"))
    if isinstance(source, bytes):
        return source
    if isinstance(source, Path | str):
        return Path(source).read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read(limit + 1)
    if len(data) > limit:  # the stream was longer than it said
        raise ImportFileError(
            _("文件太大，上限为 %(limit)s。") % {"limit": _megabytes(limit)}
        )
    return data


def _megabytes(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB"


def read_roster(source: bytes | Path | str | BinaryIO, *, filename: str) -> RosterTable:
    """Check and open a roster file; raise :class:`ImportFileError` if unusable."""
    suffix = Path(filename or "").suffix.lower()
    if suffix in OLD_FORMATS:
        raise ImportFileError(
            _(
                "不支持 %(ext)s 格式（旧版 Excel 或 WPS 表格）。"
                "请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入。"
            )
            % {"ext": suffix}
        )
    if suffix not in (".xlsx", ".csv"):
        if suffix in OTHER_SPREADSHEETS:
            hint = _("请另存为 .xlsx 格式后再导入。")
        else:
            hint = _("花名册应为 .xlsx 或 .csv 文件。")
        raise ImportFileError(
            _("不支持的文件类型“%(ext)s”。") % {"ext": suffix or filename} + hint
        )
    data = _load(source)
    if suffix == ".xlsx":
        return _read_xlsx(data, filename)
    return _read_csv(data, filename)


def load_xlsx(source: bytes | Path | str | BinaryIO, *, filename: str) -> bytes:
    """Return the bytes of an .xlsx upload checked as a roster's are.

    The size, the extension against the content, the archive's integrity,
    macros and unpacked sizes; :class:`ImportFileError` otherwise.  Other
    imports (the ledgers) read their workbooks through this.
    """
    suffix = Path(filename or "").suffix.lower()
    if suffix != ".xlsx":
        if suffix in OLD_FORMATS:
            hint = _("请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入。")
        else:
            hint = _("请使用下载的 .xlsx 模板填写。")
        raise ImportFileError(
            _("不支持的文件类型“%(ext)s”。") % {"ext": suffix or filename} + hint
        )
    data = _load(source)
    _check_xlsx(data)
    return data


def _read_xlsx(data: bytes, filename: str) -> RosterTable:
    _check_xlsx(data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            # skip_empty_area=False keeps leading blank rows and columns, so
            # row numbers and positions are the ones the spreadsheet shows.
            rows = iter(sheet.to_python(skip_empty_area=False))
            table = _table(rows, filename=filename, sheet=meta.name)
            if table is not None:
                return table
    except ImportFileError:
        raise
    except Exception:  # calamine's zip and XML errors: a damaged workbook
        raise ImportFileError(
            _("文件已损坏或不完整，无法读取，请用 Excel 或 WPS 打开后重新保存再导入。")
        ) from None
    raise _no_header()


def _check_xlsx(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "文件扩展名是 .xlsx，但内容是旧版 .xls 格式或设置了打开密码。"
                "请取消密码并“另存为” .xlsx 格式后再导入。"
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(
            _(
                "文件内容不是 .xlsx 工作簿（扩展名与内容不符），请用 Excel 或 WPS 另存为 .xlsx。"
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(
            _("文件已损坏或不完整（可能没有上传完），请重新保存后再导入。")
        ) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            _("文件不是 Excel 工作簿（缺少工作表数据），请另存为 .xlsx。")
        )
    if names & MACRO_PARTS:
        raise ImportFileError(
            _(
                "文件是含宏的工作簿（.xlsm），不能导入。"
                "请在 Excel 或 WPS 中“另存为”不含宏的 .xlsx 格式后再导入。"
            )
        )
    _check_unpacked_sizes(archive, members)


def _too_large() -> ImportFileError:
    return ImportFileError(
        _(
            "文件解压后过大或压缩比异常（可能是恶意构造的文件），已拒绝。"
            "请只保留花名册数据，重新保存后再导入，或分成几个文件导入。"
        )
    )


def _check_unpacked_sizes(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]
) -> None:
    """Refuse a zip bomb before the spreadsheet parser unpacks it.

    The sizes the archive declares must be modest -- in total, and for each
    part relative to its packed size -- and true: each part is unpacked here
    once, in chunks, reading at most one byte more than declared.  A part
    that unpacks to more than it declares would otherwise pass the first
    checks and exhaust memory in the parser.
    """
    limit = MAX_UNPACK_RATIO * settings.TONGXIN_MAX_UPLOAD_BYTES
    if sum(m.file_size for m in members) > limit:
        raise _too_large()
    for member in members:
        if member.is_dir():
            continue
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_PART_RATIO * max(
            member.compress_size, 1
        ):
            raise _too_large()
        probe = copy.copy(member)
        probe.file_size = member.file_size + 1
        unpacked = 0
        try:
            with archive.open(probe) as part:
                while chunk := part.read(1 << 20):
                    unpacked += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise ImportFileError(
                _("文件已损坏或不完整（可能没有上传完），请重新保存后再导入。")
            ) from None
        except NotImplementedError:  # a compression method Excel never uses
            raise ImportFileError(
                _("文件的压缩方式无法识别，请用 Excel 或 WPS 另存为 .xlsx。")
            ) from None
        if unpacked > member.file_size:
            raise _too_large()
        if unpacked < member.file_size:
            raise ImportFileError(
                _("文件已损坏或不完整（可能没有上传完），请重新保存后再导入。")
            )


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("无法识别 CSV 文件的编码，请另存为“CSV UTF-8（逗号分隔）”格式后再导入。")
    )


def _read_csv(data: bytes, filename: str) -> RosterTable:
    head = data[:8192]
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise ImportFileError(
            _(
                "文件扩展名是 .csv，但内容是 Excel 工作簿。请把扩展名改为 .xlsx，或另存为 CSV。"
            )
        )
    text = _decode(data)
    if (
        "\x00" in text[:8192]
        or b"\x00" in head
        and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    ):
        raise ImportFileError(_("文件内容不是文本格式的 CSV（扩展名与内容不符）。"))
    if not text.strip():
        raise ImportFileError(_("文件是空的，请选择填好的花名册。"))
    first_lines = text[:4096]
    delimiter = "\t" if first_lines.count("\t") > first_lines.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[list]:
        try:
            yield from reader
        except csv.Error as e:
            raise ImportFileError(
                _(
                    "CSV 文件格式错误（第 %(line)d 行）：请用 Excel 或 WPS 打开后重新保存。"
                )
                % {"line": reader.line_num}
            ) from e

    table = _table(rows(), filename=filename, sheet="")
    if table is None:
        raise _no_header()
    return table


def _no_header() -> ImportFileError:
    return ImportFileError(
        _(
            "没有找到“姓名”列：花名册前 %(n)d 行中应有一行表头，"
            "包含“姓名”以及“性别”“身份证号”等列。可下载导入模板对照。"
        )
        % {"n": columns.HEADER_SCAN_ROWS}
    )


def _header_text(value: object) -> str:
    return " ".join(clean_cell(value).split())


def _table(rows: Iterator[list], *, filename: str, sheet: str) -> RosterTable | None:
    """Find the header row among the first rows; ``None`` if there is none."""
    for number, cells in enumerate(rows, start=1):
        if number > columns.HEADER_SCAN_ROWS:
            return None
        fields = [columns.field_of_header(c) for c in cells]
        if "name" not in fields:
            continue
        mapped: list[SourceColumn] = []
        ignored: list[str] = []
        seen: set[str] = set()
        for index, (cell, field_name) in enumerate(zip(cells, fields, strict=True)):
            header = _header_text(cell)
            if field_name is None or field_name in seen:
                if (
                    header
                    and columns.normalize_header(cell) not in columns.IGNORED_HEADERS
                ):
                    ignored.append(header)
                continue
            seen.add(field_name)
            mapped.append(SourceColumn(index=index, header=header, field=field_name))
        return RosterTable(
            filename=filename,
            sheet=sheet,
            header_row=number,
            columns=mapped,
            ignored=ignored,
            rows=_data_rows(rows, number, [c.index for c in mapped]),
        )
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _data_rows(
    rows: Iterator[list], header_row: int, indexes: list[int]
) -> Iterator[tuple[int, list]]:
    """Yield the rows below the header that hold a value in a mapped column."""
    for number, cells in enumerate(rows, start=header_row + 1):
        width = len(cells)
        if all(i >= width or _blank(cells[i]) for i in indexes):
            continue
        yield number, cells
