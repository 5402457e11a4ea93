"""我的 (/m/): a member's events with one-tap sign-up, notices, items, record,
certificate and branch head, rendered and submitted through the test client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.activities.conftest import login_user
from tongxin.activities import services as act
from tongxin.activities.models import Signup
from tongxin.lifecycle.services.certificates import certificate_issue
from tongxin.notifications.services import notify
from tongxin.orgs.services import post_assign
from tongxin.participation.services.items import item_transition, suggestion_create

HOME = "/m/"


def event(home, org, title, *, days=7, **fields):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return act.event_create(
        by=home.staff,
        organization=org,
        title=title,
        kind="lecture",
        start_at=start,
        end_at=start + dt.timedelta(hours=3),
        **fields,
    )


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def page(home, make_member):
    """Events above and beside the member, a full one, a head, a notice."""
    org = home.org
    ev = {
        "branch": event(home, org.edu1, "教育一支部读书会", days=3),
        "city": event(home, org.city, "市委会文化讲堂", days=10),
        "full": event(home, org.city, "同心杯羽毛球赛", days=5, capacity=1),
        "other": event(home, org.edu2, "教育二支部座谈会", days=4),
        "direct": event(home, org.direct, "直属支部参观", days=4),
    }
    first = make_member(org.edu1, "王芳", female=True)
    act.signup_create(event=ev["full"], member=first, by=home.staff)
    head = make_member(org.edu1, "刘一", email="liuyi@example.com")
    post_assign(
        organization=org.edu1,
        member=head,
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=home.root,
    )
    notify(user=home.zhang, key="t1", title="关于参加文化讲堂的通知", url="/m/")
    return ev


def test_my_home_shows_my_events_and_signs_up_in_one_tap(home, page):
    c = client_for(home.zhang)
    html = c.get(HOME).content.decode()
    for title in ("教育一支部读书会", "市委会文化讲堂", "同心杯羽毛球赛"):
        assert title in html
    # Events of other branches are not the member's.
    assert "教育二支部座谈会" not in html and "直属支部参观" not in html
    assert "关于参加文化讲堂的通知" in html and "1 条未读" in html
    assert "教育一支部负责人：刘一" in html and "liuyi@example.com" in html
    assert "报名候补" in html  # the full event offers the waiting list

    # One tap: a place in the branch's event.
    r = c.post(reverse("memberhome:signup", args=[page["branch"].pk]))
    assert r.status_code == 302 and r.url == "/m/#events"
    mine = Signup.objects.get(event=page["branch"], member=home.zhang_record)
    assert mine.status == Signup.Status.CONFIRMED and mine.signed_up_by == home.zhang
    html = c.get(HOME).content.decode()
    assert "已报名“教育一支部读书会”。" in html
    assert "取消报名：教育一支部读书会" in html

    # The full event: second on its waiting list... first among the waiting.
    c.post(reverse("memberhome:signup", args=[page["full"].pk]))
    html = c.get(HOME).content.decode()
    assert "名额已满，您已进入候补名单" in html
    assert "候补第 1 位" in html

    # Cancel: the branch event's sign-up goes, the page says so.
    r = c.post(reverse("memberhome:signup_cancel", args=[page["branch"].pk]))
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Signup.Status.CANCELLED
    assert "已取消“教育一支部读书会”的报名。" in c.get(HOME).content.decode()


def test_the_waiting_position_moves_up_when_someone_cancels(home, page, make_member):
    full = page["full"]
    second = make_member(home.org.edu1, "孙二")
    act.signup_create(event=full, member=second, by=home.staff)
    c = client_for(home.zhang)
    c.post(reverse("memberhome:signup", args=[full.pk]))
    assert "候补第 2 位" in c.get(HOME).content.decode()
    first = Signup.objects.get(event=full, status=Signup.Status.CONFIRMED)
    act.signup_cancel(signup=first, by=home.staff)  # 孙二 is promoted
    assert "候补第 1 位" in c.get(HOME).content.decode()


def test_a_refused_sign_up_says_why_and_writes_nothing(home, page):
    closed = event(home, home.org.city, "已截止的活动", days=2, allows_signup=False)
    c = client_for(home.zhang)
    r = c.post(reverse("memberhome:signup", args=[closed.pk]), follow=True)
    assert "不接受报名" in r.content.decode()
    assert not Signup.objects.filter(event=closed).exists()
    # Another branch's event is not found at all.
    r = c.post(reverse("memberhome:signup", args=[page["other"].pk]))
    assert r.status_code == 404
    assert not Signup.objects.filter(event=page["other"]).exists()
    # Cancelling what one never signed up for.
    r = c.post(reverse("memberhome:signup_cancel", args=[page["city"].pk]), follow=True)
    assert "您没有报名“市委会文化讲堂”。" in r.content.decode()
    assert c.get(reverse("memberhome:signup", args=[closed.pk])).status_code == 405


def test_my_items_record_and_certificate(home, page):
    staff = login_user(
        "canzheng",
        root=home.root,
        role="staff_participation",
        node=home.org.city,
    )
    item = suggestion_create(
        by=home.zhang, title="关于增设社区养老服务点的建议", text="建议……", submit=True
    )
    item_transition(by=staff, item=item, action="accept", comment="已转市民政局参考")
    cert = certificate_issue(
        by=home.root, member=home.zhang_record, issued_on=dt.date(2024, 5, 19)
    )
    html = client_for(home.zhang).get(HOME).content.decode()
    assert "关于增设社区养老服务点的建议" in html
    assert "已采纳" in html and "已转市民政局参考" in html
    assert "本年度履职" in html and "积分" in html
    assert cert.number in html and "2024-05-19" in html
    card = reverse("lifecycle:certificate_card", args=[cert.pk])
    assert card in html
    assert client_for(home.zhang).get(card).status_code == 200


def test_a_staff_member_without_a_record_goes_to_the_start_page(home):
    r = client_for(home.staff).get(HOME)
    assert r.status_code == 302 and r.url == reverse("home")
    assert Client().get(HOME).status_code == 302


def test_a_micro_suggestion_with_photos_enters_the_suggestion_workflow(home):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.activities.conftest import jpeg_bytes
    from tongxin.participation.models import Attachment, Suggestion
    from tongxin.workflows.engine import steps_of

    c = client_for(home.zhang)
    page = c.get(reverse("memberhome:suggest")).content.decode()
    assert "照片 3（选填）" in page and 'accept="image/*"' in page

    def photo(name, data=None):
        return SimpleUploadedFile(name, data or jpeg_bytes(), "image/jpeg")

    # A file that is not a picture: refused in Chinese, nothing written.
    r = c.post(
        reverse("memberhome:suggest"),
        {
            "title": "小区路灯不亮",
            "text": "人民路 5 号门前路灯坏了一个月。",
            "photo1": photo("路灯.jpg"),
            "photo2": photo("说明.jpg", b"%PDF-1.4 not a picture"),
        },
    )
    assert r.status_code == 400 and "图片" in r.content.decode()
    assert not Suggestion.objects.exists() and not Attachment.objects.exists()

    r = c.post(
        reverse("memberhome:suggest"),
        {
            "title": "小区路灯不亮",
            "text": "人民路 5 号门前路灯坏了一个月。",
            "photo1": photo("路灯.jpg"),
            "photo2": photo("近景.jpg"),
        },
    )
    item = Suggestion.objects.get()
    assert r.status_code == 302 and r.url == item.get_absolute_url()
    assert item.author == home.zhang_record and item.state == "submitted"
    assert [s.action for s in steps_of(item)] == ["create", "submit"]
    photos = Attachment.objects.filter(kind="suggestions", item_id=item.pk)
    assert [p.title for p in photos] == ["照片 1", "照片 2"]
    assert {p.content_type for p in photos} == {"image/jpeg"}
    assert "小区路灯不亮" in c.get(HOME).content.decode()
    assert "已提交" in c.get(HOME).content.decode()
    r = client_for(home.staff).get(reverse("memberhome:suggest"))
    assert r.status_code == 302


def test_my_home_shows_how_notices_reach_me_and_links_to_change_it(home):
    from tongxin.publicity.models import ChannelPreference, WeChatBinding
    from tongxin.publicity.services import channels as channel_services

    c = client_for(home.zhang)
    html = c.get(HOME).content.decode()
    assert "通知方式：<strong>仅站内通知</strong>" in html
    assert reverse("publicity:my_preferences") in html
    assert reverse("publicity:wechat_bind") in html and "绑定微信" in html
    # both links lead to pages the member can use
    assert c.get(reverse("publicity:my_preferences")).status_code == 200
    assert c.get(reverse("publicity:wechat_bind")).status_code == 200

    token = channel_services.wechat_bind_link(by=home.zhang, member=home.zhang_record)
    channel_services.wechat_bind_complete(token=token, openid="oZhang_home")
    assert WeChatBinding.objects.get(member=home.zhang_record).is_bound
    r = c.post(reverse("publicity:my_preferences"), {"notice_channel": "wechat"})
    assert r.status_code == 302
    assert (
        ChannelPreference.objects.get(member=home.zhang_record).notice_channel
        == "wechat"
    )
    html = c.get(HOME).content.decode()
    assert "通知方式：<strong>微信</strong> · 微信已绑定" in html
    assert reverse("publicity:wechat_bind") not in html
    assert "更改通知方式" in html
