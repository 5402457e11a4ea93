"""History entered on the web with its real date: the pickers offer the members
and organizations of that date, those who have left or closed since included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tongxin.members.services import member_leave
from tongxin.orgs.services import org_close, org_create
from tongxin.participation.models import OpinionReport, ResearchTopic

pytestmark = pytest.mark.django_db

LEFT = dt.date(2024, 9, 1)


@pytest.fixture
def history(part, org, root, make_member):
    """陈往昔 left on 2024-09-01; 文史小组 (no members) closed on the same day."""
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
    client.force_login(part.staff)
    return gone, closed, client


def _found(client, name, text, **params):
    page = client.get(reverse(name), {"_pick": text, **params})
    assert page.status_code == 200
    return page.content.decode()


def test_the_pick_searches_offer_the_records_of_the_forms_date(history):
    gone, closed, client = history
    # Today: neither is offered.
    offered = f'data-value="{gone.pk}"'
    assert offered not in _found(client, "members:pick", "陈往昔")
    assert "文史小组" not in _found(client, "orgs:pick", "文史")
    # On the item's date, before leaving and closing: both are.
    on = {"_on": "date", "date": "2024-03-15"}
    assert offered in _found(client, "members:pick", "陈往昔", **on)
    assert f'data-value="{closed.pk}"' in _found(client, "orgs:pick", "文史", **on)
    # The leaving (closing) day is the first day out.
    after = {"_on": "date", "date": LEFT.isoformat()}
    assert offered not in _found(client, "members:pick", "陈往昔", **after)
    assert "文史小组" not in _found(client, "orgs:pick", "文史", **after)
    # A date that is not one, or in the future, is today's records.
    assert offered not in _found(
        client, "members:pick", "陈往昔", _on="date", date="2024-13-01"
    )
    assert offered not in _found(
        client, "members:pick", "陈往昔", _on="date", date="2999-01-01"
    )


def test_an_opinion_report_by_a_member_who_has_left_is_entered_on_the_page(history):
    gone, _closed, client = history
    url = reverse("participation:create", args=["opinions"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # The authors' search sends the form's date.
    assert "_on=date" in html and "hx-include=\"[name='date']\"" in html
    data = {"title": "关于社区书屋的建议", "text": "内容", "authors": [gone.pk]}
    late = client.post(url, {**data, "date": "2024-10-08"})
    assert late.status_code == 400
    assert "2024-09-01" in late.content.decode()  # the service's dated refusal
    assert not OpinionReport.objects.filter(title=data["title"]).exists()
    ok = client.post(url, {**data, "date": "2024-03-15"})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    report = OpinionReport.objects.get(title=data["title"])
    assert report.date == dt.date(2024, 3, 15)
    assert list(report.authors.all()) == [gone]
    # Its edit form names the author who has left (the item's own date).
    edit = client.get(reverse("participation:edit", args=["opinions", report.pk]))
    assert edit.status_code == 200 and "陈往昔" in edit.content.decode()


def test_a_research_topic_of_an_organization_since_closed(history, part):
    _gone, closed, client = history
    url = reverse("participation:create", args=["research"])
    page = client.get(url).content.decode()
    # The drop-down offers the closed organization, saying when it closed.
    assert "文史小组（G1B9），2024-09-01撤销" in page
    data = {
        "title": "文史资料整理",
        "target_body": "民进省委会",
        "organization": closed.pk,
        "members": [part.wang.pk],
    }
    late = client.post(url, {**data, "date": "2024-11-01"})
    assert late.status_code == 400 and "撤销" in late.content.decode()
    assert not ResearchTopic.objects.filter(title=data["title"]).exists()
    ok = client.post(url, {**data, "date": "2024-05-06"})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    topic = ResearchTopic.objects.get(title=data["title"])
    assert topic.organization == closed and topic.date == dt.date(2024, 5, 6)


def test_an_event_of_an_organization_since_closed_is_entered_on_the_page(history):
    from tongxin.activities.models import Event

    _gone, closed, client = history
    url = reverse("activities:event_create")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    # Offered, labelled with its closing day; the searches send the start day.
    assert "文史小组（2024-09-01撤销）" in html
    data = {
        "organization": closed.pk,
        "title": "文史资料座谈会",
        "kind": "seminar",
        "place": "会议室",
    }
    late = client.post(
        url, {**data, "start_at": "2024-10-08T14:00", "end_at": "2024-10-08T16:00"}
    )
    assert late.status_code == 200  # the form again, with the service's reason
    assert "撤销日期 2024-09-01" in late.content.decode()
    assert not Event.objects.filter(title=data["title"]).exists()
    ok = client.post(
        url, {**data, "start_at": "2024-05-08T14:00", "end_at": "2024-05-08T16:00"}
    )
    assert ok.status_code == 302, ok.content.decode()[:2000]
    assert Event.objects.get(title=data["title"]).organization == closed
    # A co-organizer's search on the event's day finds it (the date-time's day).
    found = client.get(
        reverse("orgs:pick"),
        {"_pick": "文史", "_on": "start_at", "start_at": "2024-05-08T14:00"},
    ).content.decode()
    assert f'data-value="{closed.pk}"' in found
