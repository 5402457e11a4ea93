"""List pages never run an unbounded exact COUNT over a large table.

Every list page of every app is fetched by a committee-wide staff user and by
the superuser; every ``COUNT`` query it issues must be bounded: counting a
sliced subquery (``SELECT COUNT(*) FROM (SELECT ... LIMIT n)``, what
:func:`tongxin.core.pagination.bounded_count` issues), so that its cost stops
at ``TONGXIN_COUNT_LIMIT`` rows however large the table grows.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.support import login_verified
from tongxin.core.pagination import bounded_count
from tongxin.members.models import Member

LIST_PAGES = (
    "members:list",
    "accounts:users",
    "accounts:grants",
    "audit:list",
    "activities:event_list",
    "activities:series_list",
    "activities:program_list",
    "activities:fund_list",
    "activities:photo_list",
    "campaigns:list",
    "campaigns:overdue",
    "campaigns:regulations",
    "campaigns:liaison",
    "campaigns:inspections",
    "honors:list",
    "lifecycle:applications",
    "lifecycle:classes",
    "notifications:list",
    "participation:home",
    "participation:drive_list",
    "participation:session_list",
    "publicity:broadcast_list",
    "publicity:subscription_list",
    "talent:index",
    "talent:reserve",
    "orgs:tree",
)
#: Exact counts that are a page's content rather than a list's header, each
#: over a table that stays small: the talent index is a statistics page (people
#: per tier and the size of the reserve roster, a few hundred cadres).
EXACT_BY_DESIGN = {"talent:index": ("talent_reserveentry",)}
PARTICIPATION_KINDS = ("proposals", "opinions", "suggestions", "topics")
#: What ``QuerySet.count()`` issues (an annotation's COUNT is per group, not this).
_COUNT = re.compile(r"^\s*SELECT COUNT\(", re.IGNORECASE)


def unbounded_counts(queries, allowed: tuple[str, ...] = ()) -> list[str]:
    """Return the table counts that do not count a LIMITed subquery."""
    return [
        q["sql"]
        for q in queries
        if _COUNT.match(q["sql"])
        and not re.search(r"\bLIMIT\b", q["sql"], re.I)
        and not any(re.search(rf'\bFROM "?{t}"?\s', q["sql"]) for t in allowed)
    ]


def list_urls() -> list[tuple[str, tuple[str, ...]]]:
    urls = [(reverse(name), EXACT_BY_DESIGN.get(name, ())) for name in LIST_PAGES]
    urls += [
        (reverse("participation:list", args=[kind]), ()) for kind in PARTICIPATION_KINDS
    ]
    return urls


def test_bounded_count_counts_a_limited_subquery(people):
    with CaptureQueriesContext(connection) as captured:
        n, exact = bounded_count(Member.objects.all(), limit=5)
    assert (n, exact) == (1, True)
    (sql,) = [q["sql"] for q in captured]
    assert _COUNT.match(sql) and re.search(r"\bLIMIT 6\b", sql)


@pytest.mark.parametrize("who", ["staff", "root"])
def test_list_pages_count_only_with_a_bound(people, org, make_member, who):
    for i in range(3):
        make_member(org.edu1, f"王测试{i}", birth=dt.date(1980, 1, i + 1))
    client = login_verified(Client(), getattr(people, who))
    seen = 0
    for url, allowed in list_urls():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code in (403, 404):
            continue
        assert response.status_code == 200, (url, response.status_code)
        seen += 1
        assert unbounded_counts(captured.captured_queries, allowed) == [], url
    assert seen >= 15
