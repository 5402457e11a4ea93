"""Work-plan completions and inspection follow-ups entered with their real
dates, over the web and the API, and counted on those dates by the report."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tongxin.audit.models import AuditEvent
from tongxin.campaigns import services
from tongxin.campaigns.models import FollowUp
from tongxin.core.periods import Period
from tongxin.stats.figures import campaigns as figures
from tongxin.stats.scope import resolve_scope
from tongxin.workflows import engine

API = "/api/v1/campaigns"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def _year_2014_tasks():
    return figures.compute(resolve_scope(), Period.for_year(2014))["tasks"]


def test_api_task_completion_keeps_its_real_date(cmp, make_task):
    task = make_task(due_on=dt.date(2014, 3, 31))
    client = client_for(cmp.staff)
    before = _year_2014_tasks()
    assert (before["done"], before["overdue"]) == (0, 1)
    future = timezone.localdate() + dt.timedelta(days=1)
    refused = post(
        client,
        f"{API}/tasks/{task.pk}/transition",
        {"to": "done", "occurred_on": future.isoformat()},
    )
    assert refused.status_code == 422
    assert "不能填写将来的日期" in refused.json()["errors"]["occurred_on"][0]
    early = post(
        client,
        f"{API}/tasks/{task.pk}/transition",
        {"to": "done", "occurred_on": "2013-12-31"},
    )
    assert early.status_code == 422
    assert "早于活动开始" in early.json()["errors"]["occurred_on"][0]
    task.refresh_from_db()
    assert task.status == "todo" and not engine.steps_of(task)

    done = post(
        client,
        f"{API}/tasks/{task.pk}/transition",
        {"to": "done", "occurred_on": "2014-03-28", "note": "补录"},
    )
    assert done.status_code == 200, done.content
    assert done.json()["done_on"] == "2014-03-28"
    assert done.json()["status"] == "done"
    (change,) = engine.steps_of(task)
    assert (change.from_state, change.to_state) == ("todo", "done")
    assert timezone.localtime(change.at).date() == dt.date(2014, 3, 28)
    assert change.actor == cmp.staff and change.comment == "补录"
    assert timezone.localtime(change.recorded_at).date() == timezone.localdate()
    events = [
        e
        for e in AuditEvent.objects.filter(object_id=str(task.pk))
        if "2014-03-28" in str(e.detail)
    ]
    assert len(events) == 1
    event = events[0]
    assert event.detail["after"]["done_on"] == "2014-03-28"
    assert event.actor_id == cmp.staff.pk
    after = _year_2014_tasks()
    assert (after["done"], after["overdue"]) == (1, 0)

    # Reopening cannot be dated before the completion it undoes.
    back = post(
        client,
        f"{API}/tasks/{task.pk}/transition",
        {"to": "doing", "occurred_on": "2014-03-01"},
    )
    assert back.status_code == 422
    assert "早于任务完成" in back.json()["errors"]["occurred_on"][0]


def test_api_task_transition_without_date_is_today(cmp, make_task):
    task = make_task()
    client = client_for(cmp.staff)
    done = post(client, f"{API}/tasks/{task.pk}/transition", {"to": "done"})
    assert done.status_code == 200
    assert done.json()["done_on"] == timezone.localdate().isoformat()


def test_web_task_status_form_takes_the_date(cmp, make_task):
    task = make_task(due_on=dt.date(2014, 5, 31), month="2014-05")
    client = client_for(cmp.staff)
    page = client.get(reverse("campaigns:task_detail", args=[task.pk]))
    assert page.status_code == 200
    assert 'name="occurred_on"' in page.content.decode()
    url = reverse("campaigns:task_status", args=[task.pk])
    response = client.post(
        url, {"to": "done", "occurred_on": "2099-01-01"}, follow=True
    )
    assert "不能填写将来的日期" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "todo"
    response = client.post(
        url, {"to": "done", "occurred_on": "2014-05-20"}, follow=True
    )
    assert "任务状态已更新" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "done" and task.done_on == dt.date(2014, 5, 20)
    body = client.get(reverse("campaigns:task_detail", args=[task.pk])).content.decode()
    assert "2014-05-20" in body and "登记" in body


def _visit(cmp):
    team = services.team_create(by=cmp.staff, organization=cmp.org.city, name="督查组")
    visit = services.visit_create(
        team=team,
        by=cmp.staff,
        organization=cmp.org.edu1,
        visited_on=dt.date(2014, 6, 10),
        rating="good",
    )
    return visit, services.followup_add(
        visit=visit, by=cmp.staff, action="补台账", due_on=dt.date(2014, 7, 31)
    )


def test_api_followup_done_with_its_date(cmp):
    visit, followup = _visit(cmp)
    client = client_for(cmp.staff)
    url = f"{API}/inspections/visits/{visit.pk}/followups/{followup.pk}/done"
    early = post(client, url, {"occurred_on": "2014-06-01"})
    assert early.status_code == 422
    assert "早于督查走访" in early.json()["errors"]["occurred_on"][0]
    assert client.get(url).status_code == 405
    done = post(client, url, {"occurred_on": "2014-07-20"})
    assert done.status_code == 200, done.content
    assert done.json()["done_on"] == "2014-07-20"
    followup.refresh_from_db()
    assert followup.done_by == cmp.staff
    assert timezone.localtime(followup.done_recorded_at).date() == timezone.localdate()
    again = post(client, url, {})
    assert again.status_code == 400 and "已完成" in again.content.decode()
    inspections = figures.compute(resolve_scope(), Period.for_year(2014))["inspections"]
    assert inspections["followups"]["done"] == 1
    # Another visit's follow-up is not reachable under this visit.
    other_visit, other = _visit(cmp)
    assert (
        post(
            client, f"{API}/inspections/visits/{visit.pk}/followups/{other.pk}/done", {}
        ).status_code
        == 404
    )
    # No body: done today.
    today = post(
        client,
        f"{API}/inspections/visits/{other_visit.pk}/followups/{other.pk}/done",
        None,
    )
    assert (
        today.status_code == 200
        and today.json()["done_on"] == timezone.localdate().isoformat()
    )


def test_web_followup_done_takes_the_date(cmp):
    visit, followup = _visit(cmp)
    client = client_for(cmp.staff)
    page = client.get(
        reverse("campaigns:visit_detail", args=[visit.pk])
    ).content.decode()
    assert 'name="occurred_on"' in page
    url = reverse("campaigns:followup_done", args=[visit.pk, followup.pk])
    bad = client.post(url, {"occurred_on": "2014-13-01"}, follow=True).content.decode()
    assert "应为有效日期" in bad
    assert FollowUp.objects.get(pk=followup.pk).done_on is None
    client.post(url, {"occurred_on": "2014-07-02"})
    followup.refresh_from_db()
    assert followup.done_on == dt.date(2014, 7, 2) and followup.done_by == cmp.staff
    page = client.get(
        reverse("campaigns:visit_detail", args=[visit.pk])
    ).content.decode()
    assert "2014-07-02" in page
