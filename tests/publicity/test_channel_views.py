"""The group robot pages, the WeChat binding pages and their callback, and the
personal notice channel on the preferences page."""

from __future__ import annotations

import time
import urllib.parse

from django.test import Client

from tests.activities.conftest import login_user
from tongxin.publicity.models import ChannelPreference, GroupRobot, WeChatBinding
from tongxin.publicity.services import channels as channel_services

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


def test_a_member_binds_wechat_through_the_one_time_link(pub, platform):
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
    # the link is WeChat's web authorization, coming back to the callback
    page = r.content.decode()
    assert f'href="{link}"'.replace("&", "&amp;") in page
    assert "在微信中打开，完成绑定" in page and "<svg" in page  # and its QR code
    url, fragment = link.split("#")
    assert fragment == "wechat_redirect"
    parts = urllib.parse.urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "open.weixin.qq.com",
        "/connect/oauth2/authorize",
    )
    assert [k for k, _v in urllib.parse.parse_qsl(parts.query)] == [
        "appid",
        "redirect_uri",
        "response_type",
        "scope",
        "state",
    ]
    query = dict(urllib.parse.parse_qsl(parts.query))
    state = query["state"]
    assert state.isalnum() and len(state) <= 128
    assert query == {
        "appid": "wx-app-id",
        "redirect_uri": "http://testserver/publicity/wechat/callback/",
        "response_type": "code",
        "scope": "snsapi_base",
        "state": state,
    }
    assert "%2F%2Ftestserver%2Fpublicity%2Fwechat%2Fcallback%2F" in parts.query
    anonymous = Client()  # WeChat's browser brings no session
    # WeChat refuses the code: a clear message, nothing bound, the link still good
    bad = anonymous.get(
        "/publicity/wechat/callback/", {"code": "EXPIRED-CODE", "state": state}
    )
    assert bad.status_code == 400
    assert "微信授权失败（错误码 40029），请重新打开绑定链接。" in bad.content.decode()
    assert not WeChatBinding.objects.get(member=pub.zhang).is_bound
    platform.oauth_codes["0a1B2c3D4e"] = "oZhang_0001"
    ok = anonymous.get(
        "/publicity/wechat/callback/", {"code": "0a1B2c3D4e", "state": state}
    )
    assert ok.status_code == 200
    assert "绑定成功" in ok.content.decode()
    exchange = [r for r in platform.requests if r["path"] == "/sns/oauth2/access_token"]
    assert [(r["method"], r["query"]) for r in exchange][-1] == (
        "GET",
        {
            "appid": ["wx-app-id"],
            "secret": ["wx-app-secret"],
            "code": ["0a1B2c3D4e"],
            "grant_type": ["authorization_code"],
        },
    )
    assert WeChatBinding.objects.get(member=pub.zhang).openid == "oZhang_0001"
    platform.oauth_codes["5f6G7h"] = "oSomeoneElse"
    again = anonymous.get(
        "/publicity/wechat/callback/", {"code": "5f6G7h", "state": state}
    )
    assert again.status_code == 400
    assert "绑定链接已使用或已失效" in again.content.decode()
    asked = len(platform.requests)
    forged = anonymous.get("/publicity/wechat/callback/?state=x&code=5f6G7h")
    assert forged.status_code == 400
    assert "绑定链接无效。" in forged.content.decode()
    assert len(platform.requests) == asked  # a forged state costs no request
    assert WeChatBinding.objects.get(member=pub.zhang).openid == "oZhang_0001"
    r = c.post("/publicity/preferences/", {"notice_channel": "wechat"})
    assert r.status_code == 302
    assert ChannelPreference.objects.get(member=pub.zhang).notice_channel == "wechat"
    assert "您已于" in c.get("/publicity/wechat/").content.decode()


def test_a_binding_link_expires_after_fifteen_minutes(pub, platform):
    user = login_user("zhang_self", root=pub.root, member=pub.zhang)
    token = channel_services.wechat_bind_link(by=user, member=pub.zhang)
    stale = f"{int(time.time()) - 16 * 60:08x}{token[8:]}"
    WeChatBinding.objects.filter(member=pub.zhang).update(nonce=stale)
    platform.oauth_codes["C0DE"] = "oZhang_0001"
    r = Client().get("/publicity/wechat/callback/", {"code": "C0DE", "state": stale})
    assert r.status_code == 400
    assert "绑定链接已过期，请重新获取。" in r.content.decode()
    assert not platform.requests
    assert not WeChatBinding.objects.get(member=pub.zhang).is_bound
