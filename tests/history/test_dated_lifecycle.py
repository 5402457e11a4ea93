"""Past admissions and training classes entered on the web with their dates:
an introducer or attendee who has left since, a class organized by an
organization closed since, accepted before the departure or closure and
refused after it with the reason in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import make_id_number
from tests.history.conftest import AFTER, BEFORE, picks_on
from tongxin.lifecycle import services
from tongxin.lifecycle.models import Application, Attendee, TrainingClass

pytestmark = pytest.mark.django_db


def test_an_application_introduced_by_a_member_who_has_left_since(history):
    h = history
    url = reverse("lifecycle:application_new")
    html = h.client.get(url).content.decode()
    assert picks_on(html, "applied_on")  # the introducers' search sends the date
    data = {
        "name": "吴往年",
        "id_number": make_id_number(dt.date(1990, 2, 2), False, 41),
        "organization": h.org.edu1.pk,
        "introducer_1": h.gone.pk,
        "introducer_2": h.people.member_record.pk,
    }
    late = h.client.post(url, {**data, "applied_on": AFTER})
    assert late.status_code == 400
    assert "介绍人“陈往昔”已于 2024-09-01 离会" in late.content.decode()
    assert not Application.objects.exists()
    ok = h.client.post(url, {**data, "applied_on": BEFORE})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    app = Application.objects.get()
    assert app.introducer_1 == h.gone
    # Approved before the introducer left: a member joined on that day.
    app_url = reverse("lifecycle:application_act", args=[app.pk])
    h.client.post(app_url, {"action": "review", "on": "2024-03-20"})
    h.client.post(app_url, {"action": "approve", "on": "2024-04-01"})
    app.refresh_from_db()
    assert app.status == "approved" and app.member.joined_on == dt.date(2024, 4, 1)


def test_a_past_class_of_a_closed_organization_with_an_attendee_who_left(history):
    h = history
    url = reverse("lifecycle:class_new")
    html = h.client.get(url).content.decode()
    assert "文史小组（2024-09-01撤销）" in html
    data = {"name": "文史培训班", "organization": h.closed.pk}
    late = h.client.post(url, {**data, "start_on": AFTER, "end_on": AFTER})
    assert late.status_code == 400 and "撤销日期 2024-09-01" in late.content.decode()
    assert not TrainingClass.objects.exists()
    ok = h.client.post(url, {**data, "start_on": BEFORE, "end_on": "2024-03-17"})
    assert ok.status_code == 302, ok.content.decode()[:2000]
    klass = TrainingClass.objects.get()
    assert klass.organization == h.closed
    # 陈往昔 attended before leaving: named on the class page, enrolled.
    add = reverse("lifecycle:class_attendees", args=[klass.pk])
    page = h.client.post(add, {"names": "陈往昔"}, follow=True).content.decode()
    assert "已添加 1 名学员" in page
    assert Attendee.objects.get(training_class=klass).member == h.gone
    # A class after the departure refuses the same name, saying since when.
    later = services.class_create(
        by=h.root,
        organization=h.org.city,
        name="秋季培训班",
        start_on=dt.date.fromisoformat(AFTER),
        end_on=dt.date.fromisoformat(AFTER),
    )
    add = reverse("lifecycle:class_attendees", args=[later.pk])
    page = h.client.post(add, {"names": "陈往昔"}, follow=True).content.decode()
    assert "“陈往昔”已于 2024-09-01 离会，2024-10-08 时不是在册会员。" in page
    assert not Attendee.objects.filter(training_class=later).exists()
