"""Training classes, card photos and certificates, down to the printed card."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tongxin.core import files
from tongxin.core.errors import ServiceError
from tongxin.lifecycle import services
from tongxin.lifecycle.models import Attendee, Certificate, MemberPhoto
from tongxin.members.models import Member

D = dt.date


def jpeg(size=(640, 480), color=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return SimpleUploadedFile("照片.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def klass(people, org, make_member):
    c = services.class_create(
        by=people.staff,
        organization=org.city,
        name="2024年新会员培训班",
        start_on=D(2024, 5, 10),
        end_on=D(2024, 5, 12),
        place="市委会会议室",
    )
    a = make_member(org.edu1, "孙学员")
    b = make_member(org.direct, "周学员", female=True)
    services.session_add(
        by=people.staff, training_class=c, on=D(2024, 5, 10), title="会史教育"
    )
    services.attendee_add(by=people.staff, training_class=c, members=[a, b])
    return c, a, b


def test_a_class_has_sessions_attendees_and_completion(people, klass):
    c, a, b = klass
    with pytest.raises(ValidationError):
        services.session_add(
            by=people.staff, training_class=c, on=D(2024, 6, 1), title="x"
        )
    with pytest.raises(ValidationError) as err:
        services.attendee_add(by=people.staff, training_class=c, members=[a])
    assert "已在此培训班中" in str(err.value)
    with pytest.raises(PermissionDenied):
        services.session_add(
            by=people.head, training_class=c, on=D(2024, 5, 11), title="x"
        )
    first = Attendee.objects.get(training_class=c, member=a)
    services.attendee_complete(by=people.staff, training_class=c, attendees=[first])
    first.refresh_from_db()
    assert first.completed_on == D(2024, 5, 12)
    assert (
        Attendee.objects.filter(training_class=c, completed_on__isnull=True).count()
        == 1
    )


def test_a_photo_is_checked_cropped_and_stored_under_a_generated_name(
    people, klass, settings, django_capture_on_commit_callbacks
):
    _c, a, _b = klass
    photo = services.photo_upload(by=people.head, member=a, upload=jpeg())
    stored = files.resolve(photo.file)
    assert stored.is_file() and "照片" not in photo.file
    with Image.open(stored) as im:
        assert im.size == (300, 400)
    first = photo.file
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_upload(by=people.head, member=a, upload=jpeg((300, 900)))
    assert not files.resolve(first).exists()
    bad = SimpleUploadedFile(
        "假照片.jpg", b"not an image at all", content_type="image/jpeg"
    )
    with pytest.raises(ValidationError) as err:
        services.photo_upload(by=people.head, member=a, upload=bad)
    assert "不是图片" in str(err.value)
    settings.TONGXIN_MAX_PHOTO_BYTES = 100
    with pytest.raises(ValidationError) as err:
        services.photo_upload(by=people.head, member=a, upload=jpeg())
    assert "太大" in str(err.value)
    assert MemberPhoto.objects.count() == 1
    _c, _a, b = klass
    with pytest.raises(PermissionDenied):
        services.photo_upload(by=people.head, member=b, upload=jpeg())


def test_numbers_follow_the_pattern_and_are_never_reused(people, klass, settings):
    _c, a, b = klass
    cert = services.certificate_issue(
        by=people.staff, member=a, issued_on=D(2024, 5, 12)
    )
    assert cert.number == "20240001"
    assert Member.objects.get(pk=a.pk).certificate_no == "20240001"
    with pytest.raises(ValidationError) as err:
        services.certificate_issue(
            by=people.staff, member=b, issued_on=D(2024, 5, 12), number="20240001"
        )
    assert "已被使用" in str(err.value)
    assert not Certificate.objects.filter(member=b).exists()
    with pytest.raises(ValidationError):
        services.certificate_issue(by=people.staff, member=a, issued_on=D(2024, 5, 12))
    new = services.certificate_replace(
        by=people.staff, certificate=cert, on=D(2024, 9, 1), reason="遗失"
    )
    cert.refresh_from_db()
    assert cert.status == "void" and new.replaces == cert and new.number == "20240002"
    assert Member.objects.get(pk=a.pk).certificate_no == "20240002"
    with pytest.raises(ValidationError):
        services.certificate_issue(
            by=people.staff, member=b, issued_on=D(2024, 9, 1), number="20240001"
        )
    with pytest.raises(ServiceError):
        services.certificate_replace(
            by=people.staff, certificate=cert, on=D(2024, 9, 2)
        )
    settings.TONGXIN_CERTIFICATE_PATTERN = "DL{year}-{seq:03d}"
    assert services.next_number(D(2025, 1, 1)) == "DL2025-001"


def test_a_whole_class_is_certified_at_its_ceremony(people, klass):
    c, a, b = klass
    with pytest.raises(ServiceError):
        services.certificates_issue_for_class(by=people.staff, training_class=c)
    services.attendee_complete(
        by=people.staff,
        training_class=c,
        attendees=Attendee.objects.filter(training_class=c),
    )
    issued = services.certificates_issue_for_class(by=people.staff, training_class=c)
    assert {x.member for x in issued} == {a, b}
    assert all(x.issued_on == c.end_on and x.training_class == c for x in issued)


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_card_pdf_renders_at_cr80_size_with_name_and_number(
    people, klass, tmp_path
):
    _c, a, b = klass
    services.photo_upload(by=people.staff, member=a, upload=jpeg())
    cert = services.certificate_issue(
        by=people.staff, member=a, issued_on=D(2024, 5, 12)
    )
    other = services.certificate_issue(
        by=people.staff, member=b, issued_on=D(2024, 5, 12)
    )
    pdf = services.render_cards([cert])
    (tmp_path / "card.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "300",
            "-png",
            str(tmp_path / "card.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    pages = sorted(tmp_path.glob("p*.png"))
    assert len(pages) == 1
    with Image.open(pages[0]) as im:
        # 85.6 × 54 mm at 300 dpi.
        assert abs(im.size[0] - 1011) <= 2 and abs(im.size[1] - 638) <= 2
        # The photo is drawn: red pixels in the photo box.
        assert im.convert("RGB").getpixel((150, 400))[0] > 150
    text = _pdf_text(pdf, tmp_path)
    assert "孙学员" in text and "20240001" in text
    both = _pdf_text(services.render_cards([cert, other]), tmp_path)
    assert "周学员" in both and "20240002" in both
