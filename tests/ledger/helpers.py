"""Filling a ledger template as a secretary would, with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.conftest import make_id_number
from tongxin.campaigns.services.campaigns import campaign_create
from tongxin.members.services import member_leave
from tongxin.orgs.services import department_create, org_close


def fill(template: bytes, rows: list[dict]) -> bytes:
    """The template with its example row replaced by ``rows`` (header → value)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2)
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def history(org, people, make_member):
    """A small past: a member who left mid-2024, one who joined late 2024, a
    branch closed mid-2024, a department and a 2024 campaign."""
    left = make_member(
        org.edu1, "周伯通", id_number=make_id_number(dt.date(1960, 1, 2), False)
    )
    member_leave(
        member=left, status="withdrawn", on=dt.date(2024, 7, 1), by=people.root
    )
    late = make_member(
        org.edu1,
        "郭靖",
        joined_on=dt.date(2024, 9, 1),
        id_number=make_id_number(dt.date(1980, 1, 2), False),
    )
    active = make_member(
        org.edu1,
        "黄蓉",
        female=True,
        id_number=make_id_number(dt.date(1981, 2, 3), True),
    )
    closed = org.direct
    org_close(org=closed, on=dt.date(2024, 6, 30), by=people.root)
    office = department_create(
        organization=org.city, kind="organization", name="组织部", by=people.root
    )
    campaign = campaign_create(
        by=people.root,
        organization=org.city,
        title="凝心铸魂主题活动",
        start_on=dt.date(2024, 1, 1),
        end_on=dt.date(2024, 12, 31),
    )
    return left, late, active, closed, office, campaign
