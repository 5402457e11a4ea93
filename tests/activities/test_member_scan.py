"""The member's check-in code and staff scanning it: the code, the service,
the scan page, the API operation and the member's QR pages."""

from __future__ import annotations

import base64
import datetime as dt
import struct

import pytest
from django.test import Client
from django.utils import timezone

from tongxin.activities import services
from tongxin.activities.models import Attendance, Event
from tongxin.activities.services.scan import group_code
from tongxin.audit.models import AuditEvent
from tongxin.core.errors import PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(act, make_event):
    """A committee event that started an hour ago; 张传吉 signed up."""
    event = make_event(starts_in=dt.timedelta(days=2), title="教育论坛", capacity=5)
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    event.refresh_from_db()
    return event


def _started(event: Event) -> Event:
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    event.refresh_from_db()
    return event


# --- the code ----------------------------------------------------------------------------


def test_the_code_hides_the_member_and_changes_every_day(act):
    today = timezone.localdate()
    code = services.member_checkin_code(act.zhang_record)
    assert len(code) == 26 and code.isalnum() and code.isupper()
    assert services.member_from_code(code) == act.zhang_record
    # Neither the id nor the day can be read from the code's bytes.
    raw = base64.b32decode(code + "======")
    assert struct.pack(">I", act.zhang_record.pk) not in raw
    assert code != services.member_checkin_code(act.wang_record)
    assert code != services.member_checkin_code(
        act.zhang_record, on=today - dt.timedelta(days=1)
    )
    # Typed by hand: groups, lower case and look-alike digits do not matter.
    typed = group_code(code).lower().replace("o", "0").replace("i", "1")
    assert services.member_from_code(typed) == act.zhang_record


def test_a_tampered_or_old_code_is_refused_in_chinese(act):
    today = timezone.localdate()
    code = services.member_checkin_code(act.zhang_record)
    flipped = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    for bad in (flipped, code[:-1], "", "<script>", code + "AAAA"):
        with pytest.raises(ServiceError, match="签到码无效"):
            services.member_from_code(bad)
    yesterday = services.member_checkin_code(
        act.zhang_record, on=today - dt.timedelta(days=1)
    )
    assert services.member_from_code(yesterday) == act.zhang_record
    old = services.member_checkin_code(
        act.zhang_record, on=today - dt.timedelta(days=2)
    )
    with pytest.raises(ServiceError, match="已过期"):
        services.member_from_code(old)
    future = services.member_checkin_code(
        act.zhang_record, on=today + dt.timedelta(days=1)
    )
    with pytest.raises(ServiceError, match="签到码无效"):
        services.member_from_code(future)


# --- the service ---------------------------------------------------------------------------


def test_staff_scan_records_attendance_once_and_audited(act, running):
    code = services.member_checkin_code(act.zhang_record)
    done = services.attendance_scan(event=running, code=code, by=act.staff)
    assert not done.already and done.member == act.zhang_record
    row = Attendance.objects.get(event=running, member=act.zhang_record)
    assert row.method == Attendance.Method.QR and not row.walk_in
    assert row.recorded_by == act.staff
    assert AuditEvent.objects.filter(
        object_type__icontains="attendance", object_id=str(row.pk)
    ).exists()
    assert done.message == "已为 张传吉 签到。"
    again = services.attendance_scan(event=running, code=code, by=act.staff)
    assert again.already and again.attendance == row
    assert "已于" in again.message and "无需重复签到" in again.message
    assert Attendance.objects.filter(event=running).count() == 1
    # A member without a sign-up is recorded as a walk-in.
    walk = services.attendance_scan(
        event=running,
        code=services.member_checkin_code(act.wang_record),
        by=act.staff,
    )
    assert walk.attendance.walk_in and "现场登记" in walk.message


def test_scans_are_refused_with_clear_answers(act, make_event, running):
    code = services.member_checkin_code(act.zhang_record)
    # Members may not take attendance.
    for user in (act.zhang, act.member):
        with pytest.raises(PermissionDenied):
            services.attendance_scan(event=running, code=code, by=user)
    # Not open yet: the event starts next week.
    later = make_event()
    with pytest.raises(ServiceError, match="才能登记签到"):
        services.attendance_scan(event=later, code=code, by=act.staff)
    # A branch's event is not open to a member of another branch.
    branch = _started(make_event(act.org.edu1, by=act.head, title="支部学习会"))
    outside = services.member_checkin_code(act.zhao_record)
    with pytest.raises(ServiceError, match="不在本活动范围内"):
        services.attendance_scan(event=branch, code=outside, by=act.head)
    # A cancelled event takes no attendance.
    services.event_cancel(event=running, by=act.staff, reason="天气原因")
    running.refresh_from_db()
    with pytest.raises(ServiceError, match="已取消"):
        services.attendance_scan(event=running, code=code, by=act.staff)
    assert not Attendance.objects.exists()


# --- the scan page ---------------------------------------------------------------------------


def test_the_scan_page_records_and_answers(act, running, client_as):
    url = f"/activities/{running.pk}/attendance/scan/"
    staff = client_as("staff")
    page = staff.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "签到码" in text and 'name="code"' in text and "scan.js" in text
    code = group_code(services.member_checkin_code(act.zhang_record))
    done = staff.post(url, {"code": code}, follow=True)
    assert done.redirect_chain[-1][0] == url
    assert "已为 张传吉 签到。" in done.content.decode()
    assert Attendance.objects.filter(event=running, member=act.zhang_record).exists()
    again = staff.post(url, {"code": code}, follow=True)
    assert "无需重复签到" in again.content.decode()
    bad = staff.post(url, {"code": "ABCD-EFGH"})
    assert bad.status_code == 400 and "签到码无效" in bad.content.decode()
    empty = staff.post(url, {"code": ""})
    assert (
        empty.status_code == 400
        and "请扫描或输入会员的签到码" in empty.content.decode()
    )
    assert client_as("zhang").get(url).status_code == 403
    assert client_as("zhang").post(url, {"code": code}).status_code == 403
    assert Attendance.objects.filter(event=running).count() == 1
    # The event page and the attendance page link to it for managers.
    assert url in staff.get(f"/activities/{running.pk}/").content.decode()
    assert url in staff.get(f"/activities/{running.pk}/attendance/").content.decode()


# --- the API -----------------------------------------------------------------------------------


def test_the_api_scans_through_the_same_service(act, running):
    client = Client()
    client.force_login(act.staff)
    url = f"/api/v1/activities/events/{running.pk}/attendance/scan"
    code = services.member_checkin_code(act.zhang_record)

    def post(body, c=client):
        return c.post(url, body, content_type="application/json")

    first = post({"code": code})
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["already"] is False and body["attendance"]["method"] == "qr"
    assert body["attendance"]["member"]["id"] == act.zhang_record.pk
    second = post({"code": code})
    assert second.status_code == 200 and second.json()["already"] is True
    bad = post({"code": "nonsense"})
    assert bad.status_code == 400 and "签到码无效" in bad.json()["detail"]
    assert post({}).status_code == 422
    member = Client()
    member.force_login(act.zhang)
    assert post({"code": code}, member).status_code == 403


# --- the member's QR code ------------------------------------------------------------------------


def test_the_member_sees_the_qr_code_on_home_and_big(act):
    client = Client()
    client.force_login(act.zhang)
    code = group_code(services.member_checkin_code(act.zhang_record))
    home = client.get("/m/")
    assert home.status_code == 200
    text = home.content.decode()
    assert "我的签到码" in text and code in text and "<svg" in text
    big = client.get("/m/qr/")
    assert big.status_code == 200
    text = big.content.decode()
    assert code in text and 'role="img"' in text and "我的签到二维码" in text
    # Staff without a member record have no code.
    staff = Client()
    staff.force_login(act.staff)
    assert staff.get("/m/qr/").status_code == 302
