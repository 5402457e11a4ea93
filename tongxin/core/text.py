"""Normalize text typed into forms and spreadsheets by Chinese users.

Chinese input methods produce full-width forms of ASCII characters
(``１２３``, ``ＡＢＣ``, ``（``) and the ideographic space ``\\u3000``; Excel
and Word add non-breaking and zero-width spaces. These helpers turn such
input into plain ASCII where that is what is meant.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

__all__ = ["clean_cell", "to_halfwidth"]

# U+FF01..U+FF5E are the full-width forms of U+0021..U+007E; U+3000 is the
# ideographic space. U+FFE5 (full-width yen) is what Chinese IMEs type for ¥.
_HALFWIDTH_TABLE: dict[int, str] = {
    code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)
}
_HALFWIDTH_TABLE[0x3000] = " "
_HALFWIDTH_TABLE[0xFFE5] = "¥"

# Stripped from both ends of a cell: Unicode whitespace (``\s`` covers
# ``\u3000`` and ``\xa0``) plus the zero-width space, zero-width (non-)joiners,
# word joiner and the BOM, which ``str.strip()`` keeps.
_EDGE_BLANKS = re.compile(
    r"^[\s\u200b\u200c\u200d\u2060\ufeff]+|[\s\u200b\u200c\u200d\u2060\ufeff]+$"
)
# Control characters other than tab and the line breaks: they mean
# nothing in a name or an address, and a spreadsheet cannot hold them (an
# export containing one would fail).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Printable characters that to_halfwidth rewrites (the ideographic space is
# not printable).
_FULLWIDTH = re.compile("[\uff01-\uff5e\uffe5]")


def to_halfwidth(s: str) -> str:
    """Convert full-width ASCII characters and the ideographic space to ASCII.

    Chinese punctuation that has no ASCII full-width twin (``。``, ``、``,
    ``“”``) is left alone.
    """
    return s.translate(_HALFWIDTH_TABLE)


def clean_cell(value: object) -> str:
    """Return a spreadsheet or form value as a trimmed, half-width string.

    ``None`` becomes ``''``. Whitespace of every kind (including ``\\u3000``,
    ``\\xa0`` and zero-width spaces) is removed from both ends; inner
    whitespace is kept (as half-width), line breaks as ``\\n`` (browsers send
    ``\\r\\n``, which spreadsheets do not keep). Other control characters
    than tab are dropped. Whole-number floats, which is how Excel stores
    integers, are written without the ``.0``.
    """
    if value is None:
        return ""
    if value.__class__ is str and _is_clean(value):
        return value
    if isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif (
        isinstance(value, Decimal)
        and value.is_finite()
        and value == value.to_integral_value()
    ):
        # Written out whole: quantize() fails beyond the context's 28 digits.
        text = format(value.to_integral_value(), "f")
    elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
        text = value.date().isoformat()
    elif isinstance(value, datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _EDGE_BLANKS.sub("", _CONTROL.sub("", to_halfwidth(text)))


def _is_clean(text: str) -> bool:
    """Whether :func:`clean_cell` would return ``text`` unchanged.

    Most cells are: printable (no control character, line break, tab or
    blank other than the ASCII space), without full-width forms and without a
    space at either end. Checking that is much cheaper than cleaning.
    """
    return (
        text.isprintable()
        and text[:1] != " "
        and text[-1:] != " "
        and (text.isascii() or _FULLWIDTH.search(text) is None)
    )
