"""Workflow steps entered with their real dates: each step's time, a report's
报送日期 and the sign-off time, over the API and the web."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tongxin.participation.models import OpinionReport
from tongxin.workflows.models import Step

pytestmark = pytest.mark.django_db
API = "/api/v1/participation"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, data):
    return client.post(API + url, data, content_type="application/json")


def _days(report_id):
    return [
        (s.action, timezone.localtime(s.at).date().isoformat())
        for s in Step.objects.filter(
            model="participation.opinionreport", object_id=report_id
        ).order_by("at", "id")
    ]


def test_api_steps_take_their_real_dates(part):
    member, staff = _client(part.wang_user), _client(part.staff)
    created = _post(
        member,
        "/opinions",
        {"title": "信息", "text": "内容", "date": "2024-03-01", "submit": True},
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert _days(rid) == [("create", "2024-03-01"), ("submit", "2024-03-01")]
    url = f"/opinions/{rid}/transitions"
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    bad = _post(staff, url, {"action": "sign_off", "occurred_on": future})
    assert bad.status_code == 422
    assert "不能填写将来的日期" in bad.json()["errors"]["occurred_on"][0]
    early = _post(staff, url, {"action": "sign_off", "occurred_on": "2024-02-28"})
    assert early.status_code == 422
    assert "早于上一步" in early.json()["errors"]["occurred_on"][0]
    assert OpinionReport.objects.get(pk=rid).state == "submitted"

    signed = _post(staff, url, {"action": "sign_off", "occurred_on": "2024-03-05"})
    assert signed.status_code == 200, signed.content
    reported = _post(
        staff,
        url,
        {
            "action": "report",
            "occurred_on": "2024-03-08",
            "values": {"targets": ["民进中央"]},
        },
    )
    assert reported.status_code == 200, reported.content
    report = OpinionReport.objects.get(pk=rid)
    assert timezone.localtime(report.signed_off_at).date() == dt.date(2024, 3, 5)
    assert report.signed_off_by == part.staff
    assert [t.reported_on for t in report.targets.all()] == [dt.date(2024, 3, 8)]
    assert _days(rid)[2:] == [("sign_off", "2024-03-05"), ("report", "2024-03-08")]
    steps = reported.json()["steps"]
    assert steps[-1]["at"].startswith("2024-03-08")
    recorded = dt.datetime.fromisoformat(
        steps[-1]["recorded_at"].replace("Z", "+00:00")
    )
    assert timezone.localtime(recorded).date() == timezone.localdate()
    last = Step.objects.filter(object_id=rid, action="report").get()
    assert last.actor == part.staff


def test_web_transition_form_takes_the_date(part):
    member, staff = _client(part.wang_user), _client(part.staff)
    rid = _post(
        member,
        "/opinions",
        {"title": "信息", "text": "内容", "date": "2024-05-01", "submit": True},
    ).json()["id"]
    detail = staff.get(reverse("participation:detail", args=["opinions", rid]))
    assert 'name="occurred_on"' in detail.content.decode()
    form_url = reverse("participation:transition", args=["opinions", rid, "sign_off"])
    page = staff.get(form_url)
    assert page.status_code == 200 and 'name="occurred_on"' in page.content.decode()
    bad = staff.post(form_url, {"occurred_on": "2024-04-01"})
    assert bad.status_code == 400 and "早于上一步" in bad.content.decode()
    assert OpinionReport.objects.get(pk=rid).state == "submitted"
    ok = staff.post(form_url, {"occurred_on": "2024-05-06", "comment": "同意"})
    assert ok.status_code == 302
    report = OpinionReport.objects.get(pk=rid)
    assert report.state == "signed_off"
    assert timezone.localtime(report.signed_off_at).date() == dt.date(2024, 5, 6)
    page = staff.get(reverse("participation:detail", args=["opinions", rid]))
    assert "2024-05-06" in page.content.decode() and "登记" in page.content.decode()


def _reported_opinion(member, staff, day="2024-03-01"):
    """An opinion report dated ``day``, signed off and reported two days later."""
    rid = _post(
        member,
        "/opinions",
        {"title": "信息", "text": "内容", "date": day, "submit": True},
    ).json()["id"]
    url = f"/opinions/{rid}/transitions"
    base = dt.date.fromisoformat(day)
    _post(
        staff,
        url,
        {"action": "sign_off", "occurred_on": str(base + dt.timedelta(days=1))},
    )
    done = _post(
        staff,
        url,
        {
            "action": "report",
            "occurred_on": str(base + dt.timedelta(days=2)),
            "values": {"targets": ["民进中央"]},
        },
    )
    assert done.status_code == 200, done.content
    return rid


def test_the_adopt_step_takes_the_adoption_date_over_the_api(part):
    from tongxin.audit.models import AuditEvent
    from tongxin.participation.models import Adoption

    member, staff = _client(part.wang_user), _client(part.staff)
    rid = _reported_opinion(member, staff)  # reported 2024-03-03
    url = f"/opinions/{rid}/transitions"
    values = {"level": "city", "body": "市委统战部"}
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    bad = _post(
        staff, url, {"action": "adopt", "occurred_on": future, "values": values}
    )
    assert bad.status_code == 422
    assert "不能填写将来的日期" in bad.json()["errors"]["adopted_on"][0]
    early = _post(
        staff, url, {"action": "adopt", "occurred_on": "2024-03-02", "values": values}
    )
    assert early.status_code == 422
    assert "早于报送的日期 2024-03-03" in early.json()["errors"]["adopted_on"][0]
    clash = _post(
        staff,
        url,
        {
            "action": "adopt",
            "occurred_on": "2024-04-01",
            "values": {**values, "adopted_on": "2024-04-02"},
        },
    )
    assert clash.status_code == 422 and "不一致" in clash.json()["detail"]
    assert OpinionReport.objects.get(pk=rid).state == "reported"
    assert not Adoption.objects.filter(report_id=rid).exists()

    ok = _post(
        staff, url, {"action": "adopt", "occurred_on": "2024-04-01", "values": values}
    )
    assert ok.status_code == 200, ok.content
    adoption = Adoption.objects.get(report_id=rid)
    assert adoption.adopted_on == dt.date(2024, 4, 1)
    assert _days(rid)[-1] == ("adopt", "2024-04-01")
    step = Step.objects.get(object_id=rid, action="adopt")
    assert step.actor == part.staff
    assert timezone.localtime(step.recorded_at).date() == timezone.localdate()
    # The recorder and the entry time are kept in the history and the audit trail.
    entry = adoption.history.get()
    assert entry.history_user == part.staff
    assert AuditEvent.objects.filter(
        object_type__icontains="adoption", object_id=str(adoption.pk), actor=part.staff
    ).exists()
    # A later adoption (another body) is checked against the report's dates too.
    more = f"/opinions/{rid}/adoptions"
    before = _post(
        staff,
        more,
        {"level": "provincial", "body": "民进省委", "adopted_on": "2024-02-01"},
    )
    assert before.status_code == 422 and "早于提交的日期 2024-03-01" in str(
        before.json()
    )
    assert Adoption.objects.filter(report_id=rid).count() == 1


def test_the_adopt_form_dates_the_step_by_its_adoption_date(part):
    member, staff = _client(part.wang_user), _client(part.staff)
    rid = _reported_opinion(member, staff, day="2024-06-01")  # reported 06-03
    form_url = reverse("participation:transition", args=["opinions", rid, "adopt"])
    page = staff.get(form_url)
    assert page.status_code == 200 and 'name="adopted_on"' in page.content.decode()
    data = {"level": "national", "body": "民进中央", "comment": ""}
    bad = staff.post(form_url, {**data, "adopted_on": "2024-06-02"})
    assert bad.status_code == 400 and "早于报送的日期" in bad.content.decode()
    assert OpinionReport.objects.get(pk=rid).state == "reported"
    ok = staff.post(form_url, {**data, "adopted_on": "2024-07-15"})
    assert ok.status_code == 302
    assert OpinionReport.objects.get(pk=rid).state == "adopted"
    assert _days(rid)[-1] == ("adopt", "2024-07-15")
