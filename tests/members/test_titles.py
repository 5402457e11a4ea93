"""Titles' levels come from the kept table of the national title series.

The expected levels below are written from the series' grades (正高级 and
副高级 are senior), not read from the table, so a wrong row fails here.
"""

import datetime as dt

import pytest

from tests.conftest import make_id_number
from tests.members.roster_files import xlsx
from tongxin.members.models import Member
from tongxin.members.roster.importer import roster_import
from tongxin.members.titles import GRADE_LEVELS, grade_of, level_of, table
from tongxin.members.validation import clean_member_fields

SEN, MID, JUN = "senior", "intermediate", "junior"

SAMPLE = {
    "高等学校教师": [("教授", SEN), ("副教授", SEN), ("讲师", MID), ("助教", JUN)],
    "中小学教师": [
        ("正高级教师", SEN),
        ("高级教师", SEN),
        ("一级教师", MID),
        ("二级教师", JUN),
        ("三级教师", JUN),
    ],
    # Before the 2015 reform: 人社部发〔2015〕79号 maps them onto the new grades.
    "中小学教师（改革前）": [
        ("中学高级教师", SEN),
        ("中学一级教师", MID),
        ("中学二级教师", JUN),
        ("中学三级教师", JUN),
        ("小学高级教师", MID),
        ("小学一级教师", JUN),
        ("小学二级教师", JUN),
        ("小学三级教师", JUN),
    ],
    "中等职业学校教师": [
        ("正高级讲师", SEN),
        ("高级讲师", SEN),
        ("助理讲师", JUN),
        ("高级实习指导教师", SEN),
        ("一级实习指导教师", MID),
    ],
    "工程技术": [
        ("正高级工程师", SEN),
        ("教授级高级工程师", SEN),
        ("高级工程师", SEN),
        ("高工", SEN),
        ("工程师", MID),
        ("助理工程师", JUN),
        ("技术员", JUN),
    ],
    "卫生技术": [
        ("主任医师", SEN),
        ("副主任医师", SEN),
        ("主治医师", MID),
        ("医师", JUN),
        ("主任中医师", SEN),
        ("主治中医师", MID),
        ("主任护师", SEN),
        ("副主任护师", SEN),
        ("主管护师", MID),
        ("护师", JUN),
        ("护士", JUN),
        ("副主任药师", SEN),
        ("主管药师", MID),
        ("药师", JUN),
        ("主任技师", SEN),
        ("主管技师", MID),
        ("技士", JUN),
    ],
    "科学研究": [
        ("研究员", SEN),
        ("副研究员", SEN),
        ("助理研究员", MID),
        ("研究实习员", JUN),
    ],
    "农业技术": [
        ("农业技术推广研究员", SEN),
        ("高级农艺师", SEN),
        ("农艺师", MID),
        ("助理农艺师", JUN),
        ("高级兽医师", SEN),
        ("畜牧师", MID),
    ],
    "经济、会计、审计、统计": [
        ("正高级经济师", SEN),
        ("高级经济师", SEN),
        ("经济师", MID),
        ("助理经济师", JUN),
        ("正高级会计师", SEN),
        ("高级会计师", SEN),
        ("会计师", MID),
        ("助理会计师", JUN),
        ("会计员", JUN),
        ("高级审计师", SEN),
        ("审计师", MID),
        ("高级统计师", SEN),
        ("助理统计师", JUN),
    ],
    "新闻、出版": [
        ("高级记者", SEN),
        ("主任记者", SEN),
        ("记者", MID),
        ("助理记者", JUN),
        ("高级编辑", SEN),
        ("主任编辑", SEN),
        ("编辑", MID),
        ("助理编辑", JUN),
        ("编审", SEN),
        ("副编审", SEN),
        ("一级校对", MID),
        ("播音指导", SEN),
        ("一级播音员", MID),
    ],
    "图书资料、档案、文物博物": [
        ("研究馆员", SEN),
        ("副研究馆员", SEN),
        ("馆员", MID),
        ("助理馆员", JUN),
        ("管理员", JUN),
    ],
    "艺术": [
        ("一级演员", SEN),
        ("二级演员", SEN),
        ("三级演员", MID),
        ("四级演员", JUN),
        ("一级美术师", SEN),
        ("二级美术师", SEN),
        ("三级美术师", MID),
        ("美术员", JUN),
        ("一级编剧", SEN),
        ("三级导演", MID),
        ("二级演奏员", SEN),
        ("四级作曲", JUN),
    ],
    "工艺美术": [
        ("正高级工艺美术师", SEN),
        ("高级工艺美术师", SEN),
        ("工艺美术师", MID),
        ("助理工艺美术师", JUN),
    ],
    "体育": [
        ("国家级教练", SEN),
        ("高级教练", SEN),
        ("中级教练", MID),
        ("一级教练", MID),
        ("初级教练", JUN),
        ("二级教练", JUN),
    ],
    "文学创作": [
        ("一级作家", SEN),
        ("二级作家", SEN),
        ("三级作家", MID),
        ("四级作家", JUN),
    ],
    "翻译": [("译审", SEN), ("一级翻译", SEN), ("二级翻译", MID), ("三级翻译", JUN)],
    "律师": [
        ("一级律师", SEN),
        ("二级律师", SEN),
        ("三级律师", MID),
        ("四级律师", JUN),
    ],
    "公证员": [
        ("一级公证员", SEN),
        ("二级公证员", SEN),
        ("三级公证员", MID),
        ("四级公证员", JUN),
    ],
    "实验技术": [
        ("高级实验师", SEN),
        ("实验师", MID),
        ("助理实验师", JUN),
        ("实验员", JUN),
    ],
    "思想政治工作": [("高级政工师", SEN), ("政工师", MID), ("助理政工师", JUN)],
    "社会工作": [("高级社会工作师", SEN), ("社会工作师", MID), ("助理社会工作师", JUN)],
}
CASES = [(t, lvl) for titles in SAMPLE.values() for t, lvl in titles]


@pytest.mark.parametrize(("title", "expected"), CASES)
def test_every_series_title_has_its_level(title, expected):
    assert level_of(title) == expected


@pytest.mark.parametrize(
    ("title", "grade"),
    [
        ("教授", "正高级"),
        ("副教授", "副高级"),
        ("中学高级教师", "副高级"),
        ("小学高级教师", "中级"),
        ("助理研究员", "中级"),
        ("一级律师", "正高级"),
        ("二级律师", "副高级"),
        ("三级律师", "中级"),
        ("四级律师", "初级"),
        ("编审", "正高级"),
        ("研究馆员", "正高级"),
    ],
)
def test_the_national_grade_is_kept_beside_the_level(title, grade):
    assert grade_of(title).grade == grade


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # A field in front, a subject inside a teacher's title, several titles.
        ("建筑高级工程师", SEN),
        ("档案副研究馆员", SEN),
        ("中学语文高级教师", SEN),
        ("小学数学高级教师", MID),
        ("主任医师、教授", SEN),
        ("讲师/会计师", MID),
        (" 主管 护师 ", MID),
        # A grade said in brackets or in words.
        ("高级工程师（正高级）", SEN),
        ("中级职称", MID),
        ("初级会计师", JUN),
        ("副高级工程师", SEN),
        ("二级教授", SEN),
        # Not titles, or not in the table: no level rather than a guess.
        ("高级技师", ""),
        ("注册会计师", ""),
        ("执业医师", ""),
        ("特级教师", ""),
        ("主任", ""),
        ("无", ""),
        ("", ""),
    ],
)
def test_titles_as_people_write_them(title, expected):
    assert level_of(title) == expected


def test_the_demo_committee_titles_agree_with_the_table():
    """The demo's titles carry their own level; where the table knows the title
    (法官 and 检察官 grades are no titles of a series), both agree."""
    from tongxin.demo import data

    pairs = {
        pair
        for value in vars(data).values()
        if isinstance(value, dict)
        for profile in value.values()
        if isinstance(profile, dict) and "titles" in profile
        for pair in profile["titles"]
    }
    assert len(pairs) > 40
    known = {(t, lvl) for t, lvl in pairs if grade_of(t) is not None}
    assert len(known) > 40
    assert {(t, lvl) for t, lvl in known if level_of(t) != lvl} == set()


def test_the_table_is_well_formed():
    rows = table()
    assert len({entry.series for entry in rows.values()}) >= 20
    assert {entry.grade for entry in rows.values()} == set(GRADE_LEVELS)
    for series in {entry.series for entry in rows.values()}:
        grades = {e.grade for e in rows.values() if e.series == series}
        assert len(grades) >= 3, series
    # The old guess's mistakes are gone.
    assert rows["小学高级教师"].title == "一级教师"


def test_a_member_record_takes_the_level_of_its_title():
    assert clean_member_fields({"name": "甲", "gender": "男", "title": "小学高级教师"})[
        "title_level"
    ] == (MID)
    assert (
        clean_member_fields({"name": "甲", "gender": "男", "title": "主管护师"})[
            "title_level"
        ]
        == MID
    )
    # A level given beside the title wins over the table.
    given = clean_member_fields(
        {"name": "甲", "gender": "男", "title": "馆员", "title_level": "副高"}
    )
    assert given["title_level"] == SEN


def test_a_roster_import_levels_titles_by_the_table(org, people):
    headers = ["姓名", "身份证号", "职称", "职称级别", "入会时间", "所在组织"]
    born = dt.date(1970, 5, 6)
    rows = [
        headers,
        [
            "甲",
            make_id_number(born, False),
            "小学高级教师",
            "",
            "2010.01",
            "教育一支部",
        ],
        ["乙", make_id_number(born, True), "研究馆员", "", "2010.01", "教育一支部"],
        [
            "丙",
            make_id_number(born, False),
            "三级律师",
            "初级",
            "2010.01",
            "教育一支部",
        ],
    ]
    report = roster_import(
        by=people.staff, source=xlsx(rows), filename="花名册.xlsx", commit=True
    )
    assert report.committed, report.errors
    levels = dict(
        Member.objects.filter(name__in=["甲", "乙", "丙"]).values_list(
            "name", "title_level"
        )
    )
    # The 职称级别 column, when filled in, is taken as written.
    assert levels == {"甲": MID, "乙": SEN, "丙": JUN}
