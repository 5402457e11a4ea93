"""Fixtures of the dated-forms tests: a member who has left and an
organization closed on the same day, and a staff user's browser."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from tongxin.members.services import member_leave
from tongxin.orgs.services import org_close, org_create

#: The day 陈往昔 left and 文史小组 closed (the first day out of both).
LEFT = dt.date(2024, 9, 1)
BEFORE = "2024-03-15"
AFTER = "2024-10-08"


@pytest.fixture
def history(org, people, root, make_member):
    gone = make_member(org.edu2, "陈往昔")
    member_leave(member=gone, status="withdrawn", on=LEFT, by=root)
    closed = org_create(
        by=root,
        name="文史小组",
        kind="branch",
        code="G1B9",
        parent=org.edu,
        founded_on=dt.date(2010, 1, 1),
    )
    org_close(org=closed, on=LEFT, by=root)
    client = Client()
    client.force_login(people.staff)
    return SimpleNamespace(
        gone=gone, closed=closed, client=client, org=org, people=people, root=root
    )


def picks_on(html: str, field: str) -> bool:
    """Whether a form's picker searches send the form's date field ``field``."""
    return f"_on={field}" in html and f"hx-include=\"[name='{field}']\"" in html
