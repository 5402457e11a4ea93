"""Names as official lists order and people find them, through the member
list page, the API and the roster import: 单名在前, compound surnames, every
reading of a name, ü, mixed queries, standard characters kept as written."""

import datetime as dt

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from tests.conftest import make_id_number
from tests.core.official_lists import names as published
from tests.members.roster_files import csv_bytes
from tongxin.core import chinese
from tongxin.members import selectors
from tongxin.members.models import Member
from tongxin.members.roster.importer import roster_import

LIST = reverse("members:list")

#: Names of the registry, 李晓梅 being the fixture's.
NAMES = [
    "王毅",
    "王昇",
    "王沪宁",
    "乐嘉",  # 5 strokes
    "吕布",  # 6
    "朱重八",  # 6, after 吕 by first stroke (丿)
    "李希",
    "李干杰",
    "李书磊",
    "李晓梅",
    "欧文",
    "欧阳明",
    "高长恭",
    "覃辉",
]
OTHERS = ["丁伯志", "路遥", "栾平"]


@pytest.fixture
def named(org, people, make_member):
    for i, name in enumerate([n for n in NAMES if n != "李晓梅"] + OTHERS):
        make_member(org.edu1, name, birth=dt.date(1960, 1, 1) + dt.timedelta(days=i))


def staff_client(people) -> Client:
    client = Client()
    client.force_login(people.staff)
    return client


def page_names(response) -> list[str]:
    assert response.status_code == 200
    return [m.name for m in response.context["members"]]


def api_names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["name"] for m in response.json()["items"]]


def without(names: list[str], *left_out) -> list[str]:
    return [n for n in names if n not in left_out]


def test_the_list_page_and_the_api_sort_by_surname_strokes_single_names_first(
    people, named
):
    client = staff_client(people)
    by_page = page_names(client.get(LIST, {"sort": "stroke", "size": 50}))
    assert by_page == sorted(by_page, key=chinese.stroke_sort_key)
    assert by_page.index("王昇") < by_page.index("王毅") < by_page.index("王沪宁")
    assert by_page.index("李希") < by_page.index("李干杰") < by_page.index("李书磊")
    assert by_page.index("欧文") < by_page.index("欧阳明")
    by_api = api_names(client.get("/api/v1/members", {"sort": "stroke", "size": 50}))
    assert by_api == by_page
    assert set(by_page) == set(NAMES + OTHERS)


def test_pinyin_order_puts_lv_between_lu_and_luan(people, named):
    client = staff_client(people)
    by_page = page_names(client.get(LIST, {"sort": "pinyin", "size": 50}))
    assert by_page.index("路遥") + 1 == by_page.index("吕布")
    assert by_page.index("吕布") + 1 == by_page.index("栾平")
    by_api = api_names(client.get("/api/v1/members", {"sort": "pinyin", "size": 50}))
    assert by_api == by_page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("gaochanggong", ["高长恭"]),
        ("gcg", ["高长恭"]),
        ("gaozhanggong", ["高长恭"]),
        ("zhuchongba", ["朱重八"]),
        ("dingbz", ["丁伯志"]),
        ("dbz", ["丁伯志"]),
        ("dingbozhi", ["丁伯志"]),
        ("lü", ["吕布"]),
        ("lu:bu", ["吕布"]),
        ("lvbu", ["吕布"]),
        ("lubu", ["吕布"]),
        ("lejia", ["乐嘉"]),
        ("yuejia", ["乐嘉"]),
        ("tanhui", ["覃辉"]),
        ("qinhui", ["覃辉"]),
        ("王昇", ["王昇"]),
        ("王升", ["王昇"]),
        ("wangsheng", ["王昇"]),
    ],
)
def test_the_list_page_and_the_api_find_every_reading(people, named, query, found):
    client = staff_client(people)
    assert page_names(client.get(LIST, {"q": query})) == found, query
    assert api_names(client.get("/api/v1/members", {"q": query})) == found, query


def test_a_name_is_stored_as_written_with_its_standard_characters(named):
    member = Member.objects.get(name="王昇")
    assert member.search_text.startswith("王昇 wangsheng ")
    assert member.stroke_key == chinese.stroke_sort_key("王昇")
    assert member.stroke_key[15:18] == "001"


def test_the_roster_import_stores_keys_that_sort_a_published_list(org, people):
    politburo = published("cpc20-politburo")
    rows = [["姓名", "身份证号", "所在组织"]]
    for i, name in enumerate(reversed(politburo)):
        rows.append(
            [
                name,
                make_id_number(dt.date(1955, 1, 1) + dt.timedelta(days=i), False),
                "教育一支部",
            ]
        )
    report = roster_import(
        by=people.staff, source=csv_bytes(rows), filename="名单.csv", commit=True
    )
    assert report.errors == [] and report.created == len(politburo)
    stored = list(
        Member.objects.filter(name__in=politburo)
        .order_by("stroke_key", "id")
        .values_list("name", flat=True)
    )
    assert stored == politburo
    client = staff_client(people)
    listed = page_names(client.get(LIST, {"org": org.edu1.pk, "size": 50}))
    assert listed == politburo
    found = Member.objects.filter(selectors.search_q("lig")).values_list(
        "name", flat=True
    )
    assert set(found) >= {"李干杰"}


def test_the_roster_import_finds_imported_names_by_every_reading(people):
    rows = [
        ["姓名", "身份证号", "所在组织"],
        ["高长恭", make_id_number(dt.date(1961, 1, 1), False), "教育一支部"],
        ["吕布", make_id_number(dt.date(1962, 1, 1), False), "教育一支部"],
    ]
    roster_import(
        by=people.staff, source=csv_bytes(rows), filename="名单.csv", commit=True
    )
    for query, name in [("gcg", "高长恭"), ("gaochanggong", "高长恭"), ("lü", "吕布")]:
        assert list(
            Member.objects.filter(selectors.search_q(query)).values_list(
                "name", flat=True
            )
        ) == [name]


def test_the_migration_recomputes_every_name_key_but_manual_stroke_keys(named):
    from importlib import import_module

    migration = import_module(
        "tongxin.members.migrations.0006_name_keys_single_given_names_first"
    )
    Member.objects.update(stroke_key="x", pinyin_key="x", search_text="x")
    manual = Member.objects.get(name="王昇")
    Member.objects.filter(pk=manual.pk).update(stroke_key_manual=True, stroke_key="000")
    migration.recompute_name_keys(django_apps, None)
    for member in Member.objects.exclude(pk=manual.pk):
        assert member.stroke_key == chinese.stroke_sort_key(member.name)
        assert member.pinyin_key == chinese.pinyin_sort_key(member.name)
        assert member.search_text == chinese.search_text(member.name)
    manual.refresh_from_db()
    assert manual.stroke_key == "000"
    assert manual.search_text == chinese.search_text("王昇")
