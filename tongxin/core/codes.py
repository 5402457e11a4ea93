"""Code tables of the members' registry: 民族, 学历, 学位 and 界别.

Each table is a :class:`CodeTable`, an ordered list of ``(code, name)`` pairs
that Django accepts as ``choices``, loaded from a CSV file in ``data/``.
:func:`lookup` turns what people write in spreadsheets (the code, the full
name, or a common short form such as ``汉``, ``本科`` or ``大专``) into the
code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.core.chinese import to_simplified
from tongxin.core.text import clean_cell

__all__ = [
    "DEGREE",
    "EDUCATION",
    "EDUCATION_LEVEL",
    "EDUCATION_LEVEL_LABELS",
    "ETHNICITY",
    "SECTOR",
    "TABLES",
    "CodeLookupError",
    "CodeTable",
    "education_level",
    "lookup",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

_BLANKS = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")
_STUDY_MODE = ("全日制", "在职", "非全日制", "函授", "自考", "成人")
# Endings people add to a name: 本科毕业, 大专学历, 博士学位, 教育界.
_INPUT_SUFFIXES = ("学历", "毕业", "学位", "界")


class CodeLookupError(ValueError):
    """A value that matches no entry of a code table; shown to the user."""


class CodeTable(list[tuple[str, str]]):
    """An ordered list of ``(code, name)`` pairs with lookup by code or name.

    ``key`` names the table in :data:`TABLES`; ``label`` is its Chinese name
    for messages. ``strip_suffixes`` are endings that may be left off a name
    (``族`` of 民族). ``extra_match`` maps normalised text that matched
    nothing else to a code. ``examples`` and ``short_examples`` are shown in
    error messages of tables too long to list whole.
    """

    def __init__(
        self,
        key: str,
        label: str,
        rows: list[tuple[str, str, list[str]]],
        *,
        strip_suffixes: tuple[str, ...] = (),
        extra_match: Callable[[str], str | None] | None = None,
        examples: tuple[str, ...] = (),
        short_examples: tuple[str, ...] = (),
    ):
        super().__init__((code, name) for code, name, _aliases in rows)
        self.key = key
        self.label = label
        self.width = max(len(code) for code, _name, _aliases in rows)
        self.strip_suffixes = strip_suffixes
        self.extra_match = extra_match
        self.names: dict[str, str] = {code: name for code, name, _a in rows}
        self.index: dict[str, str] = {}
        for code, name, aliases in rows:
            for text in (name, *aliases):
                self._add(text, code)
        for code, name, _aliases in rows:
            for suffix in strip_suffixes:
                if name.endswith(suffix) and len(name) > len(suffix):
                    self._add(name[: -len(suffix)], code, replace=False)
        self.examples = examples or tuple(name for _c, name, _a in rows[:8])
        self.short_examples = short_examples

    def _add(self, text: str, code: str, *, replace: bool = True) -> None:
        existing = self.index.get(text)
        if existing is not None and existing != code:
            if not replace:
                return
            raise ValueError(f"{self.key}: {text!r} names both {existing} and {code}")
        self.index[text] = code

    def name(self, code: str) -> str:
        """Return the name of ``code``, or ``''`` if the table lacks it."""
        return self.names.get(code, "")

    def _candidates(self, text: str) -> list[str]:
        """Return ``text`` and its variants without brackets and suffixes."""
        candidates = [text]
        unbracketed = _BRACKETED.sub("", text)
        if unbracketed and unbracketed != text:
            candidates.append(unbracketed)
        for candidate in list(candidates):
            for mode in _STUDY_MODE:
                if candidate.startswith(mode) and len(candidate) > len(mode):
                    candidates.append(candidate[len(mode) :])
        for candidate in list(candidates):
            for suffix in _INPUT_SUFFIXES:
                if candidate.endswith(suffix) and len(candidate) > len(suffix):
                    candidates.append(candidate[: -len(suffix)])
        return candidates

    def lookup(self, value: object) -> str:
        """Return the code that ``value`` names; see :func:`lookup`."""
        text = _BLANKS.sub("", to_simplified(clean_cell(value)))
        if text.isdigit():
            code = text.zfill(self.width)
            if code in self.names:
                return code
        else:
            for candidate in self._candidates(text):
                if candidate in self.index:
                    return self.index[candidate]
        if text and self.extra_match is not None:
            code = self.extra_match(text)
            if code is not None:
                return code
        raise self._error(text)

    def expected(self) -> str:
        """Return a Chinese description of the accepted values."""
        names = [name for _code, name in self] if len(self) <= 20 else self.examples
        message = _("%(label)s代码（如 %(code)s）或名称：%(names)s") % {
            "label": self.label,
            "code": self.index.get(names[0], self[0][0]),
            "names": "、".join(names),
        }
        if len(names) < len(self):
            message += _(" 等")
        if self.short_examples:
            message += _("；也可简写为 %(short)s") % {
                "short": "、".join(self.short_examples)
            }
        if "族" in self.strip_suffixes:
            message += _("；“族”字可以省略")
        return message

    def _error(self, text: str) -> CodeLookupError:
        if not text:
            return CodeLookupError(
                _("%(label)s为空，应为%(expected)s")
                % {"label": self.label, "expected": self.expected()}
            )
        return CodeLookupError(
            _("无法识别的%(label)s“%(value)s”，应为%(expected)s")
            % {"label": self.label, "value": text, "expected": self.expected()}
        )


def _read_rows(filename: str) -> list[tuple[str, str, list[str]]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines):
        aliases = [a for a in (record.get("aliases") or "").split("|") if a]
        rows.append((record["code"], record["name"], aliases))
    return rows


def _degree_by_suffix(text: str) -> str | None:
    """Map 工学博士, 工商管理硕士, 文学学士学位 and the like to their level.

    Also map the standard's three-digit codes (``208`` 工学博士学位) to theirs.
    """
    if re.fullmatch(r"[234]\d\d", text):
        return text[0]
    text = re.sub(r"(专业)?学位$", "", text)
    if text.startswith("名誉博士"):
        return "1"
    for ending, code in (("博士", "2"), ("硕士", "3"), ("学士", "4")):
        if text.endswith(ending):
            return code
    return None


ETHNICITY = CodeTable(
    "ethnicity",
    "民族",
    _read_rows("ethnicity.csv"),
    strip_suffixes=("族",),
    examples=("汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "壮族", "满族"),
)
EDUCATION = CodeTable(
    "education",
    "学历",
    _read_rows("education.csv"),
    examples=(
        "博士研究生毕业",
        "硕士研究生毕业",
        "大学本科毕业",
        "大学专科毕业",
        "中等专科毕业",
        "普通高中毕业",
        "初中毕业",
    ),
    short_examples=("博士", "硕士", "研究生", "本科", "大专", "中专", "高中", "初中"),
)
DEGREE = CodeTable(
    "degree", "学位", _read_rows("degree.csv"), extra_match=_degree_by_suffix
)
SECTOR = CodeTable("sector", "界别", _read_rows("sector.csv"), strip_suffixes=("界",))

TABLES: dict[str, CodeTable] = {
    table.key: table for table in (ETHNICITY, EDUCATION, DEGREE, SECTOR)
}


def lookup(table: CodeTable | str, text: object) -> str:
    """Return the code of ``text`` in ``table`` (a table or its key).

    Accept the code (``1`` and ``01`` alike), the full name, or a common
    short form: ``汉`` → ``01``, ``本科`` → ``21``, ``研究生`` → ``14``,
    ``大专`` → ``31``. Full-width and traditional characters, spaces,
    bracketed remarks, 全日制/在职 prefixes and 毕业/学历/学位 suffixes are
    tolerated. Raise :class:`CodeLookupError` with a Chinese message listing
    what is expected otherwise, also for an empty value.
    """
    if isinstance(table, str):
        table = TABLES[table]
    return table.lookup(text)


EDUCATION_LEVEL_LABELS = {
    "postgraduate": gettext_lazy("研究生"),
    "undergraduate": gettext_lazy("大学本科"),
    "college": gettext_lazy("大学专科"),
    "secondary": gettext_lazy("中专、职高、技校及高中"),
    "other": gettext_lazy("初中及以下、其他"),
}


def education_level(code: object) -> str:
    """Return the statistical level of an education code.

    ``postgraduate`` (1x), ``undergraduate`` (2x), ``college`` (3x),
    ``secondary`` (4x vocational and 6x senior high school) or ``other``
    (junior school and below, 其他, and empty or unknown codes).
    """
    text = clean_cell(code)
    if text.isdigit():
        text = text.zfill(EDUCATION.width)
    if text not in EDUCATION.names:
        return "other"
    return {
        "1": "postgraduate",
        "2": "undergraduate",
        "3": "college",
        "4": "secondary",
        "6": "secondary",
    }.get(text[0], "other")


EDUCATION_LEVEL = education_level
