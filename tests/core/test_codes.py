"""Code tables: 民族, 学历, 学位, 界别, and looking values up in them."""

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from tongxin.core import codes
from tongxin.core.codes import (
    DEGREE,
    EDUCATION,
    EDUCATION_LEVEL,
    EDUCATION_LEVEL_LABELS,
    ETHNICITY,
    SECTOR,
    TABLES,
    CodeLookupError,
    lookup,
)

ALL_TABLES = [ETHNICITY, EDUCATION, DEGREE, SECTOR]


# --- table contents -----------------------------------------------------------


def test_ethnicity_follows_gb_t_3304():
    assert len(ETHNICITY) == 58
    assert [code for code, _ in ETHNICITY] == [f"{n:02d}" for n in range(1, 57)] + [
        "97",
        "98",
    ]
    named = dict(ETHNICITY)
    assert named["01"] == "汉族"
    assert named["02"] == "蒙古族"
    assert named["03"] == "回族"
    assert named["05"] == "维吾尔族"
    assert named["10"] == "朝鲜族"
    assert named["11"] == "满族"
    assert named["15"] == "土家族"
    assert named["56"] == "基诺族"
    assert named["97"] == "其他"
    assert named["98"] == "外国血统中国籍人士"
    assert all(name.endswith("族") for code, name in ETHNICITY if code <= "56")


def test_education_follows_gb_t_4658():
    named = dict(EDUCATION)
    expected = {
        "10": "研究生教育",
        "11": "博士研究生毕业",
        "14": "硕士研究生毕业",
        "17": "研究生班毕业",
        "20": "大学本科教育",
        "21": "大学本科毕业",
        "28": "大学普通班毕业",
        "30": "大学专科教育",
        "31": "大学专科毕业",
        "40": "中等职业教育",
        "41": "中等专科毕业",
        "44": "职业高中毕业",
        "47": "技工学校毕业",
        "60": "普通高级中学教育",
        "61": "普通高中毕业",
        "70": "初级中学教育",
        "71": "初中毕业",
        "80": "小学教育",
        "81": "小学毕业",
        "90": "其他",
    }
    for code, name in expected.items():
        assert named[code] == name
    assert [code for code, _ in EDUCATION] == sorted(named)


def test_degree_follows_gb_t_6864():
    assert list(DEGREE) == [
        ("1", "名誉博士"),
        ("2", "博士"),
        ("3", "硕士"),
        ("4", "学士"),
    ]


def test_sector_lists_the_usual_sectors():
    names = [name for _, name in SECTOR]
    for name in [
        "教育",
        "文化",
        "出版",
        "科技",
        "医药卫生",
        "经济",
        "法律",
        "民主党派",
    ]:
        assert name in names
    assert SECTOR[-1] == ("99", "其他")


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.key)
def test_tables_have_unique_codes_and_names(table):
    table_codes = [code for code, _ in table]
    names = [name for _, name in table]
    assert len(set(table_codes)) == len(table_codes)
    assert len(set(names)) == len(names)
    assert all(len(code) == table.width and code.isdigit() for code in table_codes)
    assert TABLES[table.key] is table


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.key)
def test_tables_work_as_django_choices(table):
    field = forms.ChoiceField(choices=table)
    code, name = table[0]
    assert field.clean(code) == code
    with pytest.raises(forms.ValidationError):
        field.clean("not-a-code")
    assert (code, name) in list(field.choices)


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.key)
def test_every_code_and_name_looks_up_to_itself(table):
    for code, name in table:
        assert lookup(table, code) == code
        assert lookup(table, name) == code
        assert lookup(table.key, f" {name}\u3000") == code
        assert table.name(code) == name
    assert table.name("nope") == ""


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.key)
def test_every_alias_looks_up_to_its_code(table):
    for text, code in table.index.items():
        assert lookup(table, text) == code


# --- lookup -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "text", "expected"),
    [
        (ETHNICITY, "汉", "01"),
        (ETHNICITY, "汉族", "01"),
        (ETHNICITY, "漢族", "01"),
        (ETHNICITY, "回", "03"),
        (ETHNICITY, "蒙古", "02"),
        (ETHNICITY, "蒙族", "02"),
        (ETHNICITY, "维族", "05"),
        (ETHNICITY, "维吾尔", "05"),
        (ETHNICITY, "朝鲜", "10"),
        (ETHNICITY, "1", "01"),
        (ETHNICITY, 1, "01"),
        (ETHNICITY, 3.0, "03"),
        (ETHNICITY, "０３", "03"),
        (ETHNICITY, "其它", "97"),
        (EDUCATION, "本科", "21"),
        (EDUCATION, "大学本科", "21"),
        (EDUCATION, "大学", "21"),
        (EDUCATION, "本科毕业", "21"),
        (EDUCATION, "本科学历", "21"),
        (EDUCATION, "全日制本科", "21"),
        (EDUCATION, "研究生", "14"),
        (EDUCATION, "硕士", "14"),
        (EDUCATION, "硕士研究生", "14"),
        (EDUCATION, "研究生学历", "14"),
        (EDUCATION, "在职研究生", "14"),
        (EDUCATION, "硕士（在职）", "14"),
        (EDUCATION, "博士", "11"),
        (EDUCATION, "博士研究生", "11"),
        (EDUCATION, "大专", "31"),
        (EDUCATION, "专科", "31"),
        (EDUCATION, "大学专科", "31"),
        (EDUCATION, "大专学历", "31"),
        (EDUCATION, "中专", "41"),
        (EDUCATION, "中专毕业", "41"),
        (EDUCATION, "职高", "44"),
        (EDUCATION, "技校", "47"),
        (EDUCATION, "高中", "61"),
        (EDUCATION, "初中", "71"),
        (EDUCATION, "小学", "81"),
        (EDUCATION, "本科肄业", "23"),
        (EDUCATION, "硕士研究生结业", "15"),
        (EDUCATION, 21, "21"),
        (DEGREE, "博士", "2"),
        (DEGREE, "博士学位", "2"),
        (DEGREE, "工学博士", "2"),
        (DEGREE, "哲学博士学位", "2"),
        (DEGREE, "临床医学博士专业学位", "2"),
        (DEGREE, "硕士", "3"),
        (DEGREE, "工商管理硕士", "3"),
        (DEGREE, "法律硕士专业学位", "3"),
        (DEGREE, "学士", "4"),
        (DEGREE, "文学学士", "4"),
        (DEGREE, "名誉博士", "1"),
        (DEGREE, "208", "2"),
        (DEGREE, "346", "3"),
        (DEGREE, 4, "4"),
        (SECTOR, "教育", "01"),
        (SECTOR, "教育界", "01"),
        (SECTOR, "医疗卫生", "06"),
        (SECTOR, "医药卫生界", "06"),
        (SECTOR, "科学技术", "05"),
        (SECTOR, "社会福利", "09"),
        (SECTOR, "民主党派", "15"),
        (SECTOR, 1, "01"),
    ],
)
def test_lookup(table, text, expected):
    assert lookup(table, text) == expected


def test_lookup_accepts_table_keys():
    assert lookup("ethnicity", "汉") == "01"
    assert lookup("education", "本科") == "21"
    assert lookup("degree", "硕士") == "3"
    assert lookup("sector", "法律") == "08"


@pytest.mark.parametrize(
    ("table", "text", "fragments"),
    [
        (ETHNICITY, "火星族", ["无法识别的民族“火星族”", "汉族", "“族”字可以省略"]),
        (ETHNICITY, "57", ["无法识别的民族“57”", "01"]),
        (EDUCATION, "大学肄业中", ["无法识别的学历", "大学本科毕业", "本科、大专"]),
        (EDUCATION, "25", ["无法识别的学历“25”"]),
        (DEGREE, "无", ["无法识别的学位“无”", "名誉博士、博士、硕士、学士"]),
        (DEGREE, "5", ["无法识别的学位“5”"]),
        (SECTOR, "天文", ["无法识别的界别“天文”", "教育、文化、出版"]),
        (EDUCATION, "", ["学历为空"]),
        (ETHNICITY, None, ["民族为空"]),
        (SECTOR, "\u3000", ["界别为空"]),
    ],
)
def test_lookup_failures_explain_what_is_expected(table, text, fragments):
    with pytest.raises(CodeLookupError) as excinfo:
        lookup(table, text)
    for fragment in fragments:
        assert fragment in str(excinfo.value)


def test_code_lookup_error_is_a_value_error():
    assert issubclass(CodeLookupError, ValueError)


@given(st.text(max_size=8))
def test_lookup_returns_a_code_of_the_table_or_raises(text):
    for table in ALL_TABLES:
        try:
            code = lookup(table, text)
        except CodeLookupError:
            continue
        assert code in table.names


def test_aliases_never_clash_across_codes():
    # CodeTable refuses to build when one text names two codes.
    with pytest.raises(ValueError, match="names both"):
        codes.CodeTable("t", "测试", [("1", "甲", ["乙"]), ("2", "乙", [])])


# --- education levels ---------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("10", "postgraduate"),
        ("11", "postgraduate"),
        ("14", "postgraduate"),
        ("19", "postgraduate"),
        ("20", "undergraduate"),
        ("21", "undergraduate"),
        ("28", "undergraduate"),
        ("31", "college"),
        ("33", "college"),
        ("41", "secondary"),
        ("47", "secondary"),
        ("61", "secondary"),
        ("71", "other"),
        ("81", "other"),
        ("90", "other"),
        (21, "undergraduate"),
        ("", "other"),
        (None, "other"),
        ("99", "other"),
        ("本科", "other"),
    ],
)
def test_education_level(code, level):
    assert EDUCATION_LEVEL(code) == level


def test_every_education_code_has_a_labelled_level():
    for code, _ in EDUCATION:
        assert str(EDUCATION_LEVEL_LABELS[EDUCATION_LEVEL(code)])


def test_short_forms_land_in_the_expected_levels():
    assert EDUCATION_LEVEL(lookup(EDUCATION, "研究生")) == "postgraduate"
    assert EDUCATION_LEVEL(lookup(EDUCATION, "本科")) == "undergraduate"
    assert EDUCATION_LEVEL(lookup(EDUCATION, "大专")) == "college"
    assert EDUCATION_LEVEL(lookup(EDUCATION, "中专")) == "secondary"
    assert EDUCATION_LEVEL(lookup(EDUCATION, "高中")) == "secondary"
    assert EDUCATION_LEVEL(lookup(EDUCATION, "初中")) == "other"
