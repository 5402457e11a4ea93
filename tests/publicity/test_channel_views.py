"""The group robot pages, the WeChat binding pages and their callback, and the
personal notice channel on the preferences page."""

from __future__ import annotations

from django.test import Client

from tests.activities.conftest import login_user
from tongxin.publicity.models import ChannelPreference, GroupRobot, WeChatBinding

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_staff_add_a_robot_see_it_listed_and_switch_it_off(pub):
    c = _client(pub.edu_publicity)
    page = c.get("/publicity/robots/")
    assert page.status_code == 200
    assert "尚未配置群机器人。" in page.content.decode()
    r = c.post(
        "/publicity/robots/",
        {
            "organization": pub.org.edu1.pk,
            "kind": "dingtalk",
            "name": "教育一支部钉钉群",
            "webhook_url": WEBHOOK,
            "secret": "SECabc",
        },
    )
    assert r.status_code == 302
    robot = GroupRobot.objects.get()
    assert (robot.webhook_url, robot.secret, robot.active) == (WEBHOOK, "SECabc", True)
    text = c.get("/publicity/robots/").content.decode()
    assert "教育一支部钉钉群" in text and "oapi.dingtalk.com" in text
    assert "access_token" not in text and "SECabc" not in text
    assert c.post(f"/publicity/robots/{robot.pk}/toggle/").status_code == 302
    robot.refresh_from_db()
    assert not robot.active


def test_a_webhook_to_an_internal_address_is_refused_on_the_form(pub):
    c = _client(pub.edu_publicity)
    r = c.post(
        "/publicity/robots/",
        {
            "organization": pub.org.edu1.pk,
            "kind": "wecom",
            "name": "群",
            "webhook_url": "http://10.0.0.5/cgi-bin/webhook/send?key=k",
        },
    )
    assert r.status_code == 200
    assert "Webhook 地址只能指向 qyapi.weixin.qq.com。" in r.content.decode()
    assert not GroupRobot.objects.exists()


def test_a_member_binds_wechat_through_the_one_time_link(pub):
    user = login_user("zhang_self", root=pub.root, member=pub.zhang)
    c = _client(user)
    assert "获取绑定链接" in c.get("/publicity/wechat/").content.decode()
    # WeChat cannot be chosen before binding
    r = c.post("/publicity/preferences/", {"notice_channel": "wechat"})
    assert r.status_code == 200
    assert "请先绑定微信。" in r.content.decode()
    r = c.post("/publicity/wechat/")
    assert r.status_code == 200
    link = r.context["link"]
    assert link.startswith("http://testserver/publicity/wechat/callback/?state=")
    path = link.removeprefix("http://testserver")
    anonymous = Client()  # WeChat's browser brings no session
    ok = anonymous.get(path + "&openid=oZhang_0001")
    assert ok.status_code == 200
    assert "绑定成功" in ok.content.decode()
    assert WeChatBinding.objects.get(member=pub.zhang).openid == "oZhang_0001"
    again = anonymous.get(path + "&openid=oSomeoneElse")
    assert again.status_code == 400
    assert "绑定链接已使用或已失效" in again.content.decode()
    forged = anonymous.get("/publicity/wechat/callback/?state=x&openid=o1")
    assert forged.status_code == 400
    r = c.post("/publicity/preferences/", {"notice_channel": "wechat"})
    assert r.status_code == 302
    assert ChannelPreference.objects.get(member=pub.zhang).notice_channel == "wechat"
    assert "您已于" in c.get("/publicity/wechat/").content.decode()
