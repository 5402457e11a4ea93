"""Group robots through /api/v1/publicity/robots, and the same writes on the page."""

from __future__ import annotations

from django.test import Client

from tongxin.publicity.models import GroupRobot

API = "/api/v1/publicity"
WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc"
NEW_WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=xyz"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _send(c, method, url, data):
    return getattr(c, method)(API + url, data, content_type="application/json")


def test_the_api_creates_lists_reads_and_patches_robots_without_revealing_secrets(
    pub,
):
    c = _client(pub.edu_publicity)
    r = _send(
        c,
        "post",
        "/robots",
        {
            "organization": pub.org.edu1.pk,
            "kind": "dingtalk",
            "name": "教育一支部钉钉群",
            "webhook_url": WEBHOOK,
            "secret": "SECabc",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["webhook_host"] == "oapi.dingtalk.com" and body["has_secret"] is True
    assert body["version"] == 1 and body["active"] is True
    assert (
        "access_token" not in r.content.decode() and "SECabc" not in r.content.decode()
    )
    pk = body["id"]
    listed = c.get(f"{API}/robots")
    assert [x["id"] for x in listed.json()] == [pk]
    assert "access_token" not in listed.content.decode()
    assert c.get(f"{API}/robots/{pk}").json()["name"] == "教育一支部钉钉群"

    r = _send(
        c,
        "patch",
        f"/robots/{pk}",
        {"version": 1, "webhook_url": NEW_WEBHOOK, "clear_secret": True},
    )
    assert r.status_code == 200, r.content
    assert r.json()["has_secret"] is False and r.json()["version"] == 2
    robot = GroupRobot.objects.get(pk=pk)
    assert (robot.webhook_url, robot.secret, robot.name) == (
        NEW_WEBHOOK,
        "",
        "教育一支部钉钉群",
    )
    r = _send(c, "patch", f"/robots/{pk}", {"version": 2, "active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    assert r.json()["version"] == 3
    # A stale version is refused and changes nothing.
    r = _send(c, "patch", f"/robots/{pk}", {"version": 2, "name": "旧版本"})
    assert r.status_code == 409, r.content
    assert "该记录已被他人修改" in r.content.decode()
    assert GroupRobot.objects.get(pk=pk).name == "教育一支部钉钉群"


def test_bad_robot_input_answers_422_in_chinese_and_writes_nothing(pub):
    c = _client(pub.edu_publicity)
    base = {
        "organization": pub.org.edu1.pk,
        "kind": "wecom",
        "name": "群",
        "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    }
    for change, expected in [
        ({"webhook_url": "http://127.0.0.1:8000/admin/"}, "只能指向"),
        ({"webhook_url": "http://169.254.169.254/latest/meta-data"}, "只能指向"),
        ({"webhook_url": "https://oapi.dingtalk.com/robot/send"}, "只能指向"),
        ({"kind": "slack"}, "请选择机器人类型"),
        ({"name": " "}, "请填写群名称"),
        ({"organization": 999999}, "不存在或您无权查看"),
    ]:
        r = _send(c, "post", "/robots", {**base, **change})
        assert r.status_code == 422, (change, r.content)
        assert expected in r.content.decode(), r.content.decode()
    assert not GroupRobot.objects.exists()


def test_robots_outside_the_scope_are_hidden_and_refused(pub):
    inside = _client(pub.publicity)
    r = _send(
        inside,
        "post",
        "/robots",
        {
            "organization": pub.org.direct.pk,
            "kind": "dingtalk",
            "name": "直属群",
            "webhook_url": WEBHOOK,
        },
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    outside = _client(pub.edu_publicity)
    assert outside.get(f"{API}/robots").json() == []
    assert outside.get(f"{API}/robots/{pk}").status_code == 404
    assert (
        _send(
            outside, "patch", f"/robots/{pk}", {"version": 1, "name": "x"}
        ).status_code
        == 404
    )
    r = _send(
        outside,
        "post",
        "/robots",
        {
            "organization": pub.org.direct.pk,
            "kind": "dingtalk",
            "name": "越权",
            "webhook_url": WEBHOOK,
        },
    )
    assert r.status_code in (403, 422)
    member = _client(pub.member)
    assert member.get(f"{API}/robots").status_code == 403
    assert GroupRobot.objects.get().name == "直属群"


def _state(robot: GroupRobot) -> tuple:
    robot.refresh_from_db()
    return (
        robot.organization_id,
        robot.path,
        robot.kind,
        robot.name,
        robot.webhook_url,
        robot.webhook_host,
        robot.secret,
        robot.active,
        robot.version,
    )


def test_the_page_and_the_api_store_the_same_robot(pub):
    web, api = _client(pub.edu_publicity), _client(pub.edu_publicity)
    created = {
        "organization": pub.org.edu1.pk,
        "kind": "dingtalk",
        "name": "教育一支部钉钉群",
        "webhook_url": WEBHOOK,
        "secret": "SECabc",
    }
    assert web.post("/publicity/robots/", created).status_code == 302
    by_web = GroupRobot.objects.get()
    assert _send(api, "post", "/robots", created).status_code == 201
    by_api = GroupRobot.objects.exclude(pk=by_web.pk).get()
    assert _state(by_web) == _state(by_api)

    change = {
        "name": "教育一支部工作群",
        "webhook_url": NEW_WEBHOOK,
        "secret": "SECnew",
    }
    r = web.post(f"/publicity/robots/{by_web.pk}/edit/", {**change, "version": 1})
    assert r.status_code == 302
    r = _send(api, "patch", f"/robots/{by_api.pk}", {**change, "version": 1})
    assert r.status_code == 200
    assert _state(by_web) == _state(by_api)

    r = web.post(
        f"/publicity/robots/{by_web.pk}/edit/",
        {"name": "教育一支部工作群", "clear_secret": "on", "version": 2},
    )
    assert r.status_code == 302
    r = _send(
        api, "patch", f"/robots/{by_api.pk}", {"clear_secret": True, "version": 2}
    )
    assert r.status_code == 200
    assert _state(by_web) == _state(by_api)
    assert by_web.secret == "" and by_web.version == 3
