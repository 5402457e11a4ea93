"""Applying to join online: the applicant's mobile proved by SMS, the form
with its scan, introducers matched without revealing the roster, and the two
introducers confirming from 会员之家 until the application reaches review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.activities.conftest import login_user
from tests.conftest import make_id_number
from tests.memberhome.conftest import MEMBER_MOBILE, STAFF_MOBILE, code_sent_to
from tongxin.audit.models import AuditEvent
from tongxin.lifecycle.models import Application, ApplicationStep
from tongxin.memberhome.models import SmsFailure, SmsLock

APPLICANT = "13700000055"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def verified_client(provider, mobile=APPLICANT) -> Client:
    c = Client()
    r = c.get("/m/join/")
    assert r.status_code == 200 and "申请入会" in r.content.decode()
    assert c.post("/m/join/", {"phone": mobile}).status_code == 302
    r = c.get("/m/join/code/")
    assert r.status_code == 200
    code = code_sent_to(provider, mobile)
    assert c.post("/m/join/code/", {"code": code})["Location"] == "/m/join/apply/"
    return c


def form_data(home, **over):
    data = {
        "organization": home.org.edu1.pk,
        "name": "周申请",
        "gender": "女",
        "birth_date": "1990-05-06",
        "id_number": make_id_number(dt.date(1990, 5, 6), True, 3),
        "work_unit": "市第一中学",
        "job": "教师",
        "scan": SimpleUploadedFile("表.pdf", PDF, "application/pdf"),
        "introducer_1_name": "张传吉",
        "introducer_1_mobile": MEMBER_MOBILE,
        "introducer_2_name": "陈立",
        "introducer_2_mobile": STAFF_MOBILE,
    }
    data.update(over)
    return data


def test_apply_online_then_two_introducers_confirm(
    home, provider, django_capture_on_commit_callbacks
):
    c = verified_client(provider)
    page = c.get("/m/join/apply/").content.decode()
    assert home.org.edu1.name in page and "第一介绍人手机号" in page
    r = c.post("/m/join/apply/", form_data(home))
    assert r.status_code == 302, r.content.decode()
    app = Application.objects.get()
    assert app.status == "introducing" and app.mobile == APPLICANT
    assert app.scan and app.scan_type == "application/pdf"
    assert AuditEvent.objects.filter(action="join_apply").exists()
    status = Client().get(r["Location"]).content.decode()
    assert "待介绍人确认" in status and "周申请" in status

    zhang = Client()
    zhang.force_login(home.zhang)
    mine = zhang.get("/m/").content.decode()
    assert "待我确认的入会介绍" in mine and "周申请" in mine
    assert zhang.post(f"/m/introductions/{app.pk}/confirm/").status_code == 302
    app.refresh_from_db()
    assert app.status == "introducing" and app.introducer_1_confirmed_on
    assert "待我确认的入会介绍" not in zhang.get("/m/").content.decode()
    # Confirming twice is refused.
    zhang.post(f"/m/introductions/{app.pk}/confirm/")
    assert ApplicationStep.objects.filter(action="confirm").count() == 1

    chen = Client()
    chen.force_login(home.chen)
    with django_capture_on_commit_callbacks(execute=True):
        chen.post(f"/m/introductions/{app.pk}/confirm/")
    app.refresh_from_db()
    assert app.status == "submitted"
    steps = list(app.steps.values_list("action", "by__username"))
    assert steps == [("submit", None), ("confirm", "zhang"), ("confirm", "chen")]
    texts = [m["text"] for m in provider.requests if m["to"] == f"+86{APPLICANT}"]
    assert any("两位介绍人均已确认" in t for t in texts)
    # Staff see it waiting for the base organization's review.
    staff = chen.get("/lifecycle/").content.decode()
    assert "周申请" in staff and "待基层组织审核" in staff
    # ... and download the scanned form from the application's page.
    detail = chen.get(f"/lifecycle/applications/{app.pk}/").content.decode()
    assert f"/lifecycle/applications/{app.pk}/scan/" in detail
    scan = chen.get(f"/lifecycle/applications/{app.pk}/scan/")
    assert scan.status_code == 200 and scan["Content-Type"] == "application/pdf"
    assert b"".join(scan.streaming_content) == PDF
    assert "private" in scan["Cache-Control"]
    assert "attachment" in scan["Content-Disposition"]
    # Someone outside the application's scope is not told it exists.
    outsider = Client()
    outsider.force_login(login_user("outsider_scan", root=home.root))
    assert outsider.get(f"/lifecycle/applications/{app.pk}/scan/").status_code == 404


def test_someone_else_cannot_confirm(home, provider, org, people, make_member):
    c = verified_client(provider)
    c.post("/m/join/apply/", form_data(home))
    app = Application.objects.get()
    other = login_user(
        "other", root=people.root, member=make_member(org.edu1, "王其他")
    )
    o = Client()
    o.force_login(other)
    assert o.post(f"/m/introductions/{app.pk}/confirm/").status_code == 404
    assert Client().post(f"/m/introductions/{app.pk}/confirm/").status_code == 302
    app.refresh_from_db()
    assert app.introducer_1_confirmed_on is None and app.status == "introducing"


def test_decline_needs_a_reason_and_rejects(home, provider):
    c = verified_client(provider)
    c.post("/m/join/apply/", form_data(home))
    app = Application.objects.get()
    zhang = Client()
    zhang.force_login(home.zhang)
    zhang.post(f"/m/introductions/{app.pk}/decline/", {"comment": ""})
    app.refresh_from_db()
    assert app.status == "introducing"
    zhang.post(f"/m/introductions/{app.pk}/decline/", {"comment": "不了解其情况"})
    app.refresh_from_db()
    assert app.status == "rejected"
    assert app.steps.get(action="decline").comment == "不了解其情况"


@pytest.mark.parametrize(
    "over",
    [
        {"introducer_1_name": "张传"},  # wrong name
        {"introducer_1_mobile": "13911112222"},  # wrong mobile
        {"introducer_2_name": "不存在", "introducer_2_mobile": "13911113333"},
    ],
)
def test_unmatched_introducers_same_answer_nothing_written(home, provider, over):
    c = verified_client(provider)
    r = c.post("/m/join/apply/", form_data(home, **over))
    assert r.status_code == 400
    assert "介绍人姓名与手机号不匹配，或不是在册会员" in r.content.decode()
    assert not Application.objects.exists()
    assert SmsFailure.objects.filter(counted=True).count() == 1


def test_probing_introducers_locks_the_number(home, provider, settings):
    c = verified_client(provider)
    for _i in range(settings.TONGXIN_SMS_CODE_FAILURES):
        c.post("/m/join/apply/", form_data(home, introducer_1_name="猜"))
    assert SmsLock.objects.count() == 1
    r = c.post("/m/join/apply/", form_data(home))
    assert r.status_code == 302 and r["Location"] == "/m/join/"
    assert not Application.objects.exists()


def test_bad_scan_and_wrong_code_refused(home, provider):
    c = verified_client(provider)
    scan = SimpleUploadedFile("表.pdf", b"MZ not a pdf", "application/pdf")
    r = c.post("/m/join/apply/", form_data(home, scan=scan))
    assert r.status_code == 400 and not Application.objects.exists()
    d = Client()
    d.post("/m/join/", {"phone": "13700000066"})
    r = d.post("/m/join/code/", {"code": "000000"})
    assert r.status_code in (200, 400) and "验证码" in r.content.decode()
    assert d.get("/m/join/apply/")["Location"] == "/m/join/"


def test_status_link_unknown_token_is_404(db):
    assert Client().get("/m/join/status/nope/").status_code == 404


def test_introducers_confirm_and_decline_through_the_api(home, provider):
    import json

    c = verified_client(provider)
    c.post("/m/join/apply/", form_data(home))
    app = Application.objects.get()
    zhang, chen = Client(), Client()
    zhang.force_login(home.zhang)
    chen.force_login(home.chen)
    v1 = "/api/v1/lifecycle/introductions"
    listed = zhang.get(v1).json()
    assert [(i["id"], i["name"], i["status"]) for i in listed] == [
        (app.pk, "周申请", "introducing")
    ]
    assert "id_number" not in listed[0] and "mobile" not in listed[0]
    r = zhang.post(f"{v1}/{app.pk}/confirm", "{}", content_type="application/json")
    assert r.status_code == 200 and r.json()["confirmed_on"]
    again = zhang.post(f"{v1}/{app.pk}/confirm", "{}", content_type="application/json")
    assert again.status_code in (400, 409, 422) and "已确认" in again.json()["detail"]
    assert zhang.get(v1).json() == []
    empty = json.dumps({"comment": ""})
    r = chen.post(f"{v1}/{app.pk}/decline", empty, content_type="application/json")
    assert r.status_code == 422
    body = json.dumps({"comment": "不了解其情况"})
    r = chen.post(f"{v1}/{app.pk}/decline", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    other = Client()
    other.force_login(home.staff)
    r = other.post(f"{v1}/{app.pk}/confirm", "{}", content_type="application/json")
    assert r.status_code == 404
