"""Chinese personal names: simplification, pinyin, search text and sort keys.

Two orders matter for a members' registry:

* 姓氏笔画 (surname stroke order), the order of official Chinese documents:
  by the stroke count of the surname's first character, then by its strokes
  one by one in the order 横竖撇点折 (first stroke, then second, ...), then
  the same for the surname's next character (a compound surname such as 欧阳
  is one surname); within one surname, people with a one-character given name
  come first (单名在前), then the given names compare the same way. See
  :func:`stroke_sort_key`.
* pinyin order, for lists people search by ear, in the order of
  《现代汉语词典》: ü sorts as u, and after it (路 lu, 吕 lü, 乱 luan). See
  :func:`pinyin_sort_key`.

Both keys are plain ASCII strings with a fixed width per character, so they
can be stored in a column and used in ``ORDER BY`` under any collation.

The stroke data lives in ``data/strokes.tsv`` (see its header for sources and
licences) and is loaded lazily, once. It also marks the 8,105 characters of
the 通用规范汉字表, which traditional → simplified conversion never rewrites.
"""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path

import opencc
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT

from tongxin.core.text import to_halfwidth

__all__ = [
    "GIVEN_NAME_PINYIN",
    "SURNAME_ALTERNATIVE_PINYIN",
    "SURNAME_PINYIN",
    "is_standard_character",
    "name_initials",
    "name_pinyin",
    "name_syllables",
    "normalize_query",
    "pinyin_sort_key",
    "search_text",
    "standard_characters",
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
    "闾丘": "lvqiu",
}

#: Second common readings of surnames, which search finds them by as well
#: (乐 lè as well as yuè, 朴 pǔ as well as piáo, 覃 tán as well as qín).
SURNAME_ALTERNATIVE_PINYIN: dict[str, tuple[str, ...]] = {
    "乐": ("le",),
    "朴": ("pu",),
    "覃": ("tan",),
    "单": ("dan",),
    "曾": ("ceng",),
    "区": ("qu",),
    "查": ("cha",),
    "盖": ("gai",),
    "解": ("jie",),
    "缪": ("mou",),
    "尉": ("yu",),
}

#: Readings of polyphonic characters in given names, where a name-reading
#: table and everyday use agree and pypinyin's phrase guess does not (高长恭 is
#: gāo cháng gōng, 朱重八 zhū chóng bā). The sort key and the displayed pinyin
#: use these; search also finds the other readings of every polyphonic
#: character (:func:`search_text`).
GIVEN_NAME_PINYIN: dict[str, str] = {
    "长": "chang",
    "重": "chong",
    "行": "xing",
    "朝": "zhao",
    "传": "chuan",
    "少": "shao",
    "单": "dan",
    "奇": "qi",
    "会": "hui",
    "茜": "qian",
    "强": "qiang",
    "将": "jiang",
    "曲": "qu",
    "和": "he",
    "藏": "zang",
    "薄": "bo",
    "觉": "jue",
    "降": "jiang",
    "卜": "bu",
    "朴": "pu",
}

_WHITESPACE = re.compile(r"\s+")
# GB 2312 characters outside the 通用规范汉字表 that names have always kept.
_GB2312_KEEP = frozenset("菸捱摺後榘麴醣")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_STROKE_COUNT_UNKNOWN = "99"
_STROKE_UNKNOWN = "9"  # sorts after every stroke 1..5
_STROKE_PAD = "0"  # sorts before every stroke 1..5
_ORDER_WIDTH = 8  # strokes compared per character
_MAX_CODE_POINT = 0xFFFFF  # five hex digits
_STROKE_CHUNK = 2 + _ORDER_WIDTH + 5  # count, strokes, code point
_SURNAME_END = "00"  # sorts before every character's chunk (counts are 01..99)
_SINGLE_GIVEN = "1"  # 单名在前: a one-character given name ...
_LONGER_GIVEN = "2"  # ... before longer ones
_STROKE_KEY_LENGTH = 8 * _STROKE_CHUNK + 3  # 123, Member.stroke_key's max_length
_SYLLABLE_WIDTH = 6  # the longest pinyin syllables: zhuang, chuang, shuang
_PINYIN_CHUNK = _SYLLABLE_WIDTH + 1 + 5  # syllable, ü mark, code point
_PINYIN_KEY_LENGTH = 18 * _PINYIN_CHUNK  # 216, Member.pinyin_key's max_length
_SEARCH_TEXT_LENGTH = 300  # Member.search_text's max_length
_READINGS_PER_CHARACTER = 2  # readings of one character that search knows
_READING_VARIANTS = 8  # spellings of one name that search knows
# How a query may write ü: pinyin input methods type v, others u: or ü.
_UMLAUT_SPELLINGS = (
    ("u:", "v"),
    ("ü", "v"),
    ("ǖ", "v"),
    ("ǘ", "v"),
    ("ǚ", "v"),
    ("ǜ", "v"),
)


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def _convertible() -> frozenset[str] | None:
    """Every character of every entry of OpenCC's t2s dictionaries, or ``None``.

    A text without any of them has nothing OpenCC could match, so its
    conversion is the text itself; most names already simplified are such a
    text. ``None`` (dictionaries not readable) means: always convert.
    """
    try:
        chain = _converter()._dict_chain_data
        chars = frozenset(
            itertools.chain.from_iterable(
                key
                for group in chain
                for _max, _min, mapping in group
                for key in mapping
            )
        )
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - other OpenCC
        return None
    return chars or None  # nothing read: never take the shortcut


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters in ``text`` to simplified ones."""
    if not text:
        return ""
    convertible = _convertible()
    if convertible is not None and convertible.isdisjoint(text):
        return text
    return _converter().convert(text)


@functools.cache
def _protected() -> frozenset[str]:
    """Characters of the 通用规范汉字表 that OpenCC's t2s would rewrite.

    OpenCC maps some characters of the standard to others (昇 → 升, 氾 → 泛,
    甦 → 苏, 乾 → 干, 於 → 于); in names they are meant as written. So are a
    few GB 2312 characters outside the table (榘, 後 …) that names kept before.
    """
    return frozenset(
        c for c in standard_characters() | _GB2312_KEEP if to_simplified(c) != c
    )


def _simplify_name(name: str) -> str:
    """Simplify a name, keeping every character of the 通用规范汉字表."""
    protected = _protected()
    if protected.isdisjoint(name):
        return to_simplified(name)
    parts = []
    run = []
    for char in name:
        if char in protected:
            if run:
                parts.append(to_simplified("".join(run)))
                run = []
            parts.append(char)
        else:
            run.append(char)
    if run:
        parts.append(to_simplified("".join(run)))
    return "".join(parts)


#: One name's keys (:func:`tongxin.members.services.name_keys`) prepare it and
#: read its syllables several times over (sort keys, pinyin, initials, search
#: text); the last few results are kept so that each is computed once per name.
#: Both functions are pure; an import of 100,000 rows spent most of its key
#: derivation redoing them.
_PER_NAME_CACHE = 512
#: What one character gives (its reading alone, its sort key chunks) is kept
#: for this many characters: more than the names of a city use.
_PER_CHARACTER_CACHE = 16384


@functools.lru_cache(maxsize=_PER_NAME_CACHE)
def _prepare(name: str) -> str:
    """Return ``name`` half-width, simplified and without any whitespace."""
    return _simplify_name(_WHITESPACE.sub("", to_halfwidth(name or "")))


def _is_han(char: str) -> bool:
    """Whether one character is a CJK ideograph (the ranges of ``_HAN``)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


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


@functools.lru_cache(maxsize=_PER_CHARACTER_CACHE)
def _char_syllable(char: str) -> str:
    """Return one character's reading out of context, as :func:`_syllables_of` would."""
    return lazy_pinyin(char, style=Style.NORMAL, errors=lambda s: list(s))[0].lower()


def _in_phrase(text: str) -> bool:
    """Whether some run of two or more characters of ``text`` is one of pypinyin's phrases."""
    size = len(text)
    return any(
        text[start:end] in PHRASES_DICT
        for start in range(size - 1)
        for end in range(start + 2, size + 1)
    )


def _syllables_of(text: str) -> list[str]:
    """Return one lowercase item per character of ``text``.

    Chinese characters give their pinyin (in the context of the whole text,
    so pypinyin's phrase data applies); other characters give themselves.

    A text of Chinese characters none of whose runs is one of pypinyin's
    phrases -- most given names -- reads character by character, and pypinyin
    would read each character as it reads it alone: those readings are taken
    from a per-character cache, with the same result at a fraction of the cost.
    """
    if not text:
        return []
    if all(_is_han(c) for c in text) and (len(text) == 1 or not _in_phrase(text)):
        return [_char_syllable(c) for c in text]
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
    syllables += [
        GIVEN_NAME_PINYIN.get(char, syllable)
        for char, syllable in zip(given, _syllables_of(given), strict=True)
    ]
    return tuple(zip(prepared, syllables, strict=True))


@functools.cache
def _other_readings(char: str) -> tuple[str, ...]:
    """Return a character's toneless readings, at most two, most usual first."""
    if not _is_han(char):
        return ()
    readings = dict.fromkeys(r.lower() for r in _readings(char) if r.isascii())
    return tuple(readings)[:_READINGS_PER_CHARACTER]


@functools.cache
def _choices(char: str, syllable: str) -> tuple[str, ...]:
    """Return ``syllable`` and the other readings of a given name's character."""
    others = _other_readings(char)
    if not others or others == (syllable,):
        return (syllable,)
    return tuple(dict.fromkeys((syllable, *others)))


@functools.lru_cache(maxsize=_PER_NAME_CACHE)
def _reading_variants(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the plausible readings of a name, one syllable per character.

    The first is the name's own reading (:func:`name_syllables`); the others
    read a polyphonic character of the given name another way (长 chang or
    zhang, 重 chong or zhong) or a surname by its second common reading
    (:data:`SURNAME_ALTERNATIVE_PINYIN`). At most eight are returned.
    """
    pairs = _name_syllables(name)
    cut = len(_split_surname(_prepare(name))[0])
    choices = []
    several = False
    for index, (char, syllable) in enumerate(pairs):
        if index >= cut:
            choice = _choices(char, syllable)
        elif cut == 1 and char in SURNAME_ALTERNATIVE_PINYIN:
            choice = (syllable, *SURNAME_ALTERNATIVE_PINYIN[char])
        else:
            choice = (syllable,)
        several = several or len(choice) > 1
        choices.append(choice)
    if not several:
        return (tuple(syllable for _, syllable in pairs),)
    return tuple(itertools.islice(itertools.product(*choices), _READING_VARIANTS))


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
    pairs = name_syllables(name)
    return _initials([c for c, _ in pairs], [s for _, s in pairs])


def _initials(chars, syllables) -> str:
    initials = []
    in_word = False
    for char, syllable in zip(chars, syllables, strict=True):
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

    It holds, separated by single spaces so that a query normalised with
    :func:`normalize_query` matches by substring or prefix: the simplified
    name; for each plausible reading of it (:func:`_reading_variants`) its
    full pinyin, its initials and the full surname followed by the given
    name's initials (``丁伯志`` → ``dingbozhi dbz dingbz``); the ``u``
    spelling of readings with ü (written ``v``), since people type both; and
    the fully simplified form of a name whose characters of the 通用规范汉字表
    OpenCC would rewrite (``王昇`` is also found as ``王升``). The text is
    cut to 300 characters, the size of the column it is stored in.
    """
    prepared = _prepare(name)
    if not prepared:
        return ""
    chars = list(prepared)
    surname, _given = _split_surname(prepared)
    cut = len(surname)
    all_han = all(_is_han(c) for c in prepared)
    has_han = all_han or any(_is_han(c) for c in prepared)
    parts = [prepared.lower()]
    for syllables in _reading_variants(prepared):
        full = "".join(syllables)
        if all_han:  # the usual name: one initial per character
            initials = "".join([s[0] for s in syllables])
            given_initials = initials[cut:]
        else:
            initials = _initials(chars, syllables)
            given_initials = _initials(chars[cut:], syllables[cut:])
        spellings = [full, initials]
        if surname and given_initials:
            spellings.append("".join(syllables[:cut]) + given_initials)
        parts += spellings
        if has_han:
            parts += [p.replace("v", "u") for p in spellings if "v" in p]
    if not _protected().isdisjoint(prepared):
        parts.append(to_simplified(prepared).lower())
    return " ".join(dict.fromkeys(part for part in parts if part))[:_SEARCH_TEXT_LENGTH]


def normalize_query(q: str) -> str:
    """Normalise a search query the way :func:`search_text` is built.

    Strip it, make it half-width and simplified, lowercase it and drop all
    whitespace (``zhang san`` finds ``zhangsan``); ü typed as ``ü``, ``u:``
    or a toned ``ǚ`` becomes ``v``, as :func:`search_text` spells it.
    """
    text = _prepare((q or "").strip()).lower()
    if "u:" in text or any(u in text for u in "üǖǘǚǜ"):
        for spelling, written in _UMLAUT_SPELLINGS:
            text = text.replace(spelling, written)
    return text


@functools.cache
def _stroke_table() -> dict[str, tuple[int, int, str]]:
    return _stroke_data()[0]


@functools.cache
def standard_characters() -> frozenset[str]:
    """Return the 8,105 characters of the 通用规范汉字表 (2013)."""
    return frozenset(_stroke_data()[1])


def is_standard_character(char: str) -> bool:
    """Whether ``char`` is one of the 通用规范汉字表's 8,105 characters."""
    return char in standard_characters()


@functools.cache
def _stroke_data() -> tuple[dict[str, tuple[int, int, str]], dict[str, int]]:
    table: dict[str, tuple[int, int, str]] = {}
    standard: dict[str, int] = {}
    with STROKES_PATH.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            char, strokes, first, order, number = line.rstrip("\n").split("\t")
            table[char] = (int(strokes), int(first), order)
            if number:
                standard[char] = int(number)
    return table, standard


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


@functools.lru_cache(maxsize=_PER_NAME_CACHE)
def _sortable(name: str) -> str:
    """Return the prepared name without punctuation such as the middle dot."""
    return "".join(c for c in _prepare(name) if c.isalnum())


@functools.lru_cache(maxsize=_PER_CHARACTER_CACHE)
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

    The key is the surname's characters, ``00`` (which sorts before any
    character, so one surname's people stay together and 欧 comes before
    欧阳), ``1`` for a one-character given name or ``2`` for a longer one
    (单名在前: 王宁 before 王小洪), then the given name's characters. Each
    character gives fifteen characters: two digits of stroke count, its first
    eight strokes as digits (1..5 = 横竖撇点折, padded with ``0``) and its
    code point as five hex digits, which breaks ties between different
    characters whose count and first eight strokes are equal. So surnames
    compare by stroke count, then stroke by stroke, character by character;
    then given names the same way. A compound surname (欧阳, 司马 …, see
    :data:`SURNAME_PINYIN`) is one surname. A character with a count but no
    stroke order in the data gives ``9`` for its unknown strokes and sorts
    after the others of its count; characters missing from the data give
    ``99`` and ``9`` throughout plus the code point, after all known ones.
    A name that does not start with a Chinese character has no surname: its
    key is its characters' chunks. Traditional characters are simplified
    first (characters of the 通用规范汉字表 are kept); whitespace and
    punctuation are ignored. The key is cut to 123 characters (eight
    characters of the name), the size of the column it is stored in.
    """
    sortable = _sortable(name)
    surname, given = _split_surname(sortable)
    if not surname:
        return "".join(_stroke_chunk(char) for char in sortable)[:_STROKE_KEY_LENGTH]
    size = _SINGLE_GIVEN if len(given) == 1 else _LONGER_GIVEN if given else ""
    key = (
        "".join(_stroke_chunk(char) for char in surname)
        + _SURNAME_END
        + size
        + "".join(_stroke_chunk(char) for char in given)
    )
    return key[:_STROKE_KEY_LENGTH]


def pinyin_sort_key(name: str) -> str:
    """Return an ASCII key that sorts names by pinyin, syllable by syllable.

    Each character gives twelve characters: its syllable (surname readings
    from :data:`SURNAME_PINYIN`, given-name readings from
    :data:`GIVEN_NAME_PINYIN`) with ü written ``u``, padded to six with
    ``0``, which sorts before every letter, so ``li`` comes before ``lin``
    even under collations that ignore spaces; then ``1`` if the syllable has
    ü, else ``0``, so that 路 lu, 吕 lü, 乱 luan, 略 lüe, 轮 lun follow one
    another as in 《现代汉语词典》; then its code point as five hex digits,
    so ``张`` and ``章`` keep a stable order. Characters without an ASCII
    reading use ``zzzzzz`` and sort last. Whitespace and punctuation are
    ignored. The key is cut to 216 characters (eighteen characters of the
    name), the size of the column it is stored in.
    """
    chunks = [
        _pinyin_chunk(char, syllable)
        for char, syllable in _name_syllables(_sortable(name))
    ]
    return "".join(chunks)[:_PINYIN_KEY_LENGTH]


@functools.lru_cache(maxsize=_PER_CHARACTER_CACHE)
def _pinyin_chunk(char: str, syllable: str) -> str:
    """Return the fixed-width part of a pinyin sort key for one character."""
    umlaut = "0"
    if not (syllable.isascii() and syllable.isalnum()):
        syllable = "z" * _SYLLABLE_WIDTH
    elif "v" in syllable and _is_han(char):
        syllable = syllable.replace("v", "u")
        umlaut = "1"
    syllable = syllable[:_SYLLABLE_WIDTH].ljust(_SYLLABLE_WIDTH, "0")
    return f"{syllable}{umlaut}{min(ord(char), _MAX_CODE_POINT):05X}"
