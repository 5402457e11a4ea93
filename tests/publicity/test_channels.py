"""Group robots (WeCom, DingTalk) and WeChat template messages against fake
platforms on loopback that check each request as the platforms document it;
broadcasts reach a branch's robots with status and retries as for SMS;
webhook addresses are refused outside the platforms' hosts; WeChat binding
by a one-time link."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import pickle
import threading
import time
import urllib.parse

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from tests.activities.conftest import login_user
from tongxin.publicity import channels, services
from tongxin.publicity.channels import Robot
from tongxin.publicity.gateways import GatewayError
from tongxin.publicity.models import Delivery, GroupRobot, WeChatBinding
from tongxin.publicity.services import channels as channel_services
from tongxin.publicity.services.delivery import deliver

SECRET = "SECdemo0123456789abcdef"


# --- the adapters, request by request --------------------------------------------


def test_wecom_robot_posts_markdown_json_to_the_webhook(platform):
    url = f"{platform.base}/cgi-bin/webhook/send?key=693a91f6-7xxx"
    channels.adapter("wecom").send(
        to=Robot(webhook_url=url), title="学习通知", text="周六学习。", reference="1"
    )
    [r] = platform.requests
    assert (r["method"], r["path"]) == ("POST", "/cgi-bin/webhook/send")
    assert r["query"] == {"key": ["693a91f6-7xxx"]}
    assert r["content_type"] == "application/json; charset=utf-8"
    assert r["body"] == {
        "msgtype": "markdown",
        "markdown": {"content": "**学习通知**\n周六学习。"},
    }


def test_dingtalk_robot_signs_with_timestamp_and_hmac(platform):
    url = f"{platform.base}/robot/send?access_token=abc123"
    before = int(time.time() * 1000)
    channels.adapter("dingtalk").send(
        to=Robot(webhook_url=url, secret=SECRET),
        title="学习通知",
        text="周六学习。",
        reference="1",
    )
    after = int(time.time() * 1000)
    [r] = platform.requests
    assert (r["method"], r["path"]) == ("POST", "/robot/send")
    assert r["raw_query"].startswith("access_token=abc123&timestamp=")
    stamp = r["query"]["timestamp"][0]
    assert before <= int(stamp) <= after
    expected = base64.b64encode(
        hmac.new(
            SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert r["query"]["sign"] == [expected]
    # the sign is URL-encoded in the query: base64's + / = never appear raw
    raw_sign = r["raw_query"].split("sign=")[1]
    assert urllib.parse.unquote_plus(raw_sign) == expected
    assert not set("+/=") & set(raw_sign)
    assert r["content_type"] == "application/json; charset=utf-8"
    assert r["body"] == {
        "msgtype": "markdown",
        "markdown": {"title": "学习通知", "text": "#### 学习通知\n\n周六学习。"},
    }


def test_dingtalk_robot_without_secret_is_not_signed(platform):
    url = f"{platform.base}/robot/send?access_token=abc123"
    channels.adapter("dingtalk").send(
        to=Robot(webhook_url=url), title="t", text="x", reference="1"
    )
    assert platform.requests[0]["query"] == {"access_token": ["abc123"]}


def test_robot_errcode_and_timeout_raise_with_a_chinese_reason(platform):
    url = f"{platform.base}/robot/send?access_token=abc123"
    platform.mode = "errcode"
    with pytest.raises(GatewayError) as e:
        channels.adapter("dingtalk").send(
            to=Robot(webhook_url=url), title="t", text="x", reference="1"
        )
    assert e.value.reason == "钉钉机器人拒绝了消息（错误码 310000：sign not match）"
    platform.mode = "slow"
    with pytest.raises(GatewayError) as e:
        channels.adapter("wecom").send(
            to=Robot(webhook_url=url), title="t", text="x", reference="1"
        )
    assert e.value.reason == "企业微信机器人无响应（超时）"


def test_wechat_template_message_fetches_the_token_once_and_reuses_it(platform):
    sender = channels.adapter("wechat")
    assert sender.send(to="oOPENID1", title="报名成功", text="周六学习", reference="")
    sender.send(to="oOPENID2", title="报名成功", text="周六学习", reference="")
    token, first, second = platform.requests
    assert (token["method"], token["path"]) == ("GET", "/cgi-bin/token")
    assert token["query"] == {
        "grant_type": ["client_credential"],
        "appid": ["wx-app-id"],
        "secret": ["wx-app-secret"],
    }
    assert platform.tokens_issued == 1
    assert (first["method"], first["path"]) == (
        "POST",
        "/cgi-bin/message/template/send",
    )
    assert first["query"] == {"access_token": ["TOKEN1"]}
    assert first["content_type"] == "application/json; charset=utf-8"
    assert first["body"] == {
        "touser": "oOPENID1",
        "template_id": "TEMPLATE-1",
        "url": "https://tongxin.example.org/home/",
        "data": {
            "first": {"value": "报名成功"},
            "keyword1": {"value": "周六学习"},
            "keyword2": {"value": "同心"},
            "remark": {"value": "请登录会员之家查看详情。"},
        },
    }
    assert second["query"] == {"access_token": ["TOKEN1"]}


def test_wechat_expired_token_is_fetched_again_once(platform):
    platform.mode = "token_expired"
    channels.adapter("wechat").send(to="oOPENID1", title="t", text="x", reference="")
    paths = [(r["path"], r["query"].get("access_token")) for r in platform.requests]
    assert paths == [
        ("/cgi-bin/token", None),
        ("/cgi-bin/message/template/send", ["TOKEN1"]),
        ("/cgi-bin/token", None),
        ("/cgi-bin/message/template/send", ["TOKEN2"]),
    ]


def test_console_backend_writes_to_the_outbox_and_calls_nobody(settings, tmp_path):
    settings.TONGXIN_CHANNEL_BACKEND = "console"
    settings.VAR_DIR = tmp_path
    channels.adapter("wecom").send(
        to=Robot(webhook_url="https://qyapi.weixin.qq.com/x"),
        title="通知",
        text="内容",
        reference="1",
    )
    [line] = (tmp_path / "channels" / "outbox.log").read_text().splitlines()
    assert json.loads(line)["channel"] == "wecom"
    assert "qyapi" not in line


# --- broadcasts reach the branch's robots ----------------------------------------


def _robots(pub, platform):
    wecom = channel_services.robot_save(
        by=pub.publicity,
        organization=pub.org.edu1,
        kind="wecom",
        name="教育一支部企业微信群",
        webhook_url=f"{platform.base}/cgi-bin/webhook/send?key=k1",
    )
    ding = channel_services.robot_save(
        by=pub.publicity,
        organization=pub.org.edu1,
        kind="dingtalk",
        name="教育一支部钉钉群",
        webhook_url=f"{platform.base}/robot/send?access_token=t1",
        secret=SECRET,
    )
    return wecom, ding


def _broadcast(pub, capture):
    with capture(execute=False):
        return services.broadcast_create(
            by=pub.publicity,
            title="学习通知",
            body="{姓名}：{组织}周六学习。",
            send_sms=False,
            send_email=True,
            organization=pub.org.edu1,
        )


def test_a_broadcast_goes_to_the_branch_robots_and_failures_are_retried(
    pub, platform, smtp, django_capture_on_commit_callbacks
):
    wecom, ding = _robots(pub, platform)
    platform.mode = "errcode"
    b = _broadcast(pub, django_capture_on_commit_callbacks)
    robot_rows = b.deliveries.filter(robot__isnull=False).order_by("id")
    assert [(d.channel, d.member_id) for d in robot_rows] == [
        ("wecom", None),
        ("dingtalk", None),
    ]
    assert robot_rows[0].address_masked == "教育一支部企业微信群（127.0.0.1）"
    outcome = deliver(broadcast_id=b.pk)
    assert outcome == {"sent": 2, "failed": 2}  # two e-mails, two robots
    failed = {d.channel: d for d in b.deliveries.filter(status="failed")}
    assert failed["wecom"].reason.startswith("企业微信机器人拒绝了消息（错误码 310000")
    assert failed["dingtalk"].attempts == 1
    # the group reads the message with the placeholders filled for everyone
    assert platform.requests[0]["body"]["markdown"]["content"] == (
        "**学习通知**\n各位会员：教育一支部周六学习。"
    )
    platform.mode = "ok"
    with django_capture_on_commit_callbacks(execute=False):
        assert services.broadcast_retry(by=pub.publicity, broadcast=b) == 2
    assert deliver(broadcast_id=b.pk) == {"sent": 2, "failed": 0}
    rows = {d.channel: d for d in b.deliveries.filter(robot__isnull=False)}
    assert rows["dingtalk"].status == Delivery.Status.SENT
    assert rows["dingtalk"].attempts == 2
    assert "sign" in platform.requests[-1]["query"]
    b.refresh_from_db()
    assert b.status == "finished"


def test_a_robot_that_does_not_answer_fails_its_delivery(
    pub, platform, smtp, django_capture_on_commit_callbacks
):
    _robots(pub, platform)
    platform.mode = "slow"
    b = _broadcast(pub, django_capture_on_commit_callbacks)
    deliver(broadcast_id=b.pk)
    reasons = set(
        b.deliveries.filter(robot__isnull=False).values_list("status", "reason")
    )
    assert reasons == {
        ("failed", "企业微信机器人无响应（超时）"),
        ("failed", "钉钉机器人无响应（超时）"),
    }


def test_an_organization_without_a_robot_has_none(
    pub, smtp, django_capture_on_commit_callbacks
):
    b = _broadcast(pub, django_capture_on_commit_callbacks)
    assert not b.deliveries.filter(robot__isnull=False).exists()
    assert set(b.deliveries.values_list("channel", flat=True)) == {"email"}


# --- robots: who may keep them, where they may point, what is stored ---------------


@pytest.mark.parametrize(
    "url",
    [
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send",
        "https://evil.example/?h=qyapi.weixin.qq.com",
        "https://user@qyapi.weixin.qq.com/cgi-bin/webhook/send",
        "https://10.0.0.1/cgi-bin/webhook/send",
        "https://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://qyapi.weixin.qq.com:99999/x",
        "https://qyapi.weixin.qq.com/x\r\nHost: a",
        "",
    ],
)
def test_webhooks_outside_the_platform_hosts_are_refused(url, settings):
    settings.TONGXIN_ROBOT_HOSTS = {"wecom": ["qyapi.weixin.qq.com"]}
    with pytest.raises(ValidationError) as e:
        channel_services.webhook_url_check(url, "wecom")
    assert "webhook_url" in e.value.message_dict


def test_webhook_hosts_are_per_kind(settings):
    assert (
        channel_services.webhook_url_check(
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "wecom"
        )
        == "qyapi.weixin.qq.com"
    )
    with pytest.raises(ValidationError):
        channel_services.webhook_url_check(
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "dingtalk"
        )


def test_robots_are_kept_by_senders_of_the_scope_and_stored_encrypted(pub, settings):
    with pytest.raises(PermissionDenied):
        channel_services.robot_save(
            by=pub.edu_publicity,
            organization=pub.org.direct,
            kind="dingtalk",
            name="直属支部钉钉群",
            webhook_url="https://oapi.dingtalk.com/robot/send?access_token=t",
        )
    robot = channel_services.robot_save(
        by=pub.edu_publicity,
        organization=pub.org.edu1,
        kind="dingtalk",
        name="教育一支部钉钉群",
        webhook_url="https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN",
        secret=SECRET,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT webhook_url, secret FROM publicity_grouprobot WHERE id = %s",
            [robot.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert "SECRET-TOKEN" not in stored and SECRET not in stored
    robot = GroupRobot.objects.get(pk=robot.pk)
    assert robot.secret == SECRET
    # a change with an empty secret keeps the stored one
    channel_services.robot_save(
        by=pub.edu_publicity,
        organization=pub.org.edu1,
        kind="dingtalk",
        name="教育一支部群",
        webhook_url="https://oapi.dingtalk.com/robot/send?access_token=NEW",
        robot=robot,
    )
    robot.refresh_from_db()
    assert (robot.name, robot.secret) == ("教育一支部群", SECRET)


# --- WeChat binding by a one-time link ------------------------------------------


def test_a_member_binds_wechat_once_per_link_and_messages_reach_the_openid(
    pub, platform
):
    user = login_user("zhang_self", root=pub.root, member=pub.zhang)
    with pytest.raises(PermissionDenied):
        channel_services.wechat_bind_link(by=user, member=pub.wang)
    token = channel_services.wechat_bind_link(by=user, member=pub.zhang)
    binding = channel_services.wechat_bind_complete(token=token, openid="oZhang_123")
    assert binding.is_bound
    with connection.cursor() as cursor:
        cursor.execute("SELECT openid FROM publicity_wechatbinding")
        assert "oZhang_123" not in cursor.fetchone()[0]
    assert WeChatBinding.objects.get(member=pub.zhang).openid == "oZhang_123"
    with pytest.raises(ValidationError) as e:
        channel_services.wechat_bind_complete(token=token, openid="oOther")
    assert e.value.message_dict["state"] == ["绑定链接已使用或已失效，请重新获取。"]
    with pytest.raises(ValidationError):
        channel_services.wechat_bind_complete(token=token + "x", openid="oOther")
    with pytest.raises(ValidationError):
        channel_services.wechat_bind_complete(
            token=channel_services.wechat_bind_link(by=user, member=pub.zhang),
            openid="<script>",
        )


def test_two_workers_share_one_wechat_token_fetched_once(platform, settings):
    """Two adapters (two workers) start sending while the token is unknown:
    the second arrives while the first is fetching, waits on the cache lock
    and uses the token the first stored."""
    settings.TONGXIN_CHANNEL_TIMEOUT = 2
    platform.token_delay = 0.4
    first, second = channels.WeChatTemplateAdapter(), channels.WeChatTemplateAdapter()
    errors: list[BaseException] = []

    def send(adapter, openid):
        try:
            adapter.send(to=openid, title="t", text="x", reference="")
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    one = threading.Thread(target=send, args=(first, "oOPENID1"))
    one.start()
    assert platform.token_requested.wait(5)
    two = threading.Thread(target=send, args=(second, "oOPENID2"))
    two.start()
    one.join(10)
    two.join(10)
    assert not errors, errors
    assert platform.tokens_issued == 1
    sends = [r for r in platform.requests if r["method"] == "POST"]
    assert sorted(r["body"]["touser"] for r in sends) == ["oOPENID1", "oOPENID2"]
    assert {r["query"]["access_token"][0] for r in sends} == {"TOKEN1"}
    # A third worker started later finds the token in the shared cache.
    channels.WeChatTemplateAdapter().send(
        to="oOPENID3", title="t", text="x", reference=""
    )
    assert platform.tokens_issued == 1
    assert not cache.get(channels.WeChatTemplateAdapter.token_key() + ":lock")


def test_the_shared_wechat_token_is_keyed_by_appid_and_expires_early(platform):
    platform.token_lifetime = 7200
    channels.adapter("wechat").send(to="oOPENID1", title="t", text="x", reference="")
    key = channels.WeChatTemplateAdapter.token_key()
    assert key.endswith(":wx-app-id")
    assert cache.get(key) == "TOKEN1"
    # The file cache stores the expiry first: 7200 s less 5 minutes from now.
    with open(cache._key_to_file(key), "rb") as f:
        expires = pickle.load(f)
    assert 6890 <= expires - time.time() <= 6900
    # Another official account has its own token.
    assert channels.WeChatTemplateAdapter.token_key("wx-other") != key


def test_a_refused_token_is_dropped_but_a_fresher_one_is_kept(platform):
    key = channels.WeChatTemplateAdapter.token_key()
    cache.set(key, "TOKEN-FRESH")
    channels.WeChatTemplateAdapter.forget_token(stale="TOKEN-OLD")
    assert cache.get(key) == "TOKEN-FRESH"
    channels.WeChatTemplateAdapter.forget_token(stale="TOKEN-FRESH")
    assert cache.get(key) is None
