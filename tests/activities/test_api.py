"""The activity endpoints under /api/v1/activities: same services, same policy."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.activities.conftest import jpeg_bytes
from tongxin.activities import services
from tongxin.activities.models import (
    Attendance,
    Donation,
    Event,
    FundEntry,
    Photo,
    ServiceActivity,
    Signup,
)

API = "/api/v1/activities"


@pytest.fixture
def api(act):
    """Return a function giving a JSON client logged in as ``act.<name>``."""

    class Api:
        def __init__(self, user):
            self.client = Client()
            self.client.force_login(user)

        def get(self, url, **params):
            return self.client.get(API + url, params)

        def send(self, method, url, data=None):
            return getattr(self.client, method)(
                API + url, data or {}, content_type="application/json"
            )

        def post(self, url, data=None):
            return self.send("post", url, data)

    return lambda name: Api(getattr(act, name))


def iso(delta: dt.timedelta) -> str:
    return (timezone.now() + delta).replace(microsecond=0).isoformat()


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- events -----------------------------------------------------------------------------


def test_listing_events_by_who_asks(act, make_event, api):
    make_event(title="全市讲座")
    make_event(act.org.edu1, by=act.head, title="一支部读书会")
    titles = lambda name: [e["title"] for e in api(name).get("/events").json()["items"]]  # noqa: E731
    assert sorted(titles("staff")) == ["一支部读书会", "全市讲座"]
    assert titles("member") == ["全市讲座"]
    assert titles("outsider") == []
    assert Client().get(API + "/events").status_code == 401
    bad = api("staff").get("/events", cursor="!!")
    assert bad.status_code == 422 and "翻页游标无效" in bad.json()["detail"]


def test_creating_events(act, api):
    data = {
        "organization": act.org.edu1.pk,
        "title": "一支部座谈会",
        "kind": "seminar",
        "start_at": iso(dt.timedelta(days=3)),
        "end_at": iso(dt.timedelta(days=3, hours=2)),
        "capacity": 30,
    }
    response = api("head").post("/events", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organization"]["code"] == "G1B1"
    assert body["capacity"] == 30 and body["confirmed_count"] == 0
    # The committee is outside the head's reach (422); the leader sees it but
    # may not organize there (403).
    outside = api("head").post("/events", {**data, "organization": act.org.city.pk})
    assert outside.status_code == 422
    by_leader = api("leader").post("/events", {**data, "organization": act.org.city.pk})
    assert by_leader.status_code == 403 and chinese(by_leader.json()["detail"])
    assert api("zhang").post("/events", data).status_code == 403
    bad = api("staff").post("/events", {**data, "end_at": iso(dt.timedelta(days=2))})
    assert bad.status_code == 422
    assert "结束时间不能早于开始时间。" in bad.json()["detail"]
    unknown = api("staff").post("/events", {**data, "kind": "party"})
    assert unknown.status_code == 422 and chinese(unknown.json()["detail"])
    assert Event.objects.count() == 1


def test_reading_updating_and_cancelling_an_event(act, make_event, api):
    event = make_event(act.org.edu1, by=act.head)
    url = f"/events/{event.pk}"
    assert api("member").get(url).status_code == 404
    assert api("zhang").get(url).json()["my_signup"] is None
    changed = api("head").send("patch", url, {"version": 1, "place": "会议室"})
    assert changed.status_code == 200 and changed.json()["place"] == "会议室"
    stale = api("head").send("patch", url, {"version": 1, "place": "礼堂"})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    assert (
        api("staff").send("patch", url, {"version": 2, "capacity": 0}).status_code
        == 422
    )
    cancelled = api("head").post(url + "/cancel", {"reason": "下雨"})
    assert cancelled.json()["status"] == "cancelled"
    again = api("head").post(url + "/cancel", {})
    assert again.status_code == 400 and "取消" in again.json()["detail"]


def test_signing_up_through_the_api(act, make_event, api):
    event = make_event(capacity=1)
    url = f"/events/{event.pk}/signups"
    first = api("zhang").post(url)
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    twice = api("zhang").post(url)
    assert twice.status_code == 400
    assert twice.json()["detail"] == "您已报名此活动，不能重复报名。"
    other = api("zhang").post(url, {"member": act.wang_record.pk})
    assert other.status_code == 403
    assert other.json()["detail"] == "您只能为自己报名。"
    outside = api("head").post(url, {"member": act.li_record.pk})
    assert outside.status_code == 422  # 李晓梅 (edu2) is outside the head's branch
    by_head = api("head").post(url, {"member": act.wang_record.pk})
    assert by_head.status_code == 201 and by_head.json()["status"] == "waiting"
    assert api("staff").post(url).status_code == 422  # no member record of their own
    assert Signup.objects.count() == 2

    listed = api("leader").get(url)
    assert [s["member"]["name"] for s in listed.json()] == ["张传吉", "王芳"]
    assert api("zhang").get(url).status_code == 403

    cancel = api("zhang").post(f"{url}/{first.json()['id']}/cancel")
    assert cancel.status_code == 200
    assert cancel.json()["cancelled"]["status"] == "cancelled"
    assert [s["member"]["name"] for s in cancel.json()["promoted"]] == ["王芳"]
    assert api("zhao").post(f"{url}/{first.json()['id']}/cancel").status_code == 404


def test_signups_after_the_deadline_or_on_a_cancelled_event(act, make_event, api):
    closed = make_event(signup_deadline=timezone.now() - dt.timedelta(minutes=1))
    response = api("zhang").post(f"/events/{closed.pk}/signups")
    assert response.status_code == 400 and "截止" in response.json()["detail"]
    cancelled = make_event()
    services.event_cancel(event=cancelled, by=act.staff)
    response = api("zhang").post(f"/events/{cancelled.pk}/signups")
    assert response.status_code == 400 and "已取消" in response.json()["detail"]
    assert not Signup.objects.exists()


@pytest.fixture
def running(act, make_event):
    event = make_event(starts_in=dt.timedelta(days=1))
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    start = timezone.now() - dt.timedelta(minutes=30)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=2)
    )
    event.refresh_from_db()
    return event


def test_attendance_through_the_api(act, running, api):
    url = f"/events/{running.pk}/attendance"
    body = {"members": [act.zhang_record.pk, act.zhao_record.pk]}
    assert api("head").post(url, body).status_code == 403
    response = api("staff").post(url, body)
    assert response.status_code == 200
    flags = {a["member"]["name"]: a["walk_in"] for a in response.json()["created"]}
    assert flags == {"张传吉": False, "赵明": True}
    assert len(api("leader").get(url).json()) == 2
    assert api("zhang").get(url).status_code == 403
    removed = api("staff").send("delete", f"{url}/{act.zhao_record.pk}")
    assert removed.status_code == 204
    assert api("staff").send("delete", f"{url}/{act.zhao_record.pk}").status_code == 404
    assert Attendance.objects.count() == 1


def test_qr_checkin_through_the_api(act, running, api):
    token_url = f"/events/{running.pk}/checkin-token"
    assert api("zhang").get(token_url).status_code == 403
    token = api("staff").get(token_url).json()
    assert token["url"].endswith(f"/activities/checkin/{token['token']}/")
    done = api("wang").post("/checkin", {"token": token["token"]})
    assert done.status_code == 201 and done.json()["walk_in"] is True
    again = api("wang").post("/checkin", {"token": token["token"]})
    assert again.status_code == 400 and "无需重复签到" in again.json()["detail"]
    forged = api("zhang").post("/checkin", {"token": token["token"] + "x"})
    assert forged.status_code == 400 and "签到二维码无效" in forged.json()["detail"]
    attended = api("wang").get(f"/members/{act.wang_record.pk}/attended")
    assert [a["event"]["id"] for a in attended.json()] == [running.pk]
    assert (
        api("zhang").get(f"/members/{act.wang_record.pk}/attended").status_code == 404
    )


def test_series_and_statistics(act, api):
    created = api("staff").post(
        "/series", {"organization": act.org.city.pk, "name": "同心杯", "kind": "sports"}
    )
    assert created.status_code == 201
    series = services.series_create(
        by=act.staff, organization=act.org.city, name="徒步大会", kind="walking"
    )
    for edition, year in ((10, 2012), (11, 2013)):
        start = timezone.make_aware(dt.datetime(year, 5, 19, 8))
        event = services.event_create(
            by=act.staff, organization=act.org.city, title=f"第{edition}届",
            kind="walking", start_at=start, end_at=start, series=series, edition=edition,
        )  # fmt: skip
        services.attendance_import(
            event=event, members=[act.zhang_record], by=act.staff
        )
    detail = api("zhang").get(f"/series/{series.pk}").json()
    assert [e["participants"] for e in detail["editions"]] == [1, 1]
    assert detail["streak"]["current"] == 2 and detail["my_streak"]["longest"] == 2
    stats = api("leader").get("/stats/attendance-by-year")
    assert stats.json() == [{"year": 2012, "count": 1}, {"year": 2013, "count": 1}]
    assert api("head").get("/stats/attendance-by-year", by="organizer").json() == []
    assert api("zhang").get("/stats/attendance-by-year").status_code == 403
    assert api("staff").get("/stats/attendance-by-year", by="x").status_code == 422


# --- social service -------------------------------------------------------------------------


def test_programs_activities_and_donations(act, api):
    partner = api("service").post(
        "/partners",
        {
            "organization": act.org.city.pk,
            "name": "大谭乡敬老院",
            "kind": "nursing_home",
        },
    )
    assert partner.status_code == 201
    created = api("service").post(
        "/programs",
        {
            "organization": act.org.city.pk,
            "name": "送医送药",
            "kind": "medical",
            "partner": partner.json()["id"],
        },  # fmt: skip
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    assert (
        api("staff")
        .post(
            "/programs", {"organization": act.org.city.pk, "name": "X", "kind": "other"}
        )
        .status_code
        == 403
    )
    activity = {
        "title": "2013年义诊",
        "held_on": "2013-10-12",
        "volunteers": [{"member": act.zhang_record.pk, "hours": "三"}],
        "beneficiaries": [{"kind": "elderly", "count": 60}],
        "outcomes": [{"item": "建立健康档案", "quantity": 60, "unit": "份"}],
    }
    bad = api("service").post(f"/programs/{pid}/activities", activity)
    assert (
        bad.status_code == 422 and "服务时长应为不小于 0 的数字" in bad.json()["detail"]
    )
    negative = api("service").post(
        f"/programs/{pid}/activities",
        {**activity, "volunteers": [{"member": act.zhang_record.pk, "hours": -1}]},
    )
    assert negative.status_code == 422 and "不能为负数" in negative.json()["detail"]
    assert not ServiceActivity.objects.exists()
    activity["volunteers"][0]["hours"] = 3.5
    ok = api("service").post(f"/programs/{pid}/activities", activity)
    assert ok.status_code == 201, ok.content
    aid = ok.json()["id"]
    assert ok.json()["volunteers"][0]["hours"] == "3.5"

    donation = {
        "kind": "goods",
        "value": -1,
        "description": "药品",
        "donor_name": "某药店",
    }
    assert (
        api("service")
        .post(f"/service-activities/{aid}/donations", donation)
        .status_code
        == 422
    )
    donation["value"] = "abc"
    assert (
        api("service")
        .post(f"/service-activities/{aid}/donations", donation)
        .status_code
        == 422
    )
    donation["value"] = "20500.00"
    done = api("service").post(f"/service-activities/{aid}/donations", donation)
    assert done.status_code == 201 and done.json()["value"] == "20500.00"
    assert Donation.objects.count() == 1

    base = api("service").post(
        f"/programs/{pid}/bases", {"name": "义诊点", "plaque_on": "2013-10-12"}
    )
    assert base.status_code == 201
    detail = api("leader").get(f"/programs/{pid}").json()
    assert detail["total"]["goods"] == "20500.00"
    assert detail["streak"]["years"] == [2013]
    assert detail["bases"][0]["name"] == "义诊点"
    assert api("zhang").get(f"/programs/{pid}").status_code == 404
    patched = api("service").send(
        "patch",
        f"/programs/{pid}",
        {"version": 1, "started_on": "2013-01-01", "ended_on": "2000-01-01"},
    )
    assert patched.status_code == 422
    assert len(api("leader").get(f"/programs/{pid}/activities").json()) == 1


def test_funds(act, api):
    created = api("service").post(
        "/funds", {"organization": act.org.city.pk, "name": "奖励基金"}
    )
    assert created.status_code == 201
    fid = created.json()["id"]
    url = f"/funds/{fid}/entries"
    over = api("service").post(
        url,
        {"direction": "out", "on": "2014-01-01", "amount": 100, "party_name": "学生"},
    )
    assert over.status_code == 422 and "基金余额不足" in over.json()["detail"]
    api("service").post(
        url,
        {"direction": "in", "on": "2013-01-01", "amount": "5000", "party_name": "宜华"},
    )
    api("service").post(url, {"direction": "out", "on": "2014-01-01", "amount": 1000,
                              "party_member": act.zhang_record.pk})  # fmt: skip
    detail = api("leader").get(f"/funds/{fid}").json()
    assert detail["balance"] == "4000.00"
    assert [y["year"] for y in detail["years"]] == [2013, 2014]
    assert (
        api("staff")
        .post(
            url, {"direction": "in", "on": "2013-01-01", "amount": 1, "party_name": "x"}
        )
        .status_code
        == 403
    )
    assert FundEntry.objects.count() == 2


# --- photos ---------------------------------------------------------------------------------


def test_photos_through_the_api(act, api, make_event):
    client = api("publicity").client
    fake = SimpleUploadedFile("a.jpg", b"not an image at all")
    refused = client.post(
        API + "/photos",
        {"image": fake, "caption": "x", "organization": act.org.city.pk, "year": 1990},
    )
    assert refused.status_code == 422 and "不是图片文件" in refused.json()["detail"]
    wrong_ext = SimpleUploadedFile("a.gif", jpeg_bytes())
    refused = client.post(
        API + "/photos",
        {
            "image": wrong_ext,
            "caption": "x",
            "organization": act.org.city.pk,
            "year": 1990,
        },
    )
    assert refused.status_code == 422 and "不符" in refused.json()["detail"]
    assert not Photo.objects.exists()
    good = SimpleUploadedFile("a.jpg", jpeg_bytes())
    created = client.post(
        API + "/photos",
        {
            "image": good,
            "caption": "1990年合影",
            "organization": act.org.city.pk,
            "taken_on": "1990-05-01",
        },
    )
    assert created.status_code == 201, created.content
    photo = created.json()
    assert photo["year"] == 1990
    image = api("zhang").client.get(photo["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert api("outsider").get(f"/photos/{photo['id']}").status_code == 404
    assert [p["id"] for p in api("zhang").get("/photos", decade=1990).json()] == [
        photo["id"]
    ]
    patched = api("publicity").send(
        "patch",
        f"/photos/{photo['id']}",
        {"version": 1, "people": [act.zhang_record.pk]},
    )
    assert (
        patched.status_code == 200 and patched.json()["people"][0]["name"] == "张传吉"
    )
    assert api("staff").send("delete", f"/photos/{photo['id']}").status_code == 403
    assert api("publicity").send("delete", f"/photos/{photo['id']}").status_code == 204
    assert not Photo.objects.exists()


def test_out_of_range_numbers_are_invalid_input_not_errors(act, api):
    huge = str(10**20)
    assert api("staff").get("/photos", decade=huge).status_code == 422
    assert api("staff").get("/photos", year="1800").status_code == 422
    assert api("staff").get("/stats/attendance-by-year", org=huge).status_code == 422
    assert api("staff").get("/events", series=huge).status_code == 422
    assert api("staff").get(f"/events/{huge}").status_code == 422
    client = api("publicity").client
    upload = SimpleUploadedFile("a.jpg", jpeg_bytes())
    response = client.post(
        API + "/photos", {"image": upload, "caption": "x", "organization": huge}
    )
    assert response.status_code == 422 and chinese(response.json()["detail"])
