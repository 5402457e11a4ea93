"""An event's publication and cancellation reach the organizer's group robots."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tongxin.activities import services as activities
from tongxin.publicity.models import Broadcast, Delivery
from tongxin.publicity.services import channels as channel_services
from tongxin.publicity.services.broadcasts import broadcast_retry
from tongxin.publicity.services.delivery import deliver

SITE = "https://tongxin.example.org"


def _robots(pub, platform):
    wecom = channel_services.robot_save(
        by=pub.publicity,
        organization=pub.org.edu1,
        kind="wecom",
        name="教育一支部企业微信群",
        webhook_url=f"{platform.base}/cgi-bin/webhook/send?key=k1",
    )
    off = channel_services.robot_save(
        by=pub.publicity,
        organization=pub.org.edu1,
        kind="wecom",
        name="已停用的群",
        webhook_url=f"{platform.base}/cgi-bin/webhook/send?key=k2",
        active=False,
    )
    return wecom, off


def _event(pub, capture, *, org=None, starts_in=dt.timedelta(days=7), **fields):
    start = timezone.now().replace(microsecond=0) + starts_in
    with capture(execute=False):
        return activities.event_create(
            by=pub.staff,
            organization=org or pub.org.edu1,
            title="读书会：{姓名}与宋词",
            kind="lecture",
            start_at=start,
            end_at=start + dt.timedelta(hours=2),
            place="支部活动室",
            allows_signup=True,
            **fields,
        )


def test_a_published_event_is_posted_to_the_branch_robots_and_retried(
    pub, platform, settings, django_capture_on_commit_callbacks
):
    settings.TONGXIN_SITE_URL = SITE
    wecom, _off = _robots(pub, platform)
    event = _event(pub, django_capture_on_commit_callbacks)
    [notice] = Broadcast.objects.all()
    assert (notice.kind, notice.event_id, notice.organization_id) == (
        "event",
        event.pk,
        pub.org.edu1.pk,
    )
    assert (notice.send_sms, notice.send_email) == (False, False)
    [row] = notice.deliveries.all()
    assert (row.robot_id, row.member_id, row.status) == (wecom.pk, None, "queued")

    platform.mode = "errcode"
    assert deliver(broadcast_id=notice.pk) == {"sent": 0, "failed": 1}
    row.refresh_from_db()
    assert row.status == Delivery.Status.FAILED and row.attempts == 1
    platform.mode = "ok"
    with django_capture_on_commit_callbacks(execute=False):
        assert broadcast_retry(by=pub.publicity, broadcast=notice) == 1
    assert deliver(broadcast_id=notice.pk) == {"sent": 1, "failed": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Delivery.Status.SENT, 2)

    request = platform.requests[-1]
    assert (request["path"], request["query"]) == (
        "/cgi-bin/webhook/send",
        {"key": ["k1"]},
    )
    start = timezone.localtime(event.start_at)
    end = timezone.localtime(event.end_at)
    assert request["body"] == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**活动通知：读书会：｛姓名｝与宋词**\n"
            "【活动通知】读书会：｛姓名｝与宋词\n"
            f"时间：{start:%Y-%m-%d %H:%M}—{end:%H:%M}\n"
            "地点：支部活动室\n"
            f"报名截止：{start:%Y-%m-%d %H:%M}\n"
            f"报名：{SITE}/activities/{event.pk}/"
        },
    }
    notice.refresh_from_db()
    assert notice.status == "finished"


def test_past_events_changes_and_branches_without_robots_post_nothing(
    pub, platform, django_capture_on_commit_callbacks
):
    _robots(pub, platform)
    # An event entered after it took place (as the ledger import does).
    _event(pub, django_capture_on_commit_callbacks, starts_in=-dt.timedelta(days=30))
    # An organization without robots has no group to tell.
    _event(pub, django_capture_on_commit_callbacks, org=pub.org.direct)
    assert not Broadcast.objects.exists()
    event = _event(pub, django_capture_on_commit_callbacks)
    assert Broadcast.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=False):
        activities.event_update(
            event=event, by=pub.staff, version=event.version, place="会议室"
        )
    assert Broadcast.objects.count() == 1


def test_cancelling_an_upcoming_event_posts_a_short_cancellation(
    pub, platform, django_capture_on_commit_callbacks
):
    _robots(pub, platform)
    event = _event(pub, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        activities.event_cancel(event=event, by=pub.staff, reason="场地检修")
    cancelled = Broadcast.objects.get(title__startswith="活动取消")
    assert cancelled.kind == "event" and cancelled.deliveries.count() == 1
    when = timezone.localtime(event.start_at)
    assert cancelled.body.startswith(
        f"【活动取消】读书会：｛姓名｝与宋词（原定 {when:%Y-%m-%d %H:%M}—"
    )
    assert cancelled.body.endswith("已取消。\n原因：场地检修")
    assert deliver(broadcast_id=cancelled.pk) == {"sent": 1, "failed": 0}
    # A past event's cancellation (a correction of the record) posts nothing.
    past = _event(
        pub, django_capture_on_commit_callbacks, starts_in=-dt.timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=False):
        activities.event_cancel(event=past, by=pub.staff)
    assert Broadcast.objects.count() == 2
