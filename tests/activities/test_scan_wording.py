"""A scanned check-in reads 扫码签到 (by whom, when) wherever it is shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.audit.conftest import verified_client
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.activities import services
from tongxin.activities.models import Attendance, Event
from tongxin.activities.services.scan import group_code

pytestmark = pytest.mark.django_db


def test_a_qr_check_in_reads_as_scanned_by_whom_and_when(
    act, make_event, client_as, root
):
    act.staff.display_name = "周干事"
    act.staff.save()
    event = make_event(starts_in=dt.timedelta(days=2), title="教育论坛")
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    staff = client_as("staff")
    code = group_code(services.member_checkin_code(act.zhang_record))
    url = f"/activities/{event.pk}/attendance/scan/"
    assert staff.post(url, {"code": code}).status_code == 302
    attendance = Attendance.objects.get(event=event, member=act.zhang_record)
    assert attendance.method == "qr"
    when = timezone.localtime(attendance.recorded_at).strftime("%Y-%m-%d %H:%M")
    line = f"扫码签到（周干事，{when}）"
    assert attendance.method_line == line

    # The attendance page, the member's own history, the member's record.
    pages = {
        "attendance": staff.get(f"/activities/{event.pk}/attendance/"),
        "mine": client_as("zhang").get("/activities/mine/"),
        "record": staff.get(f"/members/{act.zhang_record.pk}/"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        text = page.content.decode()
        assert line in text, name
        assert not re.search(r">\s*qr\s*<", text), name

    # The audit trail names the method in Chinese, with who and when.
    auditor = User.objects.create_user("auditor", "auditor@example.com", "x")
    grant_role(by=root, user=auditor, role="auditadmin", organization=act.org.city)
    trail = verified_client(auditor).get(
        "/audit/", {"object_type": "activities.attendance"}
    )
    assert trail.status_code == 200
    text = trail.content.decode()
    assert "扫码签到" in text and "周干事" in text
    assert not re.search(r">\s*qr\s*<|[:：]\s*qr\b|“qr”", text)


def test_other_methods_keep_their_plain_names(act, make_event):
    event = make_event(starts_in=dt.timedelta(days=2))
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    event.refresh_from_db()
    services.attendance_mark(
        event=event, members=[act.zhang_record], by=act.staff, method="list"
    )
    attendance = Attendance.objects.get(event=event)
    assert attendance.method_line == "按名单签到"
