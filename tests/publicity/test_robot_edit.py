"""Editing a group robot: name, webhook and secret, never shown in clear."""

from __future__ import annotations

from django.test import Client

from tongxin.audit.models import AuditEvent
from tongxin.publicity.models import GroupRobot
from tongxin.publicity.services import channels as channel_services

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc"
NEW_WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=xyz"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _robot(pub, **kw) -> GroupRobot:
    return channel_services.robot_save(
        by=pub.edu_publicity,
        organization=pub.org.edu1,
        kind="dingtalk",
        name="教育一支部钉钉群",
        webhook_url=WEBHOOK,
        secret=kw.pop("secret", "SECold"),
        **kw,
    )


def test_the_edit_form_shows_no_secret_and_keeps_what_is_left_empty(pub):
    robot = _robot(pub)
    c = _client(pub.edu_publicity)
    page = c.get(f"/publicity/robots/{robot.pk}/edit/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "留空则不变" in text and "清除加签密钥" in text
    assert "oapi.dingtalk.com" in text
    assert "access_token" not in text and "SECold" not in text
    assert (
        f"/publicity/robots/{robot.pk}/edit/"
        in c.get("/publicity/robots/").content.decode()
    )

    r = c.post(
        f"/publicity/robots/{robot.pk}/edit/",
        {"name": "教育一支部工作群", "webhook_url": "", "secret": "", "version": 1},
    )
    assert r.status_code == 302
    robot.refresh_from_db()
    assert (robot.name, robot.webhook_url, robot.secret, robot.version) == (
        "教育一支部工作群",
        WEBHOOK,
        "SECold",
        2,
    )


def test_a_new_webhook_and_secret_are_stored_encrypted_and_audited_without_values(
    pub,
):
    robot = _robot(pub)
    c = _client(pub.edu_publicity)
    r = c.post(
        f"/publicity/robots/{robot.pk}/edit/",
        {
            "name": "教育一支部钉钉群",
            "webhook_url": NEW_WEBHOOK,
            "secret": "SECnew",
            "version": 1,
        },
    )
    assert r.status_code == 302
    robot.refresh_from_db()
    assert (robot.webhook_url, robot.secret) == (NEW_WEBHOOK, "SECnew")
    # Stored encrypted: the clear values are not in the row.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT webhook_url, secret FROM publicity_grouprobot WHERE id = %s",
            [robot.pk],
        )
        raw = " ".join(cur.fetchone())
    assert "xyz" not in raw and "SECnew" not in raw
    event = AuditEvent.objects.filter(
        object_type="publicity.grouprobot", action="update"
    ).latest("id")
    detail = str(event.detail)
    assert "Webhook 地址（oapi.dingtalk.com）" in detail and "更换加签密钥" in detail
    assert "xyz" not in detail and "SECnew" not in detail and "abc" not in detail
    assert event.actor_id == pub.edu_publicity.pk


def test_the_clear_box_removes_the_secret(pub):
    robot = _robot(pub)
    c = _client(pub.edu_publicity)
    r = c.post(
        f"/publicity/robots/{robot.pk}/edit/",
        {"name": "群", "clear_secret": "on", "version": 1},
    )
    assert r.status_code == 302
    robot.refresh_from_db()
    assert robot.secret == ""


def test_an_internal_or_other_host_webhook_is_refused_and_nothing_changes(pub):
    robot = _robot(pub)
    c = _client(pub.edu_publicity)
    for url in (
        "http://10.0.0.5/robot/send?access_token=k",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "https://oapi.dingtalk.com.evil.example/robot/send",
    ):
        r = c.post(
            f"/publicity/robots/{robot.pk}/edit/",
            {"name": "改名", "webhook_url": url, "version": 1},
        )
        assert r.status_code == 200
        assert "Webhook 地址只能指向 oapi.dingtalk.com。" in r.content.decode()
    robot.refresh_from_db()
    assert (robot.name, robot.webhook_url, robot.version) == (
        "教育一支部钉钉群",
        WEBHOOK,
        1,
    )


def test_a_stale_version_is_refused_with_a_message(pub):
    robot = _robot(pub)
    c = _client(pub.edu_publicity)
    assert (
        c.post(
            f"/publicity/robots/{robot.pk}/edit/", {"name": "甲", "version": 1}
        ).status_code
        == 302
    )
    r = c.post(
        f"/publicity/robots/{robot.pk}/edit/", {"name": "乙", "version": 1}, follow=True
    )
    assert "该记录已被他人修改" in r.content.decode()
    robot.refresh_from_db()
    assert robot.name == "甲"


def test_a_robot_outside_the_users_subtree_is_not_found(pub):
    robot = channel_services.robot_save(
        by=pub.publicity,
        organization=pub.org.direct,
        kind="dingtalk",
        name="直属群",
        webhook_url=WEBHOOK,
    )
    c = _client(pub.edu_publicity)
    assert c.get(f"/publicity/robots/{robot.pk}/edit/").status_code == 404
    assert (
        c.post(
            f"/publicity/robots/{robot.pk}/edit/", {"name": "x", "version": 1}
        ).status_code
        == 404
    )
    robot.refresh_from_db()
    assert robot.name == "直属群"
