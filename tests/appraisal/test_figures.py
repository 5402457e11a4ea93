"""Every figure of the duty record, the points, the ranking and the org scores
of the known committee (see conftest.py), on the default rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongxin.appraisal import defaults, selectors, services
from tongxin.appraisal.models import PointRule
from tongxin.core.periods import Period, PeriodError, parse_period
from tongxin.stats.scope import resolve_scope

YEAR = 2025


def period():
    return Period.for_year(YEAR)


def record_of(user, member):
    return selectors.duty_record(user=user, member=member, period=period())


def by_code(lines):
    return {line.code: (line.units, line.points) for line in lines}


def test_the_seeded_rules_are_the_defaults_and_the_migration_copy(db):
    import importlib

    seed = importlib.import_module("tongxin.appraisal.migrations.0002_seed_rules")
    assert seed.RULES == defaults.RULES
    assert sorted(PointRule.objects.values_list("code", flat=True)) == sorted(
        r[1] for r in defaults.RULES
    )


def test_the_duty_record_of_the_proposer(c, root):
    rec = record_of(root, c.a)
    assert rec.figures == {
        "events_attended": 2,
        "suggestions": 0,
        "proposals": 2,
        "proposals_filed": 1,
        "proposal_awards": 1,
        "opinions": 1,
        "adoptions": 2,
        "adoptions_city": 1,
        "adoptions_provincial": 1,
        "adoptions_national": 0,
        "research": 0,
        "research_approved": 0,
        "honors": 1,
        "honors_national": 0,
        "honors_provincial": 0,
        "honors_city": 1,
        "honors_committee": 0,
        "service_activities": 1,
        "service_hours": 3.5,
        "trainings": 0,
        "trainings_completed": 0,
        "articles": 1,
    }
    sections = {s.key: s for s in rec.sections}
    assert [r[1] for r in sections["events"].rows] == ["支部理论学习", "全市会员大会"]
    assert [(r[1], r[2], r[5], r[6]) for r in sections["proposals"].rows] == [
        ("关于完善社区养老服务的提案", "提案人", "已立案", "优秀提案（2025）"),
        ("涉密提案标题", "提案人", "不予立案", ""),
    ]
    assert [(r[2], r[3]) for r in sections["adoptions"].rows] == [
        ("市级", "市委统战部"),
        ("省级", "民进辽宁省委"),
    ]
    assert (
        sections["proposals"].summary
        == "共提交提案 2 件，其中立案 1 件，获评优秀提案 1 项"
    )
    assert sections["service"].summary == "参加志愿服务 1 次，共 3.5 小时"
    assert [r[1] for r in sections["honors"].rows] == ["参政议政先进个人"]
    assert [r[1:] for r in sections["articles"].rows] == [
        ["支教见闻", "会员风采", "2025年第2期"]
    ]
    points = by_code(rec.lines)
    assert points["event"] == (Decimal(2), Decimal("2.00"))
    assert points["proposal"] == (Decimal(2), Decimal("6.00"))
    assert points["proposal-filed"] == (Decimal(1), Decimal("5.00"))
    assert points["proposal-award"] == (Decimal(1), Decimal("10.00"))
    assert points["opinion"] == (Decimal(1), Decimal("2.00"))
    assert points["adopted-city"] == (Decimal(1), Decimal("5.00"))
    assert points["adopted-provincial"] == (Decimal(1), Decimal("10.00"))
    assert points["adopted-national"] == (Decimal(0), Decimal("0.00"))
    assert points["service-hour"] == (Decimal("3.5"), Decimal("1.75"))
    assert points["honor-city"] == (Decimal(1), Decimal("6.00"))
    assert points["honor-national"][1] == 0  # 2024, outside the year
    assert points["article"] == (Decimal(1), Decimal("2.00"))
    assert rec.total == Decimal("49.75")


def test_the_duty_record_of_the_other_members(c, root):
    b, cm, d, e = (record_of(root, m) for m in (c.b, c.c, c.d, c.e))
    assert (b.figures["events_attended"], b.figures["proposals"]) == (2, 1)
    assert (b.figures["proposals_filed"], b.figures["proposal_awards"]) == (1, 1)
    rows = {s.key: s for s in b.sections}["proposals"].rows
    assert [(r[1], r[2]) for r in rows] == [("关于完善社区养老服务的提案", "联名")]
    assert b.total == Decimal("20.00")
    f = cm.figures
    assert (f["events_attended"], f["suggestions"], f["opinions"]) == (1, 1, 2)
    assert (f["adoptions_city"], f["adoptions_provincial"]) == (1, 1)
    assert (f["research"], f["research_approved"]) == (1, 1)
    assert (f["honors_provincial"], f["service_hours"]) == (1, 2.0)
    assert (f["trainings"], f["trainings_completed"]) == (1, 0)
    assert f["articles"] == 1  # the draft does not count
    assert cm.total == Decimal("46.00")
    assert (d.figures["trainings_completed"], d.figures["research_approved"]) == (1, 1)
    assert by_code(d.lines)["training"] == (Decimal(1), Decimal("3.00"))
    assert d.total == Decimal("15.00")
    assert e.total == Decimal("0.00") and all(not s.rows for s in e.sections)


def test_a_period_narrows_every_figure(c, root):
    spring = parse_period(start="2025-01-01", end="2025-03-31")
    rec = selectors.duty_record(user=root, member=c.a, period=spring)
    assert rec.figures["events_attended"] == 1
    assert rec.figures["proposals"] == 2
    assert rec.figures["adoptions"] == 0
    assert rec.figures["service_hours"] == 0
    last = selectors.duty_record(user=root, member=c.a, period=Period.for_year(2024))
    assert last.figures["events_attended"] == 1
    assert last.figures["honors_national"] == 1 and last.figures["service_hours"] == 5
    assert last.figures["suggestions"] == 1 and last.figures["articles"] == 1


def test_confidential_items_are_counted_but_not_listed(c, people):
    # Without clearance the row is held back whole (date, state, session
    # would tell about it); the summary says so and the figures count it.
    rec = record_of(people.leader, c.a)
    proposals = {s.key: s for s in rec.sections}["proposals"]
    assert [r[1] for r in proposals.rows] == ["关于完善社区养老服务的提案"]
    assert "另有 1 项涉密或不在您的查看范围" in proposals.summary
    assert "涉密提案标题" not in str(rec.as_dict())
    assert rec.figures["proposals"] == 2 and rec.total == Decimal("49.75")
    own = record_of(c.a_user, c.a)
    assert {s.key: s for s in own.sections}["proposals"].rows[1][1] == "涉密提案标题"


def test_the_ranking_of_the_committee_and_of_a_branch(c, root, people, org):
    _rules, rows = selectors.ranking(
        user=people.staff, scope=resolve_scope(user=people.staff), period=period()
    )
    assert [(r.rank, r.member.name, r.total) for r in rows] == [
        (1, "王委员", Decimal("49.75")),
        (2, "李晓梅", Decimal("46.00")),
        (3, "赵联名", Decimal("20.00")),
        (4, "孙学员", Decimal("15.00")),
        (5, "周未交", Decimal("0.00")),
    ]
    # The ranking's breakdown is the record's.
    assert by_code(rows[0].lines) == by_code(record_of(root, c.a).lines)
    _rules, rows = selectors.ranking(
        user=people.head, scope=resolve_scope(user=people.head), period=period()
    )
    assert [(r.rank, r.member.name) for r in rows] == [(1, "王委员"), (2, "孙学员")]


def test_equal_totals_share_a_rank():
    assert selectors._ranked([5, 3, 3, 1], key=lambda x: x) == [1, 2, 2, 4]


def test_rules_are_data_a_cap_and_a_switched_off_rule(c, root, people):
    event = PointRule.objects.get(code="event")
    services.rule_update(
        by=people.staff, rule=event, name="参加活动", points="4", cap="5", version=1
    )
    honor = PointRule.objects.get(code="honor-city")
    services.rule_update(
        by=people.staff,
        rule=honor,
        name="市级表彰",
        points="6",
        active=False,
        version=1,
    )
    rec = record_of(root, c.a)
    points = by_code(rec.lines)
    assert points["event"] == (Decimal(2), Decimal("5.00"))  # 8 capped at 5
    assert "honor-city" not in points
    assert rec.total == Decimal("49.75") - 2 + 5 - 6


def test_organization_scores_and_their_breakdown(c, people):
    _rules, rows = selectors.org_scores(
        user=people.staff, scope=resolve_scope(user=people.staff), period=period()
    )
    table = {r.org.code: (r.rank, r.total, by_code(r.lines)) for r in rows}
    assert set(table) == {"G1B1", "G1B2", "D1"}  # base organizations only
    rank, total, lines = table["G1B1"]
    assert lines["org-events"] == (Decimal(1), Decimal("2.00"))  # not the cancelled
    assert lines["org-coverage"] == (Decimal(100), Decimal("30.00"))
    assert lines["org-adoptions"] == (Decimal(2), Decimal("6.00"))
    assert lines["org-honor-city"] == (Decimal(2), Decimal("8.00"))
    assert lines["org-followups"] == (Decimal(2), Decimal("-6.00"))
    assert lines["org-poor-visits"] == (Decimal(1), Decimal("-10.00"))
    assert (rank, total) == (1, Decimal("30.00"))
    rank, total, lines = table["D1"]
    assert lines["org-events"][0] == 1 and lines["org-followups"][1] == -3
    assert (rank, total) == (2, Decimal("29.00"))
    rank, total, lines = table["G1B2"]
    assert lines["org-coverage"] == (Decimal(50), Decimal("15.00"))
    assert lines["org-honor-provincial"] == (Decimal(1), Decimal("6.00"))
    assert (rank, total) == (3, Decimal("21.00"))
    coverage = {r.org.code: r.coverage for r in rows}
    assert coverage == {"G1B1": (2, 2), "G1B2": (1, 2), "D1": (1, 1)}


def test_the_head_scores_only_their_branch(c, people):
    _rules, rows = selectors.org_scores(
        user=people.head, scope=resolve_scope(user=people.head), period=period()
    )
    assert [(r.org.code, r.total) for r in rows] == [("G1B1", Decimal("30.00"))]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "2099"}, "2099 年尚未到来"),
        ({"start": "2025-05-01", "end": "2025-01-01"}, "早于开始日期"),
        ({"start": "2025-05-01"}, "开始日期和结束日期都要填写"),
        ({"year": "去年"}, "无法识别的年份"),
    ],
)
def test_bad_periods_are_refused_in_chinese(params, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(**params)
