"""Names: simplification, pinyin with surname readings, search text, sort keys."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongxin.core import chinese
from tongxin.core.chinese import (
    SURNAME_PINYIN,
    name_initials,
    name_pinyin,
    name_syllables,
    normalize_query,
    pinyin_sort_key,
    search_text,
    stroke_info,
    stroke_sort_key,
    to_simplified,
)


def gb2312_hanzi() -> list[str]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


GB2312 = gb2312_hanzi()
HANZI = st.sampled_from(GB2312)
NAMES = st.text(alphabet=HANZI, min_size=1, max_size=4)


# --- to_simplified ------------------------------------------------------------


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("張傳吉", "张传吉"),
        ("歐陽修", "欧阳修"),
        ("劉德華", "刘德华"),
        ("陳", "陈"),
        ("趙", "赵"),
        ("张三", "张三"),
        ("", ""),
        ("Mary", "Mary"),
    ],
)
def test_to_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_names_keep_gb2312_characters_that_opencc_would_replace():
    # OpenCC turns a lone 乾 into 干 and 於 into 于; in names they are meant.
    assert to_simplified("王乾") == "王干"
    assert normalize_query("王乾") == "王乾"
    assert search_text("於梨华").startswith("於梨华 ")
    assert stroke_sort_key("乾") != stroke_sort_key("干")
    assert name_pinyin("王乾") == "wangqian"
    # Traditional characters around them are still simplified.
    assert normalize_query("乾陳") == "乾陈"


def test_protected_characters_are_exactly_those_opencc_changes_in_gb2312():
    changed = {c for c in GB2312 if to_simplified(c) != c}
    assert changed == set(chinese._NAME_KEEP)


def test_to_simplified_reuses_one_converter():
    assert chinese._converter() is chinese._converter()


# --- pinyin -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张传吉", "zhangchuanji"),
        ("曾国藩", "zengguofan"),
        ("单田芳", "shantianfang"),
        ("解缙", "xiejin"),
        ("仇英", "qiuying"),
        ("区志航", "ouzhihang"),
        ("朴槿惠", "piaojinhui"),
        ("查良镛", "zhaliangyong"),
        ("盖叫天", "gejiaotian"),
        ("缪昌期", "miaochangqi"),
        ("乐嘉", "yuejia"),
        ("覃辉", "qinhui"),
        ("种师道", "chongshidao"),
        ("召忠", "shaozhong"),
        ("黑明", "heming"),
        ("翟志刚", "zhaizhigang"),
        ("吕布", "lvbu"),
        ("王", "wang"),
        ("欧阳修", "ouyangxiu"),
        ("尉迟恭", "yuchigong"),
        ("万俟卨", "moqixie"),
        ("长孙无忌", "zhangsunwuji"),
        ("诸葛亮", "zhugeliang"),
        ("司马光", "simaguang"),
        ("上官婉儿", "shangguanwaner"),
        ("澹台明", "tantaiming"),
    ],
)
def test_name_pinyin(name, expected):
    assert name_pinyin(name) == expected


def test_name_pinyin_converts_traditional_first():
    assert name_pinyin("曾國藩") == "zengguofan"
    assert name_pinyin("歐陽修") == "ouyangxiu"
    assert name_pinyin("張傳吉") == "zhangchuanji"


def test_name_pinyin_drops_whitespace_and_lowercases_other_characters():
    assert name_pinyin(" 张 传吉\u3000") == "zhangchuanji"
    assert name_pinyin("Mary王") == "marywang"
    assert name_pinyin("ＭＡＲＹ") == "mary"
    assert name_pinyin("阿依古丽·买买提") == "ayiguli·maimaiti"
    assert name_pinyin("") == ""


def test_single_character_surname_overrides_only_apply_to_the_surname():
    # 曾 is read "ceng" in 曾经; as a surname it is "zeng".
    assert name_pinyin("曾曾") == "zengceng"
    # 单 as a given name keeps pypinyin's reading.
    assert name_pinyin("王单") == "wangdan"


def test_compound_surname_needs_a_given_name():
    # A two-character name is surname + given name, not a bare compound surname.
    assert [c for c, _ in name_syllables("司马")] == ["司", "马"]
    assert name_pinyin("长孙") == "changsun"  # 长 alone as a surname: chang


def test_surname_table_is_lowercase_ascii():
    for surname, reading in SURNAME_PINYIN.items():
        assert 1 <= len(surname) <= 2
        assert reading.isascii() and reading.isalpha() and reading.islower(), surname


@pytest.mark.parametrize(
    "surname", [s for s in SURNAME_PINYIN if len(s) == 2], ids=lambda s: s
)
def test_compound_surnames_split_into_one_syllable_per_character(surname):
    syllables = chinese._surname_syllables(surname)
    assert len(syllables) == 2
    assert "".join(syllables) == SURNAME_PINYIN[surname]
    assert name_pinyin(surname + "明") == SURNAME_PINYIN[surname] + "ming"
    assert len(name_initials(surname + "明")) == 3


@pytest.mark.parametrize(
    "surname", [s for s in SURNAME_PINYIN if len(s) == 1], ids=lambda s: s
)
def test_single_surnames_use_the_table(surname):
    assert name_pinyin(surname + "明") == SURNAME_PINYIN[surname] + "ming"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张传吉", "zcj"),
        ("曾国藩", "zgf"),
        ("欧阳修", "oyx"),
        ("尉迟恭", "ycg"),
        ("万俟卨", "mqx"),
        ("張傳吉", "zcj"),
        ("Mary王", "mw"),
        ("阿依古丽·买买提", "ayglmmt"),
        ("", ""),
    ],
)
def test_name_initials(name, expected):
    assert name_initials(name) == expected


@given(NAMES)
def test_pinyin_of_hanzi_names_is_lowercase_ascii_letters(name):
    full = name_pinyin(name)
    assert full.isascii() and full.isalpha() and full.islower()
    initials = name_initials(name)
    assert len(initials) == len(name)
    assert full.startswith(initials[0])


@given(NAMES)
def test_syllables_pair_each_character(name):
    pairs = name_syllables(name)
    assert [c for c, _ in pairs] == list(name)
    assert "".join(s for _, s in pairs) == name_pinyin(name)


# --- search -------------------------------------------------------------------


def test_search_text_holds_name_pinyin_and_initials():
    assert search_text("张传吉") == "张传吉 zhangchuanji zcj"
    assert search_text("張 傳吉") == "张传吉 zhangchuanji zcj"
    assert search_text("曾国藩") == "曾国藩 zengguofan zgf"
    assert search_text("") == ""


def test_search_text_spells_u_umlaut_both_ways():
    assert search_text("吕布") == "吕布 lvbu lb lubu"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("  張三 ", "张三"),
        ("ZHANG San", "zhangsan"),
        ("ＺＣＪ", "zcj"),
        ("\u3000zcj\u3000", "zcj"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_query(query, expected):
    assert normalize_query(query) == expected


@pytest.mark.parametrize(
    "query",
    ["张", "张传", "傳吉", "zhang", "ZhangChuan", "chuanji", "zcj", "ZC", "Ｚｃｊ"],
)
def test_queries_match_search_text(query):
    assert normalize_query(query) in search_text("张传吉")


def test_unrelated_queries_do_not_match():
    assert normalize_query("李") not in search_text("张传吉")
    assert normalize_query("wang") not in search_text("张传吉")


# --- stroke data --------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "strokes"),
    [
        ("一", 1),
        ("丁", 2),
        ("王", 4),
        ("张", 7),
        ("李", 7),
        ("陈", 7),
        ("刘", 6),
        ("赵", 9),
        ("曾", 12),
        ("戴", 17),
        ("皙", 13),
        ("丨", 1),
        ("氵", 3),
    ],
)
def test_stroke_counts(char, strokes):
    assert stroke_info(char)[0] == strokes


@pytest.mark.parametrize(
    ("char", "first"),
    [
        ("一", 1),  # 横
        ("王", 1),
        ("李", 1),
        ("比", 1),  # 提 counts as 横
        ("丁", 1),
        ("山", 2),  # 竖
        ("小", 2),  # 竖钩 counts as 竖
        ("毛", 3),  # 撇
        ("刘", 4),  # 点
        ("方", 4),
        ("张", 5),  # 横折
        ("陈", 5),
        ("以", 5),  # 竖提 counts as 折
        ("乙", 5),
    ],
)
def test_first_strokes(char, first):
    assert stroke_info(char)[1] == first


def test_stroke_data_covers_gb2312():
    missing = [c for c in GB2312 if stroke_info(c) is None]
    assert missing == []
    without_first_stroke = [c for c in GB2312 if stroke_info(c)[1] == 0]
    assert without_first_stroke == []


def test_stroke_data_file_is_well_formed():
    lines = chinese.STROKES_PATH.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert any("cnchar" in line and "MIT" in line for line in header)
    seen = set()
    for line in lines:
        if line.startswith("#"):
            continue
        char, strokes, first = line.split("\t")
        assert len(char) == 1 and char not in seen
        seen.add(char)
        assert 1 <= int(strokes) <= 64
        assert 0 <= int(first) <= 5
    assert len(seen) > 20000


def test_unknown_characters_have_no_stroke_info():
    assert stroke_info("A") is None
    assert stroke_info("𠀀") is None


# --- stroke order -------------------------------------------------------------


def test_stroke_sort_orders_by_count_then_first_stroke():
    assert sorted(["王", "丁", "张", "李"], key=stroke_sort_key) == [
        "丁",
        "王",
        "李",
        "张",
    ]


def test_stroke_sort_of_common_surnames():
    names = ["赵", "陈", "刘", "曾", "戴", "马", "王", "毛", "方", "邓", "丁", "李"]
    assert sorted(names, key=stroke_sort_key) == [
        "丁",  # 2
        "马",  # 3
        "王",  # 4 横
        "毛",  # 4 撇
        "方",  # 4 点
        "邓",  # 4 折
        "刘",  # 6
        "李",  # 7 横
        "陈",  # 7 折
        "赵",  # 9
        "曾",  # 12
        "戴",  # 17
    ]


def test_stroke_sort_continues_with_following_characters():
    names = ["王五", "王一", "王", "丁大", "王一二"]
    assert sorted(names, key=stroke_sort_key) == [
        "丁大",
        "王",
        "王一",
        "王一二",
        "王五",
    ]


def test_stroke_sort_key_format():
    key = stroke_sort_key("张传吉")
    assert key == "07505F20" + "06304F20" + "06105409"
    assert stroke_sort_key("") == ""


def test_stroke_sort_key_simplifies_and_ignores_spaces_and_punctuation():
    assert stroke_sort_key("張 傳吉") == stroke_sort_key("张传吉")
    assert stroke_sort_key("阿依古丽·买买提") == stroke_sort_key("阿依古丽买买提")


def test_unknown_characters_sort_after_known_ones():
    assert stroke_sort_key("齉") < stroke_sort_key("𠀀")  # 36 strokes vs unknown
    assert stroke_sort_key("龘") < stroke_sort_key("A")
    assert stroke_sort_key("A") < stroke_sort_key("B")
    assert stroke_sort_key("A").startswith("999")


def test_characters_without_first_stroke_sort_after_same_count():
    # 龘 has a stroke count from Unihan but no stroke order in the data.
    assert stroke_info("龘") == (48, 0)
    assert stroke_sort_key("龘")[:3] == "489"


def _reference_chunk(char: str) -> tuple[int, int, int]:
    info = stroke_info(char)
    if info is None:
        return (99, 9, ord(char))
    strokes, first = info
    return (strokes, first or 9, ord(char))


@given(NAMES, NAMES)
def test_stroke_sort_key_agrees_with_tuple_comparison(a, b):
    ref_a = [_reference_chunk(c) for c in a]
    ref_b = [_reference_chunk(c) for c in b]
    assert (stroke_sort_key(a) < stroke_sort_key(b)) == (ref_a < ref_b)
    assert (stroke_sort_key(a) == stroke_sort_key(b)) == (a == b)


@given(st.text(alphabet=st.characters(categories=["Lo", "Lu", "Ll", "Nd"])))
def test_stroke_sort_key_is_fixed_width_ascii(name):
    key = stroke_sort_key(name)
    assert key.isascii()
    assert len(key) % 8 == 0


# --- pinyin order -------------------------------------------------------------


def test_pinyin_sort_key_format():
    assert pinyin_sort_key("张三") == "zhang0" + "05F20" + "san000" + "04E09"
    assert pinyin_sort_key("") == ""


def test_pinyin_sort_compares_syllable_by_syllable():
    # Concatenated pinyin would put 西安 (xian) after 冼 (xian) arbitrarily and
    # 李安 (lian) after 林 (lin) - syllables must be compared one by one.
    names = ["林", "李安", "李", "连", "冼", "西安", "吴", "曾", "张三", "章三"]
    assert sorted(names, key=pinyin_sort_key) == [
        "李",
        "李安",
        "连",
        "林",
        "吴",
        "西安",
        "冼",
        "曾",  # zeng, not ceng
        "张三",  # same pinyin as 章三: code point decides
        "章三",
    ]


def test_pinyin_sort_key_uses_surname_readings():
    assert pinyin_sort_key("单田芳").startswith("shan00")
    assert pinyin_sort_key("尉迟恭").startswith("yu0000" + "05C09" + "chi000")


@given(NAMES)
def test_pinyin_sort_key_is_fixed_width_ascii(name):
    key = pinyin_sort_key(name)
    assert key.isascii()
    assert len(key) == 11 * len(name)


@given(NAMES, NAMES)
def test_pinyin_sort_key_orders_by_syllables_then_code_points(a, b):
    def reference(name):
        return [(s, ord(c)) for c, s in name_syllables(name)]

    assert (pinyin_sort_key(a) < pinyin_sort_key(b)) == (reference(a) < reference(b))
