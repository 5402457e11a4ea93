"""Reading the registry: scope, filters, search and order."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tongxin.members.filters import filters_from_params
from tongxin.members.models import Member
from tongxin.members.selectors import MemberFilters, member_get, member_list
from tongxin.members.services import public_post_add


@pytest.fixture
def registry(org, people, make_member):
    return {
        "zcj": make_member(org.edu1, "张传吉"),
        "zeng": make_member(org.edu1, "曾国藩"),
        "wang": make_member(org.edu2, "王芳", female=True, birth=dt.date(1995, 2, 1)),
        "ding": make_member(org.direct, "丁一", education="博士", sector="教育"),
    }


def names(qs):
    return [m.name for m in qs]


def test_staff_sees_the_whole_committee(registry, people):
    assert set(names(member_list(user=people.staff))) == {
        "张传吉",
        "曾国藩",
        "王芳",
        "丁一",
        "李晓梅",
    }


def test_a_branch_head_sees_only_their_subtree(registry, people, org):
    assert set(names(member_list(user=people.head))) == {"张传吉", "曾国藩"}
    with pytest.raises(Member.DoesNotExist):
        member_get(user=people.head, pk=registry["wang"].pk)


def test_a_member_sees_only_their_own_record(registry, people):
    assert names(member_list(user=people.member)) == ["李晓梅"]
    with pytest.raises(Member.DoesNotExist):
        member_get(user=people.member, pk=registry["zcj"].pk)


def test_an_outsider_sees_nothing(registry, people):
    assert names(member_list(user=people.outsider)) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zcj", ["张传吉"]),
        ("张传", ["张传吉"]),
        ("張傳吉", ["张传吉"]),
        ("zhangchuanji", ["张传吉"]),
        ("ZCJ", ["张传吉"]),
        ("zgf", ["曾国藩"]),
        ("zengguofan", ["曾国藩"]),
    ],
)
def test_search_by_characters_pinyin_or_initials(registry, people, query, expected):
    assert (
        names(member_list(user=people.staff, filters=MemberFilters(q=query)))
        == expected
    )


def test_stroke_and_pinyin_orders(registry, people):
    stroke = names(member_list(user=people.staff, filters=MemberFilters(sort="stroke")))
    assert (
        stroke.index("丁一")
        < stroke.index("王芳")
        < stroke.index("张传吉")
        < stroke.index("曾国藩")
    )
    pinyin = names(member_list(user=people.staff, filters=MemberFilters(sort="pinyin")))
    assert pinyin == ["丁一", "李晓梅", "王芳", "曾国藩", "张传吉"]


def test_filters_by_subtree_gender_age_education_sector_and_post(registry, people, org):
    def run(**params):
        f = filters_from_params(user=people.staff, params=params)
        return set(names(member_list(user=people.staff, filters=f)))

    assert run(org=org.edu.pk) == {"张传吉", "曾国藩", "王芳", "李晓梅"}
    assert run(gender="F") == {"王芳", "李晓梅"}
    assert run(age="-35") == {"王芳"}
    assert run(edu_level="postgraduate") == {"丁一"}
    assert run(sector=registry["ding"].sector) == {"丁一"}
    assert run(join_year="2005") == {"张传吉", "曾国藩", "王芳", "丁一", "李晓梅"}
    assert run(join_year="2006") == set()
    public_post_add(
        member=registry["zcj"],
        by=people.staff,
        kind="cppcc",
        level="city",
        term="十三届",
    )
    assert run(post="cppcc") == {"张传吉"}


def test_bad_filter_values_get_chinese_messages(people):
    with pytest.raises(ValidationError) as e:
        filters_from_params(
            user=people.staff,
            params={
                "gender": "X",
                "age": "old",
                "join_year": "abc",
                "sort": "age",
                "on": "2013/12/31",
            },
        )
    assert set(e.value.message_dict) == {"gender", "age", "join_year", "sort", "on"}


def test_a_head_cannot_filter_by_a_foreign_organization(people, org):
    with pytest.raises(ValidationError) as e:
        filters_from_params(user=people.head, params={"org": org.edu2.pk})
    assert "无权" in e.value.message_dict["org"][0]
