"""The campaigns, culture, team and regulations sections, counted from a known
report_committee (tests/reports/conftest.py) and drilled down to their records."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.campaigns.conftest import cmp  # noqa: F401
from tests.reports.conftest import report_committee  # noqa: F401
from tongxin.core.periods import Period
from tongxin.stats.figures import campaigns, culture, drill, regulations, team
from tongxin.stats.scope import resolve_scope

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
Y2014 = Period.for_year(2014, today=TODAY)


@pytest.fixture
def whole(report_committee):  # noqa: F811
    return resolve_scope()


def test_campaigns_count_the_group_the_plan_and_the_inspections(whole):
    f = campaigns.compute(whole, Y2014)
    json.dumps(f)
    assert f["campaign_count"] == 1
    c = f["campaigns"][0]
    assert c["title"] == "创先争优活动"
    assert c["group"]["leader"] == ["陈主委"]
    assert sorted(c["group"]["deputy"]) == ["李副主委", "王副主委"]
    assert sorted(c["group"]["member"]) == ["孙直属", "张一支", "赵二支"]
    assert c["group"]["size"] == 6
    t = f["tasks"]
    assert (t["total"], t["done"], t["open"], t["overdue"], t["cancelled"]) == (
        4,
        2,
        1,
        1,
        1,
    )
    assert t["completion_rate"] == pytest.approx(66.7)
    assert {d["department"]: (d["total"], d["done"]) for d in t["by_department"]} == {
        "办公室": (1, 1),
        "组织部": (1, 0),
        "宣传部": (2, 1),
    }
    assert [m["month"] for m in t["by_month"]] == ["2014-03", "2014-05", "2014-06"]
    i = f["inspections"]
    assert i["visits"] == 3 and i["teams"] == 1
    assert i["organizations_visited"] == 2
    assert i["base_organizations"] == 4
    assert i["coverage_rate"] == 50.0
    assert sorted(i["not_visited"]) == ["市直属第一支部", "教育基层委员会"]
    assert i["host_party_talks"] == 1
    assert {r["label"]: r["count"] for r in i["ratings"]} == {"好": 1, "较好": 2}
    assert i["followups"] == {"total": 1, "done": 1, "open": 0}


def test_a_task_done_after_the_period_is_still_open_at_its_end(whole):
    early = Period.between(dt.date(2014, 1, 1), dt.date(2014, 4, 30), today=TODAY)
    t = campaigns.compute(whole, early)["tasks"]
    assert (t["total"], t["done"], t["overdue"]) == (2, 1, 1)
    d = drill("campaigns", whole, early, "tasks.overdue")
    assert [r[2] for r in d.rows] == ["走访基层组织"]
    assert d.links[0].startswith("/")


def test_campaign_drills_list_the_records_behind_each_figure(whole):
    assert len(drill("campaigns", whole, Y2014, "tasks.total").rows) == 4
    assert [r[2] for r in drill("campaigns", whole, Y2014, "tasks.done").rows] == [
        "召开动员大会",
        "设立创先争优专栏",
    ]
    visits = drill("campaigns", whole, Y2014, "inspections.visits")
    assert len(visits.rows) == 3
    assert [
        r[0] for r in drill("campaigns", whole, Y2014, "inspections.not_visited").rows
    ] == [
        "教育基层委员会",
        "市直属第一支部",
    ]
    assert drill("campaigns", whole, Y2014, "campaigns").rows[0][4] == "陈主委"
    with pytest.raises(KeyError):
        drill("campaigns", whole, Y2014, "no.such.figure")


def test_a_branch_scope_counts_only_its_own_subtree(report_committee):  # noqa: F811
    scope = resolve_scope(code="G1B1")
    f = campaigns.compute(scope, Y2014)
    assert f["campaign_count"] == 0 and f["tasks"]["total"] == 0
    assert f["inspections"]["visits"] == 2
    assert f["inspections"]["coverage_rate"] == 100.0
    assert team.compute(scope, Y2014)["talent"]["total"] == 1


def test_culture_counts_events_series_and_streaks(whole):
    f = culture.compute(whole, Y2014)
    json.dumps(f)
    assert f["events"] == 4  # two lectures, a forum, a study session
    assert f["attendance"] == 6 and f["participants"] == 3
    assert {k["kind"]: (k["events"], k["attendance"]) for k in f["by_kind"]} == {
        "lecture": (2, 5),
        "forum": (1, 1),
        "study": (1, 0),
    }
    (hall,) = f["series"]
    assert hall["name"] == "大连民进文化讲堂"
    assert hall["events"] == 2 and hall["editions"] == [3, 4]
    assert hall["attendance"] == 5
    assert hall["first_year"] == 2012 and hall["streak_years"] == 3
    assert f["highlights"][0] == {
        "title": "文化讲堂·书法",
        "date": "2014-04-01",
        "kind_label": "讲座（文化讲堂）",
        "series": "大连民进文化讲堂",
        "attendance": 3,
    }
    d = drill("culture", whole, Y2014, "by_kind.lecture")
    assert [r[1] for r in d.rows] == ["文化讲堂·书法", "文化讲堂·诗词"]
    assert len(drill("culture", whole, Y2014, "attendance").rows) == 6
    people = drill("culture", whole, Y2014, "participants")
    assert sorted(r[1] for r in people.rows) == [2, 2, 2]
    assert len(drill("culture", whole, Y2014, "series.0").rows) == 2


def test_team_counts_tiers_roster_classes_and_certificates(whole):
    f = team.compute(whole, Y2014)
    json.dumps(f)
    tiers = {t["value"]: t["count"] for t in f["talent"]["tiers"]}
    assert tiers == {"leading": 1, "key": 1, "backbone": 1, "reserve": 1}
    assert f["talent"]["total"] == 4
    assert f["talent"]["new_in_period"] == 3
    assert {s["value"]: s["count"] for s in f["talent"]["steps"]}["found"] == 1
    assert f["talent"]["recommendations"]["total"] == 1
    assert f["talent"]["recommendations"]["appointed"] == 1
    assert f["reserve"]["entries"] == 2 and f["reserve"]["teams"] == 2
    k = f["classes"]
    assert (k["count"], k["attendees"], k["completed"], k["sessions"]) == (1, 3, 2, 2)
    assert k["list"][0]["name"] == "2014年新会员培训班"
    assert k["list"][0]["certificates"] == 2
    assert f["certificates"] == {"issued": 2, "at_classes": 2, "voided": 0}
    assert [r[0] for r in drill("team", whole, Y2014, "talent.tiers.leading").rows] == [
        "陈主委"
    ]
    assert len(drill("team", whole, Y2014, "reserve.entries").rows) == 2
    assert len(drill("team", whole, Y2014, "classes.list.0").rows) == 3
    assert len(drill("team", whole, Y2014, "certificates.issued").rows) == 2
    # In 2015 the pool holds the fifth person, placed that year.
    later = team.compute(whole, Period.for_year(2015, today=TODAY))
    assert later["talent"]["total"] == 5 and later["classes"]["count"] == 0


def test_regulations_adopted_revised_and_liaison(whole):
    f = regulations.compute(whole, Y2014)
    json.dumps(f)
    assert [r["title"] for r in f["adopted"]] == ["领导班子成员分工联系基层组织制度"]
    assert f["adopted"][0]["number"] == "测民发〔2014〕3号"
    assert [r["title"] for r in f["revised"]] == ["基层组织工作条例"]
    assert f["revised"][0]["version"] == "2014年修订版"
    assert f["in_force"] == 2
    assert f["liaison"] == {
        "leaders": 2,
        "departments": 1,
        "assignments": 3,
        "organizations": 3,
        "base_organizations": 4,
        "coverage_rate": 75.0,
    }
    assert [r[0] for r in drill("regulations", whole, Y2014, "adopted").rows] == [
        "领导班子成员分工联系基层组织制度"
    ]
    assert len(drill("regulations", whole, Y2014, "liaison.assignments").rows) == 3
    f2015 = regulations.compute(whole, Period.for_year(2015, today=TODAY))
    assert f2015["adopted_count"] == 1 and f2015["revised_count"] == 0


def test_every_figure_of_these_sections_has_a_chinese_name_and_a_list(whole):
    from tongxin.stats.drilling import UnknownFigure, flatten
    from tongxin.stats.figures import section

    for name in ("campaigns", "culture", "team", "regulations"):
        module = section(name)
        for key, _value in flatten(module.compute(whole, Y2014)):
            assert module.label(key) != key, (name, key)
            result = drill(name, whole, Y2014, key)
            assert result.columns and len(result.links) == len(result.rows), key
            if isinstance(_value, int) and not key.endswith("rate"):
                assert len(result.rows) == result.total == _value, (name, key)
        with pytest.raises(UnknownFigure):
            drill(name, whole, Y2014, "no.such.figure")
