"""A walk-in is named once on the attendance page and in a member's events."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from tongxin.activities import services
from tongxin.activities.models import Event


def test_a_walk_in_marked_from_the_list_reads_现场登记_once(act, make_event):
    event = make_event(starts_in=dt.timedelta(days=2))
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    event.refresh_from_db()
    services.attendance_mark(
        event=event, members=[act.zhang_record, act.zhao_record], by=act.staff
    )
    client = Client()
    client.force_login(act.staff)
    page = client.get(f"/activities/{event.pk}/attendance/").content.decode()
    row = page[page.index("赵明") :]
    row = row[: row.index("</tr>")]
    assert row.count("现场登记") == 1
    zhang_row = page[page.index("张传吉") :]
    assert "现场登记" not in zhang_row[: zhang_row.index("</tr>")]
