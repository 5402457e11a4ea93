"""The columns of a roster (花名册): the one layout import and export share.

Rosters arrive with many spellings of the same header: 出生年月 for 出生日期,
公民身份号码 for 身份证号, 所在支部 for 所在组织, with spaces, full-width
characters, asterisks marking required columns and line breaks inside the
cell.  :func:`field_of_header` maps any of these to a model field;
:data:`COLUMNS` is the canonical order the exporter and the template write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tongxin.core import exports
from tongxin.core.text import clean_cell

__all__ = [
    "COLUMNS",
    "HEADER_SCAN_ROWS",
    "IGNORED_HEADERS",
    "ORG_CODE",
    "ORGANIZATION",
    "Column",
    "by_field",
    "field_of_header",
    "neutralise",
    "normalize_header",
    "restore",
]

#: Pseudo-fields: columns that name the organization rather than a member field.
ORGANIZATION = "organization"
ORG_CODE = "org_code"

#: How many rows from the top of a sheet are searched for the header row.
HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class Column:
    """A roster column: its canonical header, the field it fills, other spellings."""

    header: str
    field: str
    synonyms: tuple[str, ...] = ()
    width: int = 12
    #: True for columns whose values must stay text in a spreadsheet (no numbers).
    text: bool = False
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", ("会员姓名", "名字"), 10, example="张传吉"),
    Column("曾用名", "former_name", ("别名",), 10),
    Column("性别", "gender", (), 6, example="男"),
    Column("民族", "ethnicity", (), 8, example="汉族"),
    Column(
        "出生日期",
        "birth_date",
        ("出生年月", "出生年月日", "出生时间", "生日"),
        12,
        text=True,
        example="1975-03-14",
    ),
    Column("籍贯", "native_place", (), 10, example="辽宁大连"),
    Column(
        "身份证号",
        "id_number",
        (
            "公民身份号码",
            "身份证号码",
            "身份证",
            "公民身份证号",
            "公民身份证号码",
            "证件号码",
        ),
        21,
        text=True,
    ),
    Column("学历", "education", ("文化程度", "最高学历"), 14, example="大学本科毕业"),
    Column("学位", "degree", ("最高学位",), 8, example="学士"),
    Column(
        "职称",
        "title",
        ("专业技术职称", "专业技术职务", "技术职称"),
        14,
        example="中学高级教师",
    ),
    Column("职称级别", "title_level", ("职称等级",), 10, example="高级"),
    Column(
        "工作单位",
        "work_unit",
        ("单位", "工作单位名称", "所在单位"),
        24,
        example="大连市第一中学",
    ),
    Column("职务", "job", ("现任职务", "行政职务", "单位职务"), 14, example="教研组长"),
    Column("界别", "sector", ("所属界别",), 10, example="教育"),
    Column(
        "手机",
        "mobile",
        ("手机号", "手机号码", "联系电话", "移动电话", "电话", "联系方式"),
        14,
        text=True,
        example="13812345678",
    ),
    Column("电子邮箱", "email", ("邮箱", "电子邮件", "email", "e-mail"), 22),
    Column("通讯地址", "address", ("地址", "联系地址", "家庭住址", "通信地址"), 30),
    Column(
        "入会时间",
        "joined_on",
        ("入会日期", "加入时间", "入会年月", "入会年份"),
        12,
        text=True,
        example="2005-06-01",
    ),
    Column("介绍人", "introducers", ("入会介绍人",), 14),
    Column(
        "所在组织",
        ORGANIZATION,
        (
            "所在支部",
            "支部",
            "组织",
            "所属组织",
            "所属支部",
            "基层组织",
            "所在基层组织",
        ),
        22,
    ),
    Column("组织代码", ORG_CODE, ("组织编码", "支部代码"), 10, text=True),
    Column(
        "会员证号",
        "certificate_no",
        ("会员证编号", "会员编号", "证书编号"),
        14,
        text=True,
    ),
    Column("状态", "status", ("会员状态",), 8),
    Column("备注", "note", ("说明",), 20),
)

#: Headers that are common in rosters and are not member data.
IGNORED_HEADERS = frozenset({"序号", "编号", "no", "no."})

_STRIP = re.compile(r"[\s*:：\u200b\ufeff]+")
_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")

_BY_FIELD: dict[str, Column] = {c.field: c for c in COLUMNS}
_BY_HEADER: dict[str, str] = {}
for _column in COLUMNS:
    for _text in (_column.header, *_column.synonyms):
        _BY_HEADER[_text.lower()] = _column.field


def normalize_header(value: object) -> str:
    """Return a header cell without blanks, asterisks, colons and remarks.

    ``" 出生 年月\\n（年.月）*"`` → ``"出生年月"``; full-width characters
    become half-width and Latin letters lowercase.
    """
    text = clean_cell(value)
    stripped = _STRIP.sub("", text)
    unbracketed = _BRACKETED.sub("", stripped)
    return (unbracketed or stripped).lower()


def field_of_header(value: object) -> str | None:
    """Return the field a header cell names, or ``None`` if it names none."""
    return _BY_HEADER.get(normalize_header(value))


def by_field(field: str) -> Column:
    """Return the canonical column of ``field``."""
    return _BY_FIELD[field]


#: Formula neutralisation lives with the one exporter path; the importer
#: undoes it with :func:`restore`.
FORMULA_STARTS = exports.FORMULA_STARTS
neutralise = exports.neutralise
restore = exports.restore
