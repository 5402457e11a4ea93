"""Each concept has one definition, used wherever a figure shows it.

Built on the ``committee`` of tests/stats/conftest.py (d2, a direct branch,
closed on 2025-10-01).
"""

from __future__ import annotations

import datetime as dt

from tongxin.campaigns.selectors import coverage as inspection_coverage
from tongxin.core.periods import Period
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import existing_q
from tongxin.stats.figures import compute_section
from tongxin.stats.scope import resolve_scope

TODAY = dt.date(2026, 11, 27)
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
