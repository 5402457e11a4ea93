"""Past honors and talent records entered on the web with their real dates:
the forms offer the members and organizations of that date, and the services
check each as of it (a member who has since left, an organization closed since
are accepted before the departure or closure and refused after it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.history.conftest import AFTER, BEFORE, picks_on
from tongxin.honors import services as honors
from tongxin.honors.models import Honor
from tongxin.talent.models import Placement, ReserveEntry

pytestmark = pytest.mark.django_db


def _honor_data(h, **more):
    return {
        "organization": h.org.city.pk,
        "title": "文史工作先进集体",
        "category": "publicity",
        "level": "city",
        "awarding_body": "中共某市委统战部",
        "recipients_text": "陈往昔",
        "organizations": [h.closed.pk],
        **more,
    }


def test_an_honor_of_a_member_who_left_and_an_organization_since_closed(history):
    h = history
    url = reverse("honors:create")
    html = h.client.get(url).content.decode()
    # Offered, with its closing day (a drop-down: the committee is small; a
    # larger one's search box sends the award date, see test_pickers_send_...).
    assert "文史小组（2024-09-01撤销）" in html
    late = h.client.post(url, _honor_data(h, awarded_on=AFTER))
    assert late.status_code == 200
    text = late.content.decode()
    assert "“陈往昔”已于 2024-09-01 离会，2024-10-08 时不是在册会员。" in text
    assert not Honor.objects.exists()
    late_org = h.client.post(
        url, _honor_data(h, awarded_on=AFTER, recipients_text="")
    ).content.decode()
    assert "撤销日期 2024-09-01" in late_org and not Honor.objects.exists()
    ok = h.client.post(url, _honor_data(h, awarded_on=BEFORE))
    assert ok.status_code == 302, ok.content.decode()[:2000]
    honor = Honor.objects.get()
    assert {r.member_id or r.organization_id for r in honor.recipients.all()} == {
        h.gone.pk,
        h.closed.pk,
    }


def test_recipients_added_later_are_checked_against_the_honors_date(history):
    h = history
    early = honors.honor_create(
        by=h.root,
        organization=h.org.city,
        title="先进个人",
        category="publicity",
        level="city",
        awarding_body="市委统战部",
        awarded_on=dt.date(2024, 3, 15),
        members=[h.people.member_record],
        organizations=[h.org.edu1],
    )
    page = h.client.get(early.get_absolute_url()).content.decode()
    # The add form carries the honor's date for its organization search.
    assert 'type="hidden" name="awarded_on" value="2024-03-15"' in page
    assert "文史小组（2024-09-01撤销）" in page
    add = reverse("honors:recipients_add", args=[early.pk])
    h.client.post(add, {"recipients_text": "陈往昔", "organizations": [h.closed.pk]})
    assert early.recipients.count() == 4
    late = honors.honor_create(
        by=h.root,
        organization=h.org.city,
        title="年度先进",
        category="publicity",
        level="city",
        awarding_body="市委统战部",
        awarded_on=dt.date(2024, 12, 1),
        organizations=[h.org.edu1],
    )
    page = h.client.post(
        reverse("honors:recipients_add", args=[late.pk]),
        {"recipients_text": "陈往昔"},
        follow=True,
    ).content.decode()
    assert "2024-12-01 时不是在册会员" in page
    assert late.recipients.count() == 1


def test_a_placement_and_a_reserve_entry_of_the_past(history):
    h = history
    person = reverse("talent:person", args=[h.gone.pk])
    html = h.client.get(person).content.decode()
    assert "文史小组（2024-09-01撤销）" in html
    add = reverse("talent:add", args=[h.gone.pk, "placement"])
    late = h.client.post(add, {"placement-tier": "key", "placement-start_on": AFTER})
    assert late.status_code == 400 and "2024-09-01" in late.content.decode()
    ok = h.client.post(
        add,
        {
            "placement-tier": "key",
            "placement-start_on": "2023-01-01",
            "placement-end_on": "2024-08-31",
        },
    )
    assert ok.status_code == 302, ok.content.decode()[:2000]
    assert Placement.objects.filter(member=h.gone).count() == 1
    # A reserve entry in a leadership since closed: before its closure only.
    reserve = reverse("talent:add", args=[h.people.member_record.pk, "reserve"])
    data = {
        "reserve-organization": h.closed.pk,
        "reserve-post": "主委",
        "reserve-readiness": "now",
    }
    late = h.client.post(reserve, {**data, "reserve-start_on": AFTER})
    assert late.status_code == 400 and "撤销" in late.content.decode()
    assert not ReserveEntry.objects.exists()
    ok = h.client.post(reserve, {**data, "reserve-start_on": BEFORE})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    assert ReserveEntry.objects.get().organization == h.closed


def test_pickers_send_the_forms_date_when_they_search(history, settings):
    """Beyond a drop-down's limit the organization pickers search, sending the
    form's date field (prefixed on the talent page); the search answers with
    the organizations of that day."""
    from tongxin.core.pickers import BoundedSelectMixin

    h = history
    limit = BoundedSelectMixin.select_limit
    BoundedSelectMixin.select_limit = 1
    try:
        honor = h.client.get(reverse("honors:create")).content.decode()
        person = h.client.get(
            reverse("talent:person", args=[h.people.member_record.pk])
        ).content.decode()
    finally:
        BoundedSelectMixin.select_limit = limit
    assert picks_on(honor, "awarded_on")
    assert picks_on(person, "reserve-start_on")
    found = h.client.get(
        reverse("orgs:pick"),
        {"_pick": "文史", "_on": "reserve-start_on", "reserve-start_on": BEFORE},
    ).content.decode()
    assert f'data-value="{h.closed.pk}"' in found
