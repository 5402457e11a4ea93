"""Personal notices reach the member's chosen channel: sign-up confirmations
and the day-before reminder go to their WeChat (a fake platform on loopback),
failures are retried; without a chosen channel they stay in-app only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tongxin.activities import services as activities
from tongxin.notifications.models import Notification
from tongxin.publicity.models import ChannelPreference, Delivery, NoticeDelivery
from tongxin.publicity.services import channels as channel_services
from tongxin.publicity.services.notices import notice_deliver, notices_retry


@pytest.fixture
def bound(act):
    """张传吉 bound WeChat and chose it for personal notices."""
    token = channel_services.wechat_bind_link(by=act.zhang, member=act.zhang_record)
    channel_services.wechat_bind_complete(token=token, openid="oZhangOpenId")
    ChannelPreference.objects.create(member=act.zhang_record, notice_channel="wechat")
    return act.zhang_record


def _template_sends(platform):
    return [r for r in platform.requests if r["path"].endswith("/template/send")]


def test_a_sign_up_confirmation_goes_to_the_members_wechat(
    act,
    bound,
    make_event,
    platform,
    django_capture_on_commit_callbacks,
):
    event = make_event(title="文化讲堂", place="市民中心")
    with django_capture_on_commit_callbacks(execute=False):
        activities.signup_create(event=event, member=bound, by=act.zhang)
    notice = Notification.objects.get(user=act.zhang)
    assert notice.title == "报名成功：文化讲堂"
    row = NoticeDelivery.objects.get()
    assert (row.channel, row.status, row.notification_id) == (
        "wechat",
        Delivery.Status.QUEUED,
        notice.pk,
    )
    assert notice_deliver(notice_id=row.pk) == Delivery.Status.SENT
    [send] = _template_sends(platform)
    assert send["body"]["touser"] == "oZhangOpenId"
    assert send["body"]["data"]["first"] == {"value": "报名成功：文化讲堂"}
    assert "市民中心" in send["body"]["data"]["keyword1"]["value"]


def test_a_failed_notice_is_retried_up_to_the_limit(
    act,
    bound,
    make_event,
    platform,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.TONGXIN_NOTICE_MAX_ATTEMPTS = 2
    platform.mode = "errcode"
    event = make_event()
    with django_capture_on_commit_callbacks(execute=False):
        activities.signup_create(event=event, member=bound, by=act.zhang)
    row = NoticeDelivery.objects.get()
    assert notice_deliver(notice_id=row.pk) == Delivery.Status.FAILED
    row.refresh_from_db()
    assert row.reason.startswith("微信公众号拒绝了消息（错误码 310000")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert notices_retry() == 1
    assert len(queued) == 1
    platform.mode = "ok"
    assert notice_deliver(notice_id=row.pk) == Delivery.Status.SENT
    row.refresh_from_db()
    assert row.attempts == 2
    assert notices_retry() == 0


def test_the_day_before_reminder_reaches_the_chosen_channel_once(
    act,
    bound,
    make_event,
    platform,
    django_capture_on_commit_callbacks,
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(14, 0)))
    event = make_event(title="参政议政培训", starts_in=start - timezone.now())
    later = make_event(title="下周活动", starts_in=dt.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=False):
        activities.signup_create(event=event, member=bound, by=act.zhang)
        activities.signup_create(event=later, member=bound, by=act.zhang)
        activities.signup_create(
            event=event, member=act.wang_record, by=act.wang
        )  # 王芳 chose no channel: in-app only
        call_command("send_event_reminders", verbosity=0)
        call_command("send_event_reminders", verbosity=0)  # idempotent
    reminders = Notification.objects.filter(key=f"event-{event.pk}-reminder")
    assert sorted(n.user.username for n in reminders) == ["wang", "zhang"]
    rows = NoticeDelivery.objects.filter(title__startswith="明天的活动")
    assert [(r.member_id, r.title) for r in rows] == [
        (bound.pk, "明天的活动：参政议政培训")
    ]
    assert NoticeDelivery.objects.filter(member=act.wang_record).count() == 0


def test_the_commands_answer_in_json_and_refuse_a_bad_date(db, capsys):
    call_command("retry_notices", json=True)
    assert capsys.readouterr().out.strip() == '{"queued": 0}'
    call_command("send_event_reminders", date="2026-01-02", json=True)
    assert capsys.readouterr().out.strip() == '{"sent": 0}'
    with pytest.raises(CommandError, match="日期格式应为"):
        call_command("send_event_reminders", date="明天")
