"""Chinese personal names: simplification, pinyin, search text and sort keys.

Two orders matter for a members' registry:

* 姓氏笔画 (surname stroke order), the order of official Chinese documents:
  by the stroke count of the first character, then by its strokes one by one
  in the order 横竖撇点折 (first stroke, then second, ...), then the same for
  the following characters. See :func:`stroke_sort_key`.
* pinyin order, for lists people search by ear. See :func:`pinyin_sort_key`.

Both keys are plain ASCII strings with a fixed width per character, so they
can be stored in a column and used in ``ORDER BY`` under any collation.

The stroke data lives in ``data/strokes.tsv`` (see its header for sources and
licences) and is loaded lazily, once.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin, pinyin

from tongxin.core.text import to_halfwidth

__all__ = [
    "SURNAME_PINYIN",
    "name_initials",
    "name_pinyin",
    "name_syllables",
    "normalize_query",
    "pinyin_sort_key",
    "search_text",
    "stroke_info",
    "stroke_order",
    "stroke_sort_key",
    "to_simplified",
]

STROKES_PATH = Path(__file__).resolve().parent / "data" / "strokes.tsv"

# Readings of characters used as surnames that differ from their everyday
# reading, or that pypinyin gets wrong on its own; and compound surnames
# (复姓), whose presence here is what makes them recognised as one surname.
# Values are lowercase pinyin without tones or spaces.
SURNAME_PINYIN: dict[str, str] = {
    # single-character surnames
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "覃": "qin",
    "种": "chong",
    "秘": "bi",
    "召": "shao",
    "繁": "po",
    "黑": "he",
    "员": "yun",
    "句": "gou",
    "折": "she",
    "祭": "zhai",
    "翟": "zhai",
    "阚": "kan",
    "隗": "wei",
    "薄": "bo",
    "都": "du",
    "藏": "zang",
    "洗": "xian",
    "能": "nai",
    "卜": "bu",
    "重": "chong",
    "适": "kuo",
    "乜": "nie",
    "沓": "ta",
    "粘": "nian",
    "蔚": "yu",
    "长": "chang",
    "尉": "wei",
    "燕": "yan",
    "纪": "ji",
    "柏": "bai",
    "贾": "jia",
    "沈": "shen",
    "任": "ren",
    "华": "hua",
    "宓": "mi",
    "费": "fei",
    "莘": "shen",
    "谌": "chen",
    "逄": "pang",
    "冼": "xian",
    "过": "guo",
    "相": "xiang",
    "宁": "ning",
    "曲": "qu",
    "车": "che",
    "石": "shi",
    "葛": "ge",
    "佘": "she",
    "厍": "she",
    "殷": "yin",
    "阙": "que",
    "隽": "juan",
    "郇": "huan",
    "恽": "yun",
    "眭": "sui",
    "亓": "qi",
    "啜": "chuai",
    "庹": "tuo",
    "禚": "zhuo",
    "仉": "zhang",
    "臧": "zang",
    "蒯": "kuai",
    "芮": "rui",
    "褚": "chu",
    "那": "na",
    # compound surnames
    "欧阳": "ouyang",
    "司马": "sima",
    "诸葛": "zhuge",
    "上官": "shangguan",
    "东方": "dongfang",
    "皇甫": "huangfu",
    "尉迟": "yuchi",
    "公孙": "gongsun",
    "慕容": "murong",
    "令狐": "linghu",
    "夏侯": "xiahou",
    "长孙": "zhangsun",
    "宇文": "yuwen",
    "司徒": "situ",
    "鲜于": "xianyu",
    "端木": "duanmu",
    "万俟": "moqi",
    "澹台": "tantai",
    "公冶": "gongye",
    "宗政": "zongzheng",
    "濮阳": "puyang",
    "淳于": "chunyu",
    "太叔": "taishu",
    "申屠": "shentu",
    "仲孙": "zhongsun",
    "轩辕": "xuanyuan",
    "闻人": "wenren",
    "赫连": "helian",
    "呼延": "huyan",
    "东郭": "dongguo",
    "南宫": "nangong",
    "西门": "ximen",
    "拓跋": "tuoba",
    "独孤": "dugu",
    "乐正": "yuezheng",
    "左丘": "zuoqiu",
    "公羊": "gongyang",
    "司空": "sikong",
    "亓官": "qiguan",
    "司寇": "sikou",
    "子车": "ziju",
    "颛孙": "zhuansun",
    "巫马": "wuma",
    "公西": "gongxi",
    "漆雕": "qidiao",
    "壤驷": "rangsi",
    "公良": "gongliang",
    "宰父": "zaifu",
    "谷梁": "guliang",
    "段干": "duangan",
    "百里": "baili",
    "呼衍": "huyan",
    "第五": "diwu",
}

_WHITESPACE = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# GB2312 characters that OpenCC's t2s changes when they stand alone.
_NAME_KEEP = frozenset("乾菸薹捱摺吒後徵夥甯榘於麴醣麽")
_STROKE_COUNT_UNKNOWN = "99"
_STROKE_UNKNOWN = "9"  # sorts after every stroke 1..5
_STROKE_PAD = "0"  # sorts before every stroke 1..5
_ORDER_WIDTH = 8  # strokes compared per character
_MAX_CODE_POINT = 0xFFFFF  # five hex digits
_STROKE_CHUNK = 2 + _ORDER_WIDTH + 5  # count, strokes, code point
_STROKE_KEY_LENGTH = 8 * _STROKE_CHUNK  # 120, Member.stroke_key's max_length
_SYLLABLE_WIDTH = 6  # the longest pinyin syllables: zhuang, chuang, shuang
_PINYIN_CHUNK = _SYLLABLE_WIDTH + 5  # syllable, code point
_PINYIN_KEY_LENGTH = 18 * _PINYIN_CHUNK  # 198, within Member.pinyin_key's 200
_SEARCH_TEXT_LENGTH = 300  # Member.search_text's max_length


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters in ``text`` to simplified ones."""
    if not text:
        return ""
    return _converter().convert(text)


def _simplify_name(name: str) -> str:
    """Simplify a name, keeping the GB2312 characters OpenCC would replace.

    OpenCC maps a few characters of the simplified standard to others when
    they stand alone (乾 → 干, 於 → 于, 甯 → 宁); in names they are meant as
    written.
    """
    simplified = to_simplified(name)
    if len(simplified) != len(name) or not _NAME_KEEP.intersection(name):
        return simplified
    return "".join(
        original if original in _NAME_KEEP else converted
        for original, converted in zip(name, simplified, strict=True)
    )


#: One name's keys (:func:`tongxin.members.services.name_keys`) prepare it and
#: read its syllables several times over (sort keys, pinyin, initials, search
#: text); the last few results are kept so that each is computed once per name.
#: Both functions are pure; an import of 100,000 rows spent most of its key
#: derivation redoing them.
_PER_NAME_CACHE = 512


@functools.lru_cache(maxsize=_PER_NAME_CACHE)
def _prepare(name: str) -> str:
    """Return ``name`` half-width, simplified and without any whitespace."""
    return _simplify_name(_WHITESPACE.sub("", to_halfwidth(name or "")))


def _is_han(char: str) -> bool:
    return bool(_HAN.fullmatch(char))


def _split_surname(name: str) -> tuple[str, str]:
    """Split a prepared name into (surname, given name).

    A compound surname is recognised when the name starts with one from
    :data:`SURNAME_PINYIN` and has at least one more character after it.
    A name that does not start with a Chinese character has no surname.
    """
    if not name or not _is_han(name[0]):
        return "", name
    if len(name) > 2 and name[:2] in SURNAME_PINYIN:
        return name[:2], name[2:]
    return name[0], name[1:]


def _readings(char: str) -> list[str]:
    return pinyin(char, style=Style.NORMAL, heteronym=True)[0]


@functools.cache
def _surname_syllables(surname: str) -> tuple[str, ...]:
    """Return one pinyin syllable per character of ``surname``."""
    override = SURNAME_PINYIN.get(surname)
    if override is None:
        return tuple(_syllables_of(surname))
    if len(surname) == 1:
        return (override,)
    # Split a compound reading such as "yuchi" at the point where both halves
    # are readings of their characters; fall back to the default readings.
    first, second = surname
    for reading in _readings(first):
        rest = override[len(reading) :]
        if override.startswith(reading) and rest in _readings(second):
            return (reading, rest)
    for cut in range(1, len(override)):
        if override[:cut] in _readings(first):
            return (override[:cut], override[cut:])
    return tuple(_syllables_of(surname))


def _syllables_of(text: str) -> list[str]:
    """Return one lowercase item per character of ``text``.

    Chinese characters give their pinyin (in the context of the whole text,
    so pypinyin's phrase data applies); other characters give themselves.
    """
    if not text:
        return []
    items = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s))
    if len(items) != len(text):  # pragma: no cover - defensive
        items = [
            lazy_pinyin(c, style=Style.NORMAL, errors=lambda s: list(s))[0]
            for c in text
        ]
    return [item.lower() for item in items]


def name_syllables(name: str) -> list[tuple[str, str]]:
    """Return ``(character, syllable)`` pairs, one per character of a name.

    The name is made half-width and simplified and loses its whitespace first;
    the surname reading comes from :data:`SURNAME_PINYIN` where listed.
    Non-Chinese characters are paired with themselves, lowercased.
    """
    return list(_name_syllables(name or ""))


@functools.lru_cache(maxsize=_PER_NAME_CACHE)
def _name_syllables(name: str) -> tuple[tuple[str, str], ...]:
    prepared = _prepare(name)
    surname, given = _split_surname(prepared)
    syllables = list(_surname_syllables(surname)) if surname else []
    syllables += _syllables_of(given)
    return tuple(zip(prepared, syllables, strict=True))


def name_pinyin(name: str) -> str:
    """Return the full toneless pinyin of a name, lowercase and unspaced.

    ``张传吉`` → ``zhangchuanji``, ``曾国藩`` → ``zengguofan``. ü is written
    ``v`` (``吕`` → ``lv``), as pinyin input methods do.
    """
    return "".join(syllable for _, syllable in name_syllables(name))


def name_initials(name: str) -> str:
    """Return the first letter of each syllable: ``张传吉`` → ``zcj``.

    A run of other letters or digits counts as one word and gives its first
    character (``Mary王`` → ``mw``); punctuation gives nothing.
    """
    initials = []
    in_word = False
    for char, syllable in name_syllables(name):
        if _is_han(char):
            initials.append(syllable[:1])
            in_word = False
        elif char.isalnum():
            if not in_word:
                initials.append(syllable[:1])
            in_word = True
        else:
            in_word = False
    return "".join(initials)


def search_text(name: str) -> str:
    """Return the text a name is searched by.

    It holds the simplified name, its full pinyin and its initials separated
    by single spaces, so a query normalised with :func:`normalize_query`
    matches by substring or prefix. Names whose pinyin has ü (written ``v``)
    also get the ``u`` spelling, since people type both. The text is cut to
    300 characters, the size of the column it is stored in.
    """
    prepared = _prepare(name)
    if not prepared:
        return ""
    full = name_pinyin(prepared)
    parts = [prepared.lower(), full, name_initials(prepared)]
    if "v" in full and any(_is_han(c) for c in prepared):
        parts.append(full.replace("v", "u"))
    return " ".join(dict.fromkeys(part for part in parts if part))[:_SEARCH_TEXT_LENGTH]


def normalize_query(q: str) -> str:
    """Normalise a search query the way :func:`search_text` is built.

    Strip it, make it half-width and simplified, lowercase it and drop all
    whitespace (``zhang san`` finds ``zhangsan``).
    """
    return _prepare((q or "").strip()).lower()


@functools.cache
def _stroke_table() -> dict[str, tuple[int, int, str]]:
    table: dict[str, tuple[int, int, str]] = {}
    with STROKES_PATH.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            char, strokes, first, order = line.rstrip("\n").split("\t")
            table[char] = (int(strokes), int(first), order)
    return table


def stroke_info(char: str) -> tuple[int, int] | None:
    """Return ``(stroke count, first stroke)`` of one simplified character.

    The first stroke is 1..5 for 横竖撇点折, or 0 if the data has no stroke
    order for the character. Return ``None`` for characters not in the data.
    """
    info = _stroke_table().get(char)
    return None if info is None else info[:2]


def stroke_order(char: str) -> str:
    """Return the strokes of one simplified character as digits 1..5.

    Each digit is a stroke in writing order, 1..5 for 横竖撇点折 (提 counts as
    横, 竖钩 as 竖, 捺 as 点, every turning stroke as 折): ``王`` → ``1121``.
    Return ``""`` if the data has no stroke order for the character.
    """
    info = _stroke_table().get(char)
    return "" if info is None else info[2]


def _sortable(name: str) -> str:
    """Return the prepared name without punctuation such as the middle dot."""
    return "".join(c for c in _prepare(name) if c.isalnum())


def _stroke_chunk(char: str) -> str:
    """Return the fixed-width part of a stroke sort key for one character."""
    code_point = f"{min(ord(char), _MAX_CODE_POINT):05X}"
    info = _stroke_table().get(char)
    if info is None:
        return _STROKE_COUNT_UNKNOWN + _STROKE_UNKNOWN * _ORDER_WIDTH + code_point
    strokes, first, order = info
    if order:
        strokes_part = order[:_ORDER_WIDTH].ljust(_ORDER_WIDTH, _STROKE_PAD)
    else:
        # Without a stroke order, keep the first stroke when the data has it.
        known = str(first) if 1 <= first <= 5 else ""
        strokes_part = known.ljust(_ORDER_WIDTH, _STROKE_UNKNOWN)
    return f"{min(strokes, 98):02d}{strokes_part}{code_point}"


def stroke_sort_key(name: str) -> str:
    """Return an ASCII key that sorts names in 姓氏笔画 order.

    Each character gives fifteen characters: two digits of stroke count, its
    first eight strokes as digits (1..5 = 横竖撇点折, padded with ``0``) and
    its code point as five hex digits, which breaks ties between different
    characters whose count and first eight strokes are equal. So characters
    compare by stroke count, then stroke by stroke, and names character by
    character. A character with a count but no stroke order in the data gives
    ``9`` for its unknown strokes and sorts after the others of its count;
    characters missing from the data give ``99`` and ``9`` throughout plus the
    code point, after all known ones. Traditional characters are simplified
    first; whitespace and punctuation are ignored. The key is cut to 120
    characters (eight characters of the name), the size of the column it is
    stored in.
    """
    key = "".join(_stroke_chunk(char) for char in _sortable(name))
    return key[:_STROKE_KEY_LENGTH]


def pinyin_sort_key(name: str) -> str:
    """Return an ASCII key that sorts names by pinyin, syllable by syllable.

    Each character gives eleven characters: its syllable (surname readings
    from :data:`SURNAME_PINYIN`) padded to six with ``0``, which sorts before
    every letter, so ``li`` comes before ``lin`` even under collations that
    ignore spaces, then its code point as five hex digits, so ``张`` and
    ``章`` keep a stable order. Characters without an ASCII reading use
    ``zzzzzz`` and sort last. Whitespace and punctuation are ignored. The
    key is cut to 198 characters (eighteen characters of the name), to fit
    the column it is stored in.
    """
    chunks = []
    for char, syllable in name_syllables(_sortable(name)):
        if not (syllable.isascii() and syllable.isalnum()):
            syllable = "z" * _SYLLABLE_WIDTH
        syllable = syllable[:_SYLLABLE_WIDTH].ljust(_SYLLABLE_WIDTH, "0")
        chunks.append(f"{syllable}{min(ord(char), _MAX_CODE_POINT):05X}")
    return "".join(chunks)[:_PINYIN_KEY_LENGTH]
