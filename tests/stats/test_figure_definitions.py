"""Each concept has one definition, used wherever a figure shows it.

Built on the ``committee`` of tests/stats/conftest.py (d2, a direct branch,
closed on 2025-10-01).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tongxin.activities import services as acts
from tongxin.campaigns.selectors import coverage as inspection_coverage
from tongxin.core.periods import Period
from tongxin.core.rates import rate, shown
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import existing_q
from tongxin.participation import services as part
from tongxin.participation.models import Proposal
from tongxin.participation.selectors import statistics_for
from tongxin.reports.writer import (
    Context,
    pct,
    write_campaigns,
    write_participation,
    write_service,
)
from tongxin.stats.figures import compute_section, drill
from tongxin.stats.scope import resolve_scope

TODAY = dt.date(2026, 11, 27)
D = dt.date
CLOSURE = dt.date(2025, 10, 1)


def scope_of(code=None):
    return resolve_scope(user=None, code=code)


def test_an_organization_closed_on_a_day_no_longer_exists_on_it(committee):
    d2 = Organization.objects.get(code="D2")
    assert Organization.objects.filter(existing_q(CLOSURE), pk=d2.pk).count() == 0
    before = CLOSURE - dt.timedelta(days=1)
    assert Organization.objects.filter(existing_q(before), pk=d2.pk).count() == 1


def test_a_period_ending_on_a_closure_day_counts_one_number_everywhere(
    committee, people
):
    for end, expected_d2 in ((CLOSURE, False), (CLOSURE - dt.timedelta(days=1), True)):
        period = Period.between(dt.date(2025, 1, 1), end, today=TODAY)
        overview = compute_section("overview", scope_of(), period)
        campaigns = compute_section("campaigns", scope_of(), period)
        open_orgs = overview["organizations"]["open"]
        assert campaigns["inspections"]["base_organizations"] == open_orgs
        cover = inspection_coverage(
            user=people.root, start=period.start, end=period.as_of
        )
        assert cover.total == open_orgs
        names = {o.code for o in cover.not_visited} | {
            o.code for o, _n, _d in cover.visited
        }
        assert ("D2" in names) is expected_d2


# --- participation: counted by dated events, states as of the period's end -------------


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_states_are_read_at_the_period_end_from_dated_steps(committee, people):
    root = people.root
    year = Period.for_year(2025, today=TODAY)
    group = Proposal.objects.get(title="关于职业教育的提案")
    # Replied and closed in 2026: still "filed" in 2025's figures.
    part.item_transition(
        by=root,
        item=group,
        action="reply",
        values={"reply_on": dt.date(2026, 2, 1), "reply_text": "已办理"},
    )
    late = part.opinion_create(
        by=root,
        authors=[committee.zhang],
        title="年底的信息",
        date=dt.date(2025, 6, 1),
        submit=True,
    )
    part.item_transition(by=root, item=late, action="sign_off", at=_at(D(2025, 6, 2)))
    part.item_transition(
        by=root,
        item=late,
        action="report",
        values={"targets": ["民进省委"]},
        at=_at(D(2025, 6, 3)),
    )
    part.adoption_add(
        by=root, report=late, level="city", body="市委统战部", adopted_on=D(2026, 3, 1)
    )
    late.refresh_from_db()
    assert late.state == "adopted"
    assert Proposal.objects.get(pk=group.pk).state == "replied"

    f = compute_section("participation", scope_of("C"), year)
    assert f["proposals"]["states"] == {"filed": 1, "submitted": 1}
    assert f["proposals"]["filed"] == 1
    assert f["opinions"]["states"] == {"adopted": 1, "reported": 1}
    assert f["opinions"]["adopted"] == 1  # the 2025 adoption only
    assert f["adoptions"]["total"] == 2

    api = statistics_for([""], year.start, year.as_of)
    assert {r["state"]: r["count"] for r in api["states"]["opinions"]} == {
        "adopted": 1,
        "reported": 1,
    }
    assert {r["state"]: r["count"] for r in api["states"]["proposals"]} == {
        "filed": 1,
        "submitted": 1,
    }
    assert api["proposals_filed"] == 1

    # In 2026 the reply and the adoption are the period's events.
    f26 = compute_section(
        "participation", scope_of("C"), Period.for_year(2026, today=TODAY)
    )
    assert f26["adoptions"]["total"] == 1
    assert f26["proposals"]["total"] == 0  # nothing put forward in 2026

    # The drill-down lists the same records with their state then.
    rows = drill("participation", scope_of("C"), year, "opinions.states.reported").rows
    assert [r[0] for r in rows] == ["年底的信息"]
    assert rows[0][3] == "已报送"


def test_a_proposal_filed_then_replied_in_the_period_counts_as_filed(committee, people):
    root = people.root
    group = Proposal.objects.get(title="关于职业教育的提案")
    part.item_transition(
        by=root,
        item=group,
        action="reply",
        values={"reply_on": dt.date(2025, 5, 1), "reply_text": "已办理"},
        at=_at(dt.date(2025, 5, 1)),
    )
    f = compute_section(
        "participation", scope_of("C"), Period.for_year(2025, today=TODAY)
    )
    assert f["proposals"]["states"] == {"replied": 1, "submitted": 1}
    assert f["proposals"]["filed"] == 1
    text = "".join(
        p.text
        for p in write_participation(f, Context(label="2025年", scope="", as_of=""))
        if hasattr(p, "text")
    )
    assert "已立案1件" in text


# --- rates ----------------------------------------------------------------------------


def test_every_rate_has_one_decimal():
    assert rate(721, 1000) == 72.1
    assert rate(4, 5) == 80.0
    assert rate(1, 3) == 33.3
    assert rate(3, 0) is None
    assert shown(rate(721, 1000)) == "72.1%"
    assert shown(80.0) == "80.0%"
    assert pct(rate(2, 3)) == "66.7%"


def test_a_campaign_title_is_quoted_once():
    ctx = Context(label="2024年", scope="", as_of="")
    for title in ("“凝心铸魂 强基固本”主题活动", '"凝心铸魂 强基固本"主题活动'):
        f = {
            "campaigns": [
                {
                    "organization": "市委会",
                    "title": title,
                    "start_on": "2024-03-01",
                    "end_on": "2024-12-31",
                    "group": {"size": 0},
                    "tasks": {"total": 0},
                }
            ]
        }
        text = write_campaigns(f, ctx)[0].text
        assert "开展“凝心铸魂 强基固本”主题活动（" in text
        assert "““" not in text and "””" not in text
    text = write_campaigns(
        {
            "campaigns": [
                {
                    "organization": "市委会",
                    "title": "创先争优活动",
                    "start_on": "2024-03-01",
                    "end_on": "2024-12-31",
                    "group": {"size": 0},
                    "tasks": {"total": 0},
                }
            ]
        },
        ctx,
    )[0].text
    assert "开展“创先争优活动”（" in text


# --- service programs: years running as of the period's end ----------------------------


def test_programs_are_named_with_years_running_as_of_the_period_end(committee, people):
    acts.service_activity_create(
        program=committee.program,
        by=people.root,
        title="今年的义诊",
        held_on=dt.date(2026, 3, 1),
        beneficiaries=[("elderly", 10)],
    )
    f = compute_section("service", scope_of("C"), Period.for_year(2025, today=TODAY))
    assert f["programs"] == [
        {
            "id": committee.program.pk,
            "name": "送医下乡",
            "years_running": 2,  # 2024 and 2025; not 3 (2026 is after the period)
            "since": 2024,
            "activities": 1,
            "beneficiaries": 150,
            "donations": 6200.5,
        }
    ]
    f24 = compute_section("service", scope_of("C"), Period.for_year(2024, today=TODAY))
    assert [(p["years_running"], p["since"]) for p in f24["programs"]] == [(1, 2024)]
    text = "".join(
        b.text
        for b in write_service(f, Context(label="2025年", scope="", as_of=""))
        if hasattr(b, "text")
    )
    assert (
        "其中，“送医下乡”已连续开展2年（2024年起），本期开展活动1次，"
        "服务群众150人，捐赠6200.50元。"
    ) in text
