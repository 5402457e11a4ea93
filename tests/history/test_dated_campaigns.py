"""A past inspection visit entered on the web with its date: the organization
visited may have closed since; refused for a date after its closure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.history.conftest import AFTER, BEFORE
from tongxin.campaigns import services
from tongxin.campaigns.forms import VisitForm
from tongxin.campaigns.models import Visit
from tongxin.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_a_visit_to_an_organization_since_closed(history):
    h = history
    team = services.team_create(
        by=h.people.staff, organization=h.org.city, name="第一督查组"
    )
    url = reverse("campaigns:visit_create", args=[team.pk])
    html = h.client.get(url).content.decode()
    assert "文史小组（2024-09-01撤销）" in html
    data = {"organization": h.closed.pk, "rating": "good", "findings": "资料齐全"}
    late = h.client.post(url, {**data, "visited_on": AFTER})
    assert late.status_code in (200, 400)
    assert "撤销于 2024-09-01" in late.content.decode()
    assert not Visit.objects.exists()
    ok = h.client.post(url, {**data, "visited_on": BEFORE})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    visit = Visit.objects.get()
    assert visit.organization == h.closed
    assert visit.visited_on == dt.date.fromisoformat(BEFORE)


def test_the_visit_forms_search_sends_its_date():
    form = VisitForm(organizations=Organization.objects.none())
    assert form.fields["organization"].widget.date_field == "visited_on"
