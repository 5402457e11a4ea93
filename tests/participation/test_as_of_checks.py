"""Items of members who have since left, and of organizations since closed,
are accepted when dated before the departure or closure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.activities.conftest import login_user
from tongxin.activities.models import Event
from tongxin.members.services import member_leave
from tongxin.orgs.services import org_close, org_create
from tongxin.participation.models import Proposal, Suggestion

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, data):
    return client.post(API + url, data, content_type="application/json")


def test_a_departed_members_suggestion_dated_before_leaving(part, root):
    member_leave(member=part.wang, status="withdrawn", on=dt.date(2024, 7, 1), by=root)
    staff = _client(part.staff)
    before = _post(
        staff,
        "/participation/suggestions",
        {"title": "夜班车", "author": part.wang.pk, "date": "2024-06-30"},
    )
    assert before.status_code == 201, before.content
    after = _post(
        staff,
        "/participation/suggestions",
        {"title": "夜班车二", "author": part.wang.pk, "date": "2024-07-01"},
    )
    assert after.status_code == 422
    message = after.json()["errors"]["author"][0]
    assert message == "“王委员”已于 2024-07-01 离会，2024-07-01 时不是在册会员。"
    today = _post(
        staff, "/participation/suggestions", {"title": "x", "author": part.wang.pk}
    )
    assert today.status_code == 422 and "不是在册会员" in today.content.decode()
    assert list(Suggestion.objects.values_list("title", flat=True)) == ["夜班车"]
    # The web form: the same member, the same dates.
    form = reverse("participation:create", args=["suggestions"])
    assert staff.get(form).status_code == 200


def test_a_closed_organizations_group_proposal_and_event(part, org, root):
    closing = org_create(
        by=root,
        name="文化支部",
        kind="branch",
        code="G1B9",
        parent=org.edu,
        founded_on=dt.date(2000, 1, 1),
    )
    org_close(org=closing, on=dt.date(2024, 9, 1), by=root)
    staff = _client(part.staff)
    body = {
        "title": "团体提案",
        "proposal_kind": "group",
        "session": part.session.pk,
        "organization": closing.pk,
    }
    ok = _post(staff, "/participation/proposals", {**body, "date": "2024-01-05"})
    assert ok.status_code == 201, ok.content
    late = _post(staff, "/participation/proposals", {**body, "date": "2024-09-01"})
    assert late.status_code == 422
    assert (
        "已撤销（撤销日期 2024-09-01），2024-09-01 时已不存在"
        in (late.json()["errors"]["organization"][0])
    )
    assert Proposal.objects.count() == 1

    admin = _client(
        login_user("office2", root=root, role="staff_office", node=org.city)
    )
    tz = timezone.get_current_timezone()
    start = dt.datetime(2024, 5, 10, 9, tzinfo=tz)
    event = {
        "organization": closing.pk,
        "title": "读书会",
        "kind": "seminar",
        "start_at": start.isoformat(),
        "end_at": (start + dt.timedelta(hours=2)).isoformat(),
    }
    held = _post(admin, "/activities/events", event)
    assert held.status_code == 201, held.content
    later = start.replace(year=2024, month=10)
    refused = _post(
        admin,
        "/activities/events",
        {
            **event,
            "start_at": later.isoformat(),
            "end_at": (later + dt.timedelta(hours=2)).isoformat(),
        },
    )
    assert refused.status_code == 422
    assert "时已不存在" in refused.json()["errors"]["organization"][0]
    assert Event.objects.filter(organization=closing).count() == 1
