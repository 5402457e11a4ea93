"""Members without a login account: staff sign them up, and the sign-up
confirmation and the day-before reminder reach them by SMS to the mobile in
their record (the fake SMS provider on loopback), through the same notice
rows and retries as any personal notice.  No mobile, or an SMS opt-out:
nothing is sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.publicity.conftest import FakeProvider
from tongxin.activities import services as activities
from tongxin.notifications.models import Notification
from tongxin.publicity.models import ChannelPreference, Delivery, NoticeDelivery
from tongxin.publicity.services.notices import notice_deliver, notices_retry

pytestmark = pytest.mark.django_db

MOBILE = "13700000031"


@pytest.fixture
def provider(settings):
    p = FakeProvider()
    settings.TONGXIN_SMS_BACKEND = "http"
    settings.TONGXIN_SMS_URL = p.url
    settings.TONGXIN_SMS_KEY = "provider-key"
    settings.TONGXIN_SMS_TIMEOUT = 2
    yield p
    p.close()


@pytest.fixture
def elder(act, make_member):
    """刘老 has no login account; his mobile is in the registry."""
    return make_member(act.org.edu1, "刘老", mobile=MOBILE)


def _tomorrow(make_event, **fields):
    event = make_event(title="重阳座谈会", place="会员之家活动室", **fields)
    start = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(14))
    )
    type(event).objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=2)
    )
    event.refresh_from_db()
    return event


def test_staff_sign_up_and_the_reminder_reach_a_member_without_login_by_sms(
    act, elder, make_event, provider, django_capture_on_commit_callbacks
):
    event = _tomorrow(make_event)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        activities.signup_create(event=event, member=elder, by=act.service)
    assert len(queued) == 1  # the notice's delivery job
    assert not Notification.objects.exists()  # no account: no in-app notice
    confirmation = NoticeDelivery.objects.get()
    assert (confirmation.channel, confirmation.status, confirmation.member) == (
        "sms",
        Delivery.Status.QUEUED,
        elder,
    )
    assert confirmation.notification_id is None
    assert notice_deliver(notice_id=confirmation.pk) == Delivery.Status.SENT
    [sms] = provider.requests
    assert sms["to"] == f"+86{MOBILE}"
    assert "报名成功：重阳座谈会" in sms["text"] and "会员之家活动室" in sms["text"]

    # The reminder the day before, by the command; sent twice, queued once.
    with django_capture_on_commit_callbacks(execute=False):
        call_command("send_event_reminders", verbosity=0)
        call_command("send_event_reminders", verbosity=0)
    reminder = NoticeDelivery.objects.exclude(pk=confirmation.pk).get()
    assert reminder.title == "明天的活动：重阳座谈会"
    assert notice_deliver(notice_id=reminder.pk) == Delivery.Status.SENT
    assert "请准时参加" in provider.requests[-1]["text"]
    assert provider.requests[-1]["to"] == f"+86{MOBILE}"
    assert len(provider.requests) == 2


def test_a_failed_sms_notice_is_retried_like_any_other(
    act, elder, make_event, provider, settings, django_capture_on_commit_callbacks
):
    settings.TONGXIN_NOTICE_MAX_ATTEMPTS = 2
    provider.modes[f"+86{MOBILE}"] = "error"
    with django_capture_on_commit_callbacks(execute=False):
        activities.signup_create(event=make_event(), member=elder, by=act.service)
    row = NoticeDelivery.objects.get()
    assert notice_deliver(notice_id=row.pk) == Delivery.Status.FAILED
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert notices_retry() == 1
    assert len(queued) == 1
    provider.modes.clear()
    assert notice_deliver(notice_id=row.pk) == Delivery.Status.SENT
    row.refresh_from_db()
    assert row.attempts == 2 and row.sent_at is not None


def test_no_mobile_or_an_sms_opt_out_sends_nothing(
    act, elder, make_event, make_member, provider, django_capture_on_commit_callbacks
):
    silent = make_member(act.org.edu1, "周无号")
    ChannelPreference.objects.create(member=elder, sms_opt_out=True)
    event = make_event()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        activities.signup_create(event=event, member=elder, by=act.service)
        activities.signup_create(event=event, member=silent, by=act.service)
    assert not queued
    assert not NoticeDelivery.objects.exists()
    assert not provider.requests


def test_a_member_with_an_account_still_gets_the_in_app_notice_only(
    act, make_event, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        activities.signup_create(
            event=make_event(), member=act.zhang_record, by=act.zhang
        )
    assert Notification.objects.filter(user=act.zhang).count() == 1
    assert not NoticeDelivery.objects.exists()  # no channel chosen
