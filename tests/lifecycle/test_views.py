"""The lifecycle pages: who reaches them, and the way through them."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import make_id_number
from tests.lifecycle.conftest import client_for
from tongxin.lifecycle.models import Application, Attendee, Certificate, MemberPhoto

D = dt.date


def test_a_head_registers_and_reviews_staff_approve_in_the_ui(people, org, intro):
    head = client_for(people.head)
    r = head.post(
        reverse("lifecycle:application_new"),
        {
            "name": "吴申请",
            "id_number": make_id_number(D(1990, 2, 2), False, 41),
            "organization": org.edu1.pk,
            "introducer_1": intro.a.pk,
            "introducer_2": intro.a.pk,
            "applied_on": "2024-03-01",
        },
    )
    assert r.status_code == 400 and "同一人" in r.content.decode()
    assert not Application.objects.exists()
    r = head.post(
        reverse("lifecycle:application_new"),
        {
            "name": "吴申请",
            "id_number": make_id_number(D(1990, 2, 2), False, 41),
            "organization": org.edu1.pk,
            "introducer_1": intro.a.pk,
            "introducer_2": intro.b.pk,
            "applied_on": "2024-03-01",
        },
    )
    app = Application.objects.get()
    assert r.status_code == 302
    page = head.get(reverse("lifecycle:application", args=[app.pk]))
    assert "基层组织审核通过" in page.content.decode()
    head.post(
        reverse("lifecycle:application_act", args=[app.pk]),
        {"action": "review", "on": "2024-03-05", "version": app.version},
    )
    r = head.post(
        reverse("lifecycle:application_act", args=[app.pk]),
        {"action": "approve", "on": "2024-03-06"},
    )
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == "reviewed"
    staff = client_for(people.staff)
    staff.post(
        reverse("lifecycle:application_act", args=[app.pk]),
        {"action": "approve", "on": "2024-04-01"},
    )
    app.refresh_from_db()
    assert app.status == "approved" and app.member.name == "吴申请"
    listing = client_for(people.leader).get(
        reverse("lifecycle:applications"), {"status": "approved"}
    )
    assert "吴申请" in listing.content.decode()
    assert (
        client_for(people.member).get(reverse("lifecycle:applications")).status_code
        == 403
    )


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_a_class_from_opening_to_printed_cards(people, org, make_member):
    staff = client_for(people.staff)
    a = make_member(org.edu1, "郑学员")
    b = make_member(org.edu2, "冯学员", female=True)
    r = staff.post(
        reverse("lifecycle:class_new"),
        {
            "name": "2014年新会员培训班",
            "organization": org.city.pk,
            "start_on": "2014-06-10",
            "end_on": "2014-06-12",
        },
    )
    assert r.status_code == 302
    pk = int(r["Location"].rstrip("/").split("/")[-1])
    staff.post(
        reverse("lifecycle:class_session", args=[pk]),
        {"on": "2014-06-10", "title": "会章学习", "speaker": "王主委"},
    )
    r = staff.post(
        reverse("lifecycle:class_attendees", args=[pk]), {"names": "郑学员、无此人"}
    )
    page = staff.get(reverse("lifecycle:class_detail", args=[pk])).content.decode()
    assert "找不到在册会员“无此人”" in page
    staff.post(
        reverse("lifecycle:class_attendees", args=[pk]), {"names": "郑学员，冯学员"}
    )
    ids = [
        str(x)
        for x in Attendee.objects.filter(training_class_id=pk).values_list(
            "pk", flat=True
        )
    ]
    staff.post(
        reverse("lifecycle:class_complete", args=[pk]), {"attendee": ids, "on": ""}
    )
    staff.post(
        reverse("lifecycle:class_certify", args=[pk]), {"issued_on": "2014-06-12"}
    )
    page = staff.get(reverse("lifecycle:class_detail", args=[pk])).content.decode()
    assert "20140001" in page and "20140002" in page and "会章学习" in page
    cards = staff.get(reverse("lifecycle:class_cards", args=[pk]))
    assert cards.status_code == 200 and cards["Content-Type"] == "application/pdf"
    assert cards.content.startswith(b"%PDF")
    assert (
        client_for(people.head)
        .get(reverse("lifecycle:class_cards", args=[pk]))
        .status_code
        == 404
    )
    # Photos and a replacement on the member page.
    r = staff.post(
        reverse("lifecycle:photo_upload", args=[a.pk]),
        {"photo": SimpleUploadedFile("a.png", _png(), content_type="image/png")},
    )
    assert MemberPhoto.objects.filter(member=a).exists()
    r = staff.post(
        reverse("lifecycle:photo_upload", args=[b.pk]),
        {
            "photo": SimpleUploadedFile(
                "b.png", b"GIF89a not really", content_type="image/png"
            )
        },
    )
    page = staff.get(reverse("lifecycle:member", args=[b.pk])).content.decode()
    assert "不是图片" in page and not MemberPhoto.objects.filter(member=b).exists()
    image = staff.get(reverse("lifecycle:photo", args=[a.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    cert = Certificate.objects.get(member=a)
    staff.post(
        reverse("lifecycle:certificate_replace", args=[cert.pk]),
        {"on": "2015-01-01", "reason": "遗失"},
    )
    cert.refresh_from_db()
    assert cert.status == "void"
    new = Certificate.objects.get(member=a, status="valid")
    card = staff.get(reverse("lifecycle:certificate_card", args=[new.pk]))
    assert card.status_code == 200
    r = staff.post(
        reverse("lifecycle:certificate_issue", args=[b.pk]),
        {"issued_on": "2015-01-01", "number": "20140001"},
    )
    assert "已有有效的会员证" in staff.get(r["Location"]).content.decode()


def test_a_member_sees_and_prints_their_own_card_but_nobody_elses(
    people, org, make_member
):
    from tongxin.lifecycle import services

    mine = services.certificate_issue(
        by=people.root, member=people.member_record, issued_on=D(2024, 1, 5)
    )
    other = make_member(org.edu2, "王同事")
    theirs = services.certificate_issue(
        by=people.root, member=other, issued_on=D(2024, 1, 5)
    )
    member = client_for(people.member)

    record = member.get(reverse("members:detail", args=[people.member_record.pk]))
    assert "会员证与照片" in record.content.decode()
    page = member.get(reverse("lifecycle:member", args=[people.member_record.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert mine.number in body
    # Read-only for the member: no upload, no issuing, no replacing.
    assert "上传照片" not in body and "作废并补发" not in body
    assert "入会申请" not in body  # the staff sub-navigation is not shown
    card = member.get(reverse("lifecycle:certificate_card", args=[mine.pk]))
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"

    assert member.get(reverse("lifecycle:member", args=[other.pk])).status_code == 404
    assert (
        member.get(reverse("lifecycle:certificate_card", args=[theirs.pk])).status_code
        == 404
    )
    r = member.post(
        reverse("lifecycle:certificate_issue", args=[people.member_record.pk]),
        {"issued_on": "2024-02-01"},
    )
    assert r.status_code == 403
    assert Certificate.objects.filter(member=people.member_record).count() == 1
