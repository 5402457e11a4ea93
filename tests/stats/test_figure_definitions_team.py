"""Team figures on the report_committee (tests/reports/conftest.py): a change
of tier is not a new entry into the talent pool."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.campaigns.conftest import cmp  # noqa: F401
from tests.reports.conftest import report_committee  # noqa: F401
from tongxin.core.periods import Period
from tongxin.stats.figures import drill, team
from tongxin.stats.scope import resolve_scope
from tongxin.talent import services as talent

pytestmark = pytest.mark.django_db

Y2014 = Period.for_year(2014, today=dt.date(2026, 6, 1))


def test_a_change_of_tier_is_not_a_new_entry(report_committee, cmp):  # noqa: F811
    root, chair = cmp.root, cmp.chair  # the chair: in the pool since 2013 (leading)
    talent.review_add(
        by=root,
        member=chair,
        year=2014,
        decision="down",
        reason="年度评议",
        reviewed_on=dt.date(2014, 5, 1),
    )
    f = team.compute(resolve_scope(), Y2014)
    # Entered in 2014: vice1 (key) and two heads (backbone, reserve); the
    # chair's move from leading to key is a change of tier.
    assert f["talent"]["new_in_period"] == 3
    rows = drill("team", resolve_scope(), Y2014, "talent.new_in_period").rows
    assert len(rows) == 3
    assert "陈主委" not in {r[0] for r in rows}
