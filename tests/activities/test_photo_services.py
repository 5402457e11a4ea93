"""The photo archive and event attachments: files judged by content, stored
privately under random names, and nothing left behind when refused."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.activities.conftest import jpeg_bytes
from tongxin.activities import services
from tongxin.activities.models import EventAttachment, Photo


def upload(name: str, data: bytes, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def add(act, file, **kwargs):
    kwargs.setdefault("caption", "1985年大连民进首届会员大会")
    kwargs.setdefault("year", 1985)
    return services.photo_add(
        by=act.publicity, organization=act.org.city, upload=file, **kwargs
    )


def test_a_photo_is_stored_privately_with_a_thumbnail(act, settings):
    photo = add(
        act,
        upload("大会.JPG", jpeg_bytes((1200, 800))),
        people=[act.zhang_record],
        people_text="时任主委",
        organizations=[act.org.edu],
    )
    assert (photo.width, photo.height, photo.content_type) == (1200, 800, "image/jpeg")
    assert photo.original_name == "大会.JPG"
    assert photo.stored_name.startswith("photos/1985/")
    assert "大会" not in photo.stored_name
    files = stored_files(settings)
    assert len(files) == 2
    from PIL import Image

    with Image.open(Path(settings.MEDIA_ROOT) / photo.thumb_name) as thumb:
        assert max(thumb.size) <= 480
    assert list(photo.people.all()) == [act.zhang_record]
    assert photo.decade == 1980


def test_the_date_may_be_only_a_year_but_must_agree(act):
    photo = add(act, upload("a.png", jpeg_bytes(fmt="PNG")), year=None,
                taken_on=dt.date(1998, 6, 1))  # fmt: skip
    assert photo.year == 1998
    with pytest.raises(ValidationError) as e:
        add(act, upload("b.jpg", jpeg_bytes()), year=1999, taken_on=dt.date(1998, 6, 1))
    assert "与年份 1999 不一致" in e.value.message_dict["taken_on"][0]
    with pytest.raises(ValidationError) as e:
        add(act, upload("c.jpg", jpeg_bytes()), year=None)
    assert "请填写年份或拍摄日期" in e.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as e:
        add(act, upload("d.jpg", jpeg_bytes()), year=dt.date.today().year + 1)
    assert "不能晚于今天" in e.value.message_dict["year"][0]
    assert Photo.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.jpg", b"%PDF-1.4 not an image", "不是图片文件"),
        ("空.jpg", b"", "上传的文件是空的"),
        ("脚本.png", b"<script>alert(1)</script>", "不是图片文件"),
        ("截断.jpg", jpeg_bytes((400, 300))[:200], "不是图片文件"),
        ("伪装.png", jpeg_bytes(), "文件扩展名“.png”与文件内容（JPEG 图片）不符"),
        ("无扩展名", jpeg_bytes(), "文件扩展名“无”与文件内容"),
        ("图.exe", jpeg_bytes(), "与文件内容（JPEG 图片）不符"),
    ],
)
def test_files_that_are_not_honest_images_are_refused(
    act, settings, name, data, message
):
    with pytest.raises(ValidationError) as e:
        add(act, upload(name, data))
    assert message in e.value.message_dict["image"][0]
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


def test_a_photo_over_the_limit_is_refused(act, settings):
    settings.TONGXIN_MAX_PHOTO_BYTES = 2000
    with pytest.raises(ValidationError) as e:
        add(act, upload("大.jpg", jpeg_bytes((300, 300)) + b"\0" * 3000))
    assert "文件太大" in e.value.message_dict["image"][0]
    assert "不能超过" in e.value.message_dict["image"][0]
    assert not Photo.objects.exists() and stored_files(settings) == []


def test_a_decompression_bomb_is_refused(act, settings):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, "PNG")
    with pytest.raises(ValidationError) as e:
        add(act, upload("bomb.png", out.getvalue()))
    assert "图片尺寸过大" in e.value.message_dict["image"][0]
    assert stored_files(settings) == []


def test_a_failed_save_leaves_no_file(act, settings):
    with pytest.raises(ValidationError):
        add(act, upload("ok.jpg", jpeg_bytes()), caption="")
    assert stored_files(settings) == []
    assert not Photo.objects.exists()


def test_only_publicity_and_office_manage_the_archive(act, settings):
    for user in (act.staff, act.service, act.head, act.zhang, act.leader):
        with pytest.raises(PermissionDenied):
            services.photo_add(
                by=user,
                organization=act.org.city,
                upload=upload("a.jpg", jpeg_bytes()),
                caption="x",
                year=2000,
            )
    photo = services.photo_add(
        by=act.office,
        organization=act.org.city,
        upload=upload("a.jpg", jpeg_bytes()),
        caption="x",
        year=2000,
    )
    assert photo.uploaded_by == act.office


def test_update_and_delete(act, settings, django_capture_on_commit_callbacks):
    photo = add(act, upload("a.jpg", jpeg_bytes()))
    services.photo_update(
        photo=photo,
        by=act.publicity,
        version=1,
        caption="1985年首届会员大会合影",
        taken_on=dt.date(1985, 10, 3),
        year=1985,
        people=[act.wang_record],
    )
    photo.refresh_from_db()
    assert photo.caption == "1985年首届会员大会合影"
    assert list(photo.people.all()) == [act.wang_record]
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=photo, by=act.publicity)
    assert not Photo.objects.exists()
    assert stored_files(settings) == []


# --- attachments --------------------------------------------------------------------------


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_attachments_are_checked_by_content(act, make_event, settings):
    event = make_event()
    pdf = services.event_attachment_add(
        event=event,
        by=act.staff,
        upload=upload("活动通知.pdf", b"%PDF-1.7\n...", "application/pdf"),
    )
    assert pdf.title == "活动通知.pdf" and pdf.content_type == "application/pdf"
    services.event_attachment_add(
        event=event,
        by=act.staff,
        upload=upload("日程.docx", docx_bytes()),
        title="日程",
    )
    refused = [
        ("日程.pdf", docx_bytes(), "与文件内容（Word 文件）不符"),
        ("病毒.exe", b"MZ\x90\x00", "不支持“病毒.exe”的文件类型"),
        ("假.docx", b"PK\x03\x04garbage", "不支持"),
    ]
    for name, data, message in refused:
        with pytest.raises(ValidationError) as e:
            services.event_attachment_add(
                event=event, by=act.staff, upload=upload(name, data)
            )
        assert message in e.value.message_dict["file"][0]
    with pytest.raises(PermissionDenied):
        services.event_attachment_add(
            event=event, by=act.zhang, upload=upload("a.pdf", b"%PDF-1.4")
        )
    assert EventAttachment.objects.count() == 2
    assert len(stored_files(settings)) == 2
