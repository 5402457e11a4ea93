"""The report's consistency: every figure belongs to the report's period, and a
figure that appears in two sections has one value.

A committee (``cmp``, tests/campaigns/conftest.py) runs a campaign from 2014
into 2015 with two honor goals; honors are recorded in 2013, 2014 and 2015.
The 2014 report must count only the 2014 honors, in its honors section and in
the campaign's goals alike, and say so in its text.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from tongxin.campaigns import services as camp
from tongxin.core.periods import Period
from tongxin.honors import services as honors
from tongxin.reports.services import render_report
from tongxin.stats.figures import compute_all
from tongxin.stats.scope import resolve_scope

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
D = dt.date
TITLE = "“凝心铸魂 强基固本”主题活动"


@pytest.fixture
def committee(cmp):
    root, org = cmp.root, cmp.org
    campaign = camp.campaign_create(
        by=root,
        organization=org.city,
        title=TITLE,
        start_on=D(2014, 1, 1),
        end_on=D(2015, 12, 31),
    )
    camp.goal_add(
        campaign=campaign, by=root, kind="individual", level="committee", count=2
    )
    camp.goal_add(
        campaign=campaign, by=root, kind="organization", level="committee", count=1
    )

    def honor(title, level, members=(), organizations=(), **when):
        honors.honor_create(
            by=root,
            organization=org.city,
            title=title,
            category="overall",
            level=level,
            awarding_body="民进辽宁省委",
            members=members,
            organizations=organizations,
            **when,
        )

    # Inside 2014: one member (dated), one organization (year only).
    honor("优秀会员", "city", members=[cmp.heads[0]], awarded_on=D(2014, 5, 4))
    honor("先进基层组织", "provincial", organizations=[cmp.org.edu1], year=2014)
    # Outside 2014: before it, and after it while the campaign still runs.
    honor("优秀会员", "city", members=[cmp.heads[2]], awarded_on=D(2013, 12, 30))
    honor(
        "参政议政先进个人",
        "committee",
        members=[cmp.heads[1], cmp.chair],
        awarded_on=D(2015, 3, 8),
    )
    honor("先进基层组织", "city", organizations=[cmp.org.edu2], year=2015)
    return cmp


def _figures(year: int) -> tuple[dict, Period]:
    period = Period.for_year(year, today=TODAY)
    return compute_all(resolve_scope(), period), period


def _goals(figures: dict) -> dict[str, dict]:
    (campaign,) = [c for c in figures["campaigns"]["campaigns"] if c["title"] == TITLE]
    return {g["kind"]: g for g in campaign["goals"]}


@pytest.mark.parametrize(
    "year, members, organizations",
    [(2014, 1, 1), (2015, 2, 1)],
)
def test_figures_in_two_sections_are_equal_and_bound_to_the_period(
    committee, year, members, organizations
):
    figures, _period = _figures(year)
    h = figures["honors"]
    # Nothing outside the period is counted.
    assert h["recipients"] == {"members": members, "organizations": organizations}
    assert h["honors"] == 2
    # The campaign's goals count the honors the honors section counts: the
    # goals are at the lowest level, so every honor of their kind counts.
    goals = _goals(figures)
    assert goals["individual"]["achieved"] == h["recipients"]["members"]
    assert goals["organization"]["achieved"] == h["recipients"]["organizations"]
    assert goals["individual"]["met"] is (members >= 2)
    # The members at the period's end: overview, structure and 一人一案.
    o = figures["overview"]
    assert o["members"]["end"] == figures["participation"]["coverage"]["members"]
    if "total" in (o.get("structure") or {}):
        assert o["structure"]["total"] == o["members"]["end"]


def test_a_year_without_honors_has_no_goal_progress_either(committee):
    figures, _period = _figures(2016)
    assert figures["honors"]["honors"] == 0
    assert not [c for c in figures["campaigns"]["campaigns"] if c["title"] == TITLE], (
        "the campaign ended in 2015"
    )
    figures, _period = _figures(2013)
    assert figures["honors"]["recipients"]["members"] == 1
    assert not [c for c in figures["campaigns"]["campaigns"] if c["title"] == TITLE]


def test_the_report_text_says_the_same_in_both_sections(committee):
    figures, period = _figures(2014)
    scope = resolve_scope()
    doc = Document(io.BytesIO(render_report(figures, scope, period)))
    text = "\n".join(p.text for p in doc.paragraphs)
    # The title keeps its own quotation marks, not doubled ones.
    assert f"开展{TITLE}（2014年1月1日至2015年12月31日）" in text
    assert "““" not in text and "””" not in text
    assert "（本期获得1个，尚未实现）" in text
    assert "（本期获得1个，已实现）" in text
    assert "2014年，共获得各级表彰2项" in text
    assert "没有登记获得的表彰" not in text
    empty = Document(
        io.BytesIO(
            render_report(
                *_figures(2016)[:1], scope, Period.for_year(2016, today=TODAY)
            )
        )
    )
    empty_text = "\n".join(p.text for p in empty.paragraphs)
    assert "2016年，没有登记获得的表彰。" in empty_text
    assert "已获得" not in empty_text and "本期获得" not in empty_text
