"""Workflow feedback: when the office answers an item (adopts, accepts,
returns, replies), each author with an account gets an in-app notice, which
goes on to the channel they chose — here WeChat, on a fake platform on
loopback.  The author's own steps, internal steps and ledger imports of past
steps notify nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.publicity.conftest import FakePlatform
from tongxin.notifications.models import Notification
from tongxin.participation import services
from tongxin.participation.models import Suggestion
from tongxin.publicity.channels import WeChatTemplateAdapter
from tongxin.publicity.models import ChannelPreference, Delivery, NoticeDelivery
from tongxin.publicity.services import channels as channel_services
from tongxin.publicity.services.notices import notice_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def wechat(settings):
    """The WeChat API on loopback (tests/publicity/conftest.py's fake platform)."""
    fake = FakePlatform()
    settings.TONGXIN_CHANNEL_BACKEND = "http"
    settings.TONGXIN_CHANNEL_TIMEOUT = 2
    settings.TONGXIN_WECHAT_API_BASE = fake.base
    settings.TONGXIN_WECHAT_APPID = FakePlatform.APPID
    settings.TONGXIN_WECHAT_SECRET = FakePlatform.SECRET
    settings.TONGXIN_WECHAT_TEMPLATE_ID = "TEMPLATE-1"
    WeChatTemplateAdapter.forget_token()
    yield fake
    WeChatTemplateAdapter.forget_token()
    fake.close()


def url(name, *args):
    return reverse(f"participation:{name}", args=args)


def _reported(part, title):
    report = services.opinion_create(
        by=part.wang_user,
        authors=[part.wang],
        title=title,
        date=dt.date(2024, 1, 10),
        submit=True,
    )
    services.item_transition(
        by=part.staff, item=report, action="sign_off", occurred_on=dt.date(2024, 1, 11)
    )
    services.item_transition(
        by=part.staff,
        item=report,
        action="report",
        values={"targets": "民进省委会"},
        occurred_on=dt.date(2024, 1, 12),
    )
    return report


def test_adoption_on_the_web_notifies_the_author_on_their_wechat(
    part, client_for, wechat, django_capture_on_commit_callbacks
):
    token = channel_services.wechat_bind_link(by=part.wang_user, member=part.wang)
    channel_services.wechat_bind_complete(token=token, openid="oWangOpenId")
    ChannelPreference.objects.create(member=part.wang, notice_channel="wechat")
    report = _reported(part, "关于加强社区养老服务的建议")
    # submitting, signing off and reporting answer nobody
    assert not Notification.objects.filter(user=part.wang_user).exists()
    with django_capture_on_commit_callbacks(execute=False):
        done = client_for(part.staff).post(
            url("transition", "opinions", report.pk, "adopt"),
            {
                "level": "provincial",
                "body": "民进辽宁省委会",
                "adopted_on": "2024-04-02",
                "comment": "省委会采用，报省委统战部",
            },
        )
    assert done.status_code == 302
    title = "您的社情民意信息“关于加强社区养老服务的建议”已被采用（省级：民进省委会）"
    [notice] = Notification.objects.filter(user=part.wang_user)
    assert (notice.title, notice.body, notice.url) == (
        title,
        "省委会采用，报省委统战部",
        url("detail", "opinions", report.pk),
    )
    assert not Notification.objects.filter(user=part.staff).exists()
    # the author sees it among their notices and may open the report
    author = client_for(part.wang_user)
    assert title in author.get(reverse("notifications:list")).content.decode()
    assert author.get(notice.url).status_code == 200
    row = NoticeDelivery.objects.get()
    assert (row.channel, row.status, row.notification_id) == (
        "wechat",
        Delivery.Status.QUEUED,
        notice.pk,
    )
    assert notice_deliver(notice_id=row.pk) == Delivery.Status.SENT
    [send] = [r for r in wechat.requests if r["path"].endswith("/template/send")]
    assert send["body"]["touser"] == "oWangOpenId"
    assert send["body"]["data"]["first"] == {"value": title}
    assert send["body"]["data"]["keyword1"] == {"value": "省委会采用，报省委统战部"}
    # a second adoption, at another level, is news again
    services.adoption_add(
        by=part.staff,
        report=report,
        level="national",
        body="民进中央",
        adopted_on=dt.date(2024, 5, 6),
    )
    assert Notification.objects.filter(user=part.wang_user).count() == 2


def test_accepting_and_returning_a_suggestion_tell_its_author(part, client_for):
    c = client_for(part.wang_user)
    c.post(
        url("create", "suggestions"),
        {"title": "关于优化营商环境的建议", "text": "具体建议", "submit": "1"},
    )
    suggestion = Suggestion.objects.get()
    assert not Notification.objects.filter(user=part.wang_user).exists()
    staff = client_for(part.staff)
    r = staff.post(
        url("transition", "suggestions", suggestion.pk, "return"),
        {"comment": "请补充具体措施"},
    )
    assert r.status_code == 302
    [returned] = Notification.objects.filter(user=part.wang_user)
    assert returned.title == "您的建议“关于优化营商环境的建议”：退回修改"
    assert returned.body == "请补充具体措施"
    services.item_transition(by=part.wang_user, item=suggestion, action="submit")
    r = staff.post(
        url("transition", "suggestions", suggestion.pk, "accept"),
        {"comment": "已转市发改委参考"},
    )
    assert r.status_code == 302
    accepted = Notification.objects.filter(user=part.wang_user).latest("pk")
    assert accepted.title == "您的建议“关于优化营商环境的建议”：采纳"
    assert accepted.body == "已转市发改委参考"
    assert Notification.objects.filter(user=part.wang_user).count() == 2
    home = c.get(reverse("notifications:list")).content.decode()
    assert "您的建议“关于优化营商环境的建议”：采纳" in home


def test_a_ledger_import_of_past_steps_notifies_nobody(part):
    report = _reported(part, "历史信息")
    services.item_transition(
        by=part.staff,
        item=report,
        action="adopt",
        values={"level": "city", "body": "市委统战部", "adopted_on": "2024-02-01"},
        feedback=False,
    )
    suggestion = services.suggestion_create(
        by=part.wang_user, title="旧建议", text="……", submit=True
    )
    services.item_transition(
        by=part.staff, item=suggestion, action="accept", feedback=False
    )
    report.refresh_from_db()
    suggestion.refresh_from_db()
    assert (report.state, suggestion.state) == ("adopted", "accepted")
    assert not Notification.objects.exists()


def test_an_author_without_a_login_gets_the_feedback_by_sms(
    part, make_member, org, settings, django_capture_on_commit_callbacks
):
    from tests.publicity.conftest import FakeProvider

    provider = FakeProvider()
    settings.TONGXIN_SMS_BACKEND = "http"
    settings.TONGXIN_SMS_URL = provider.url
    settings.TONGXIN_SMS_KEY = "provider-key"
    settings.TONGXIN_SMS_TIMEOUT = 2
    try:
        elder = make_member(org.edu1, "钱老", mobile="13700000041")
        report = services.opinion_create(
            by=part.wang_user,
            authors=[part.wang, elder],
            title="关于老旧小区加装电梯的建议",
            date=dt.date(2024, 1, 10),
            submit=True,
        )
        services.item_transition(
            by=part.staff,
            item=report,
            action="sign_off",
            occurred_on=dt.date(2024, 1, 11),
        )
        services.item_transition(
            by=part.staff,
            item=report,
            action="report",
            values={"targets": "民进省委会"},
            occurred_on=dt.date(2024, 1, 12),
        )
        assert not NoticeDelivery.objects.exists()  # internal steps: nobody
        with django_capture_on_commit_callbacks(execute=False):
            services.adoption_add(
                by=part.staff,
                report=report,
                level="provincial",
                body="民进辽宁省委会",
                adopted_on=dt.date(2024, 4, 2),
            )
        # 王委员 has an account: in-app; 钱老 has none: an SMS notice.
        assert Notification.objects.filter(user=part.wang_user).count() == 1
        row = NoticeDelivery.objects.get()
        assert (row.member, row.channel, row.notification_id) == (elder, "sms", None)
        assert notice_deliver(notice_id=row.pk) == Delivery.Status.SENT
        [sms] = provider.requests
        assert sms["to"] == "+8613700000041"
        assert "关于老旧小区加装电梯的建议" in sms["text"] and "采用" in sms["text"]
    finally:
        provider.close()
