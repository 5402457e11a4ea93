"""Every figure of the overview, participation, service and honors sections,
checked against the known committee (tests/stats/conftest.py), and every
drill-down list checked against its figure."""

from __future__ import annotations

import datetime as dt

import pytest

from tongxin.core.periods import Period
from tongxin.stats.drilling import UnknownFigure, flatten
from tongxin.stats.figures import compute_all, compute_section, drill, section
from tongxin.stats.scope import resolve_scope

TODAY = dt.date(2026, 11, 27)
YEAR = Period.for_year(2025, today=TODAY)


def scope_of(code=None):
    return resolve_scope(user=None, code=code)


def test_overview_of_the_committee(committee):
    f = compute_section("overview", scope_of("C"), YEAR)
    assert f["organizations"] == {
        "open": 5,
        "by_kind": {"grassroots": 1, "branch": 3, "direct_branch": 1},
        "opened": 1,
        "closed": 1,
    }
    assert f["members"] == {
        "start": 6,
        "end": 5,
        "net_change": -1,
        "admitted": 1,
        "transferred_in": 0,
        "transferred_out": 0,
        "withdrawn": 1,
        "deceased": 1,
        "expelled": 0,
    }
    s = f["structure"]
    assert (s["total"], s["women"], s["ethnic_minorities"]) == (5, 2, 1)
    assert s["age_bands"] == {
        "-35": 1,
        "36-45": 1,
        "46-55": 2,
        "56-65": 1,
        "66-": 0,
        "unknown": 0,
    }
    assert s["education"] == {
        "postgraduate": 1,
        "undergraduate": 1,
        "college": 1,
        "secondary": 0,
        "other": 2,
    }
    assert s["titles"] == {"senior": 1, "intermediate": 1}
    assert s["sectors"] == {"01": 1, "02": 1, "none": 3}
    assert s["public_posts"] == {
        "npc": {"total": 1, "national": 0, "provincial": 0, "city": 0, "district": 1},
        "cppcc": {"total": 1, "national": 0, "provincial": 0, "city": 1, "district": 0},
    }


def test_net_change_of_a_subtree_counts_transfers_across_its_border(committee):
    edu = compute_section("overview", scope_of("G1"), YEAR)["members"]
    assert edu == {
        "start": 3,
        "end": 4,
        "net_change": 1,
        "admitted": 1,
        "transferred_in": 1,
        "transferred_out": 0,
        "withdrawn": 1,
        "deceased": 0,
        "expelled": 0,
    }
    direct = compute_section("overview", scope_of("D1"), YEAR)["members"]
    assert (direct["start"], direct["end"], direct["net_change"]) == (3, 1, -2)
    assert (direct["transferred_out"], direct["deceased"]) == (1, 1)


def test_the_structure_is_stated_at_the_period_end(committee):
    # On 2024-12-31 王芳 had not joined; 孙丽, 钱老 and 赵明 (in direct) were there.
    f = compute_section("overview", scope_of("C"), Period.for_year(2024, today=TODAY))
    assert f["members"]["end"] == 6
    assert f["structure"]["public_posts"]["npc"]["total"] == 0
    assert f["members"]["admitted"] == 1  # 周新


def test_participation_figures(committee):
    f = compute_section("participation", scope_of("C"), YEAR)
    assert f["suggestions"] == {"total": 1, "states": {"submitted": 1}}
    assert f["proposals"] == {
        "total": 2,
        "states": {"filed": 1, "submitted": 1},
        "kinds": {"group": 1, "member": 1},
        "filed": 1,
    }
    assert f["opinions"] == {"total": 1, "states": {"adopted": 1}, "adopted": 1}
    assert f["research"] == {
        "total": 2,
        "states": {"approved": 1, "submitted": 1},
        "approved": 1,
        "by_body": {
            "市委统战部": {"submitted": 1, "approved": 0},
            "民进省委": {"submitted": 1, "approved": 1},
        },
    }
    assert f["adoptions"] == {"total": 2, "by_level": {"city": 1, "provincial": 1}}
    assert f["awards"] == 1
    # 张 (proposal), 王 (suggestion), 李 (report), 赵 (research) of five.
    assert f["coverage"] == {"members": 5, "contributors": 4, "rate": 80.0}


def test_service_figures(committee):
    f = compute_section("service", scope_of("C"), YEAR)
    assert f["events"] == {
        "held": 3,
        "by_kind": {"volunteering": 1, "lecture": 1, "seminar": 1},
        "participants": 5,
        "members_attending": 4,
    }
    assert f["social_service"] == {
        "activities": 1,
        "volunteer_times": 5,
        "volunteer_hours": 6.5,
        "beneficiaries": 150,
        "beneficiaries_by_kind": {"elderly": 120, "patients": 30},
        "donations": {"money": 5000.0, "goods": 1200.5, "total": 6200.5},
    }
    edu = compute_section("service", scope_of("G1"), YEAR)
    assert edu["events"]["held"] == 1
    assert edu["events"]["participants"] == 1
    assert edu["social_service"]["activities"] == 0


def test_honors_figures(committee):
    f = compute_section("honors", scope_of("C"), YEAR)
    assert f == {
        "honors": 2,
        "by_level": {"provincial": 1, "city": 1},
        "by_category": {"participation": 1, "social_service": 1},
        "recipients": {"members": 2, "organizations": 1},
    }
    assert compute_section("honors", scope_of("D1"), YEAR)["honors"] == 0


MINE = ("overview", "participation", "service", "honors")


@pytest.mark.parametrize("name", MINE)
def test_every_figure_drills_down_to_as_many_records(committee, name):
    scope = scope_of("C")
    figures = compute_section(name, scope, YEAR)
    checked = 0
    for key, value in flatten(figures):
        d = drill(name, scope, YEAR, key)
        assert d.title and d.columns
        assert len(d.links) == len(d.rows)
        if key.endswith(".rate") or key == "members.net_change":
            continue
        if (
            isinstance(value, float)
            or key.endswith(("beneficiaries", "volunteer_times"))
            or ".beneficiaries_by_kind." in key
        ):
            continue  # sums, not counts: checked below
        assert d.total == value, key
        checked += 1
    assert checked > 5


def test_sums_drill_down_to_the_rows_they_add_up(committee):
    scope = scope_of("C")
    hours = drill("service", scope, YEAR, "social_service.volunteer_hours")
    assert sum(r[-1] for r in hours.rows) == 6.5
    times = drill("service", scope, YEAR, "social_service.volunteer_times")
    assert len(times.rows) == 3 and "3" in times.rows[-1][0]
    served = drill("service", scope, YEAR, "social_service.beneficiaries")
    assert sum(r[-1] for r in served.rows) == 150
    money = drill("service", scope, YEAR, "social_service.donations.total")
    assert sum(r[-1] for r in money.rows) == 6200.5
    change = drill("overview", scope, YEAR, "members.net_change")
    assert sorted(r[0] for r in change.rows) == sorted(["王芳", "孙丽", "钱老"])


def test_drill_lists_name_the_records_and_link_them(committee):
    scope = scope_of("C")
    d = drill("overview", scope, YEAR, "structure.ethnic_minorities")
    assert [r[0] for r in d.rows] == ["王芳"]
    assert d.links[0] == f"/members/{committee.wang.pk}/"
    d = drill("overview", scope, YEAR, "members.transferred_out")
    assert d.rows == []
    d = drill("overview", scope_of("D1"), YEAR, "members.transferred_out")
    assert [r[0] for r in d.rows] == ["赵明"]
    d = drill("participation", scope, YEAR, "research.by_body.民进省委.approved")
    assert [r[0] for r in d.rows] == ["乡村教师队伍建设"]
    d = drill("service", scope, YEAR, "events.held")
    assert "取消的讲座" not in [r[0] for r in d.rows]
    assert d.links[0].startswith("/activities/")


@pytest.mark.parametrize(
    "name,key",
    [
        ("overview", "members.nonsense"),
        ("overview", "structure.sectors.zz"),
        ("participation", "proposals.states"),
        ("service", "social_service.donations.gold"),
        ("honors", "by_level"),
        ("honors", ""),
    ],
)
def test_unknown_figures_are_refused_in_chinese(committee, name, key):
    with pytest.raises(UnknownFigure) as err:
        drill(name, scope_of("C"), YEAR, key)
    assert "没有这项统计数字" in str(err.value)


def test_compute_all_holds_every_section_present(committee):
    result = compute_all(scope_of(None), YEAR)
    assert result["period"]["kind"] == "year"
    for name in MINE:
        assert name in result
        assert section(name).label  # every section of ours names its keys
    assert result["overview"]["members"]["end"] == 5
