"""The publicity endpoints under /api/v1/publicity."""

from __future__ import annotations

from django.test import Client

from tongxin.publicity import services
from tongxin.publicity.models import Broadcast

API = "/api/v1/publicity"


def _api(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c, url, data, method="post"):
    return getattr(c, method)(API + url, data, content_type="application/json")


def test_it_creates_a_broadcast_and_reports_progress_and_deliveries(
    pub, provider, run_worker, django_capture_on_commit_callbacks
):
    c = _api(pub.publicity)
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(
            c,
            "/broadcasts",
            {
                "title": "通知",
                "body": "{姓名}您好",
                "send_sms": True,
                "organization": pub.org.edu1.pk,
            },
        )
    assert r.status_code == 201, r.content
    b = r.json()
    assert b["progress"]["queued"] == 2 and b["progress"]["percent"] == 0
    run_worker()
    b = c.get(f"{API}/broadcasts/{b['id']}").json()
    assert b["status"] == "finished" and b["progress"]["percent"] == 100
    rows = c.get(f"{API}/broadcasts/{b['id']}/deliveries").json()
    assert {r["address"] for r in rows} == {"1*********1", "1*********2"}
    assert c.get(f"{API}/broadcasts").json()[0]["id"] == b["id"]
    r = _post(c, f"/broadcasts/{b['id']}/retry", {})
    assert r.status_code == 422 and "没有发送失败" in r.content.decode()


def test_bad_broadcasts_answer_422_in_chinese_and_write_nothing(pub):
    c = _api(pub.publicity)
    for body, expected in [
        ({"body": "{单位}好"}, "未知的占位符"),
        ({"q": "查无此人"}, "没有符合条件的收件人"),
        ({"body": "长" * 400}, "短信过长"),
        ({"organization": 999999}, "不存在或您无权查看"),
        ({"age": "12-13"}, "年龄段应为"),
    ]:
        payload = {
            "title": "t",
            "body": "{姓名}",
            "send_sms": True,
            "organization": pub.org.edu1.pk,
            **body,
        }
        r = _post(c, "/broadcasts", payload)
        assert r.status_code == 422, (body, r.content)
        assert expected in r.content.decode()
    assert not Broadcast.objects.exists()


def test_broadcasts_are_refused_to_those_without_the_right(pub):
    payload = {
        "title": "t",
        "body": "b",
        "send_sms": True,
        "organization": pub.org.edu1.pk,
    }
    assert _post(_api(pub.head), "/broadcasts", payload).status_code == 403
    assert _api(pub.head).get(f"{API}/broadcasts").status_code == 403
    assert Client().get(f"{API}/broadcasts").status_code == 401
    r = _post(
        _api(pub.edu_publicity),
        "/broadcasts",
        {**payload, "organization": pub.org.direct.pk},
    )
    assert r.status_code in (403, 422)
    assert not Broadcast.objects.exists()


def test_subscriptions_and_totals(pub):
    for year in (2024, 2025):
        for organization, copies in ((pub.org.edu1, 10), (pub.org.direct, 7)):
            services.subscription_set(
                by=pub.root, organization=organization, year=year, copies=copies
            )
    c = _api(pub.publicity)
    r = _post(
        c,
        "/subscriptions",
        {"organization": pub.org.edu2.pk, "year": 2025, "copies": 3},
        "put",
    )
    assert r.status_code == 200 and r.json()["copies"] == 3
    totals = c.get(f"{API}/subscriptions/totals").json()
    assert totals == [
        {"year": 2025, "copies": 20, "organizations": 3},
        {"year": 2024, "copies": 17, "organizations": 2},
    ]
    edu = c.get(f"{API}/subscriptions/totals", {"org": pub.org.edu.pk}).json()
    assert edu[0] == {"year": 2025, "copies": 13, "organizations": 2}
    head = _api(pub.head).get(f"{API}/subscriptions", {"year": 2025}).json()
    assert [s["organization_name"] for s in head] == ["教育一支部"]
    r = _post(
        c,
        "/subscriptions",
        {"organization": pub.org.edu2.pk, "year": 2025, "copies": -1},
        "put",
    )
    assert r.status_code == 422
    r = _post(
        _api(pub.head),
        "/subscriptions",
        {"organization": pub.org.edu1.pk, "year": 2025, "copies": 1},
        "put",
    )
    assert r.status_code == 403


def test_a_member_reads_and_sets_their_own_preferences(pub):
    c = _api(pub.member)
    assert c.get(f"{API}/preferences").json() == {
        "sms_opt_out": False,
        "email_opt_out": False,
    }
    r = _post(c, "/preferences", {"sms_opt_out": True}, "put")
    assert r.status_code == 200
    assert c.get(f"{API}/preferences").json()["sms_opt_out"] is True
    assert _api(pub.staff).get(f"{API}/preferences").status_code == 403


def test_a_nul_character_is_refused_in_chinese(pub):
    r = _post(
        _api(pub.publicity),
        "/broadcasts",
        {
            "title": "a\x00b",
            "body": "{姓名}",
            "send_sms": True,
            "organization": pub.org.edu1.pk,
        },
    )
    assert r.status_code == 422 and "空字符" in r.content.decode()
