"""The lifecycle API: admission, classes, photos, certificates, on the same services."""

from __future__ import annotations

import datetime as dt
import io
import json

from PIL import Image

from tests.conftest import make_id_number
from tests.lifecycle.conftest import client_for
from tongxin.lifecycle.models import Application, Certificate, MemberPhoto

D = dt.date
V1 = "/api/v1/lifecycle"


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_admission_through_the_api(people, org, intro):
    head = client_for(people.head)
    body = {
        "name": "褚申请",
        "id_number": make_id_number(D(1991, 1, 1), True, 51),
        "organization": org.edu1.pk,
        "introducer_1": intro.a.pk,
        "introducer_2": intro.b.pk,
        "applied_on": "2024-02-01",
    }
    r = post(head, f"{V1}/applications", {**body, "id_number": intro.a.id_number})
    assert r.status_code == 422 and "已是会员" in r.json()["detail"]
    r = post(head, f"{V1}/applications", body)
    assert r.status_code == 201
    data = r.json()
    assert data["status"] == "submitted" and "*" in data["id_number"]
    pk = data["id"]
    r = post(head, f"{V1}/applications/{pk}/transitions", {"action": "approve"})
    assert r.status_code == 400
    r = post(
        head,
        f"{V1}/applications/{pk}/transitions",
        {"action": "review", "on": "2024-02-05"},
    )
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    r = post(head, f"{V1}/applications/{pk}/transitions", {"action": "approve"})
    assert r.status_code == 403
    staff = client_for(people.staff)
    r = post(
        staff,
        f"{V1}/applications/{pk}/transitions",
        {"action": "approve", "on": "2024-03-01"},
    )
    assert r.status_code == 200
    assert [s["action"] for s in r.json()["steps"]] == ["submit", "review", "approve"]
    assert r.json()["member"]
    listed = staff.get(f"{V1}/applications", {"status": "approved"}).json()
    assert [a["name"] for a in listed] == ["褚申请"]
    assert client_for(people.member).get(f"{V1}/applications").status_code == 403
    assert Application.objects.count() == 1


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (500, 500), (10, 200, 10)).save(out, "PNG")
    return out.getvalue()


def test_a_class_photos_and_certificates_through_the_api(people, org, make_member):
    staff = client_for(people.staff)
    a = make_member(org.edu1, "蒋学员")
    r = post(
        staff,
        f"{V1}/classes",
        {
            "name": "2024年新会员培训班",
            "organization": org.city.pk,
            "start_on": "2024-05-10",
            "end_on": "2024-05-09",
        },
    )
    assert r.status_code == 422 and "结业日期" in r.json()["detail"]
    r = post(
        staff,
        f"{V1}/classes",
        {
            "name": "2024年新会员培训班",
            "organization": org.city.pk,
            "start_on": "2024-05-10",
            "end_on": "2024-05-12",
        },
    )
    pk = r.json()["id"]
    assert (
        post(
            staff,
            f"{V1}/classes/{pk}/sessions",
            {"on": "2024-05-11", "title": "参政议政"},
        ).status_code
        == 201
    )
    r = post(staff, f"{V1}/classes/{pk}/attendees", {"members": [a.pk]})
    attendee = r.json()["attendees"][0]["id"]
    r = post(staff, f"{V1}/classes/{pk}/completions", {"attendees": [attendee]})
    assert r.json()["attendees"][0]["completed_on"] == "2024-05-12"
    r = staff.post(
        f"{V1}/members/{a.pk}/photo",
        {"photo": io.BytesIO(b"plain text")},
    )
    assert r.status_code == 422
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = staff.post(
        f"{V1}/members/{a.pk}/photo",
        {"photo": SimpleUploadedFile("p.png", _png(), content_type="image/png")},
    )
    assert r.status_code == 201 and r.json()["width"] == 300
    assert MemberPhoto.objects.filter(member=a).exists()
    r = post(staff, f"{V1}/classes/{pk}/certificates", {})
    assert r.status_code == 201 and r.json()[0]["number"] == "20240001"
    cards = staff.get(f"{V1}/classes/{pk}/cards")
    assert cards.status_code == 200 and cards.content.startswith(b"%PDF")
    cert = Certificate.objects.get(member=a)
    r = post(
        staff,
        f"{V1}/certificates/{cert.pk}/replace",
        {"on": "2025-01-02", "number": "20240001"},
    )
    assert r.status_code == 422 and "已被使用" in r.json()["detail"]
    cert.refresh_from_db()
    assert cert.status == "valid"
    r = post(staff, f"{V1}/certificates/{cert.pk}/replace", {"on": "2025-01-02"})
    assert r.status_code == 201 and r.json()["number"] == "20250001"
    card = staff.get(f"{V1}/members/{a.pk}").json()
    assert [c["status"] for c in card["certificates"]] == ["void", "valid"] and card[
        "has_photo"
    ]
    new = Certificate.objects.get(member=a, status="valid")
    assert staff.get(f"{V1}/certificates/{new.pk}/card").status_code == 200
    b = make_member(org.edu2, "沈学员")
    r = post(
        staff,
        f"{V1}/members/{b.pk}/certificates",
        {"issued_on": "2025-02-01", "number": "20250001"},
    )
    assert r.status_code == 422
    r = post(
        staff,
        f"{V1}/members/{b.pk}/certificates",
        {"issued_on": "2025-02-01", "number": "DL-88"},
    )
    assert r.status_code == 201 and r.json()["number"] == "DL-88"
    assert client_for(people.head).get(f"{V1}/members/{b.pk}").status_code == 404
