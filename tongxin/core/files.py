"""Uploaded photos and attachments: checked by content, stored privately.

A file is judged by its bytes, not by its name: a photo must open as an image
with Pillow, an attachment must carry the signature of a PDF, an Office file
or an image, and the name's extension must agree with what the bytes are.
Files are stored under ``MEDIA_ROOT`` with random names and are never served
from there directly: views hand them out after asking the policy.
"""

from __future__ import annotations

import io
import secrets
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Default largest photo (bytes); ``settings.TONGXIN_MAX_PHOTO_BYTES`` overrides it.
DEFAULT_MAX_PHOTO_BYTES = 10 << 20
#: Largest image area accepted (pixels), against decompression bombs.
MAX_PIXELS = 60_000_000
THUMB_SIZE = (480, 480)

#: Image formats accepted, their extensions and content types.
IMAGE_FORMATS = {
    "JPEG": ((".jpg", ".jpeg"), "image/jpeg"),
    "PNG": ((".png",), "image/png"),
    "GIF": ((".gif",), "image/gif"),
    "WEBP": ((".webp",), "image/webp"),
}

#: Attachment kinds: extensions and content type of each.
ATTACHMENT_KINDS = {
    "pdf": ((".pdf",), "application/pdf", "PDF"),
    "docx": (
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xlsx": (
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
    ),
    "pptx": (
        (".pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
    ),
    "ole": ((".doc", ".xls", ".ppt"), "application/octet-stream", "Office 97-2003"),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    format: str
    extension: str
    content_type: str
    width: int
    height: int
    original_name: str


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    kind: str
    extension: str
    content_type: str
    original_name: str


def max_photo_bytes() -> int:
    return int(getattr(settings, "TONGXIN_MAX_PHOTO_BYTES", DEFAULT_MAX_PHOTO_BYTES))


def _megabytes(n: int) -> str:
    return f"{n / (1 << 20):.0f}" if n >= 1 << 20 else f"{n / (1 << 20):.2f}"


def _read(upload, limit: int, field: str) -> tuple[bytes, str]:
    """Return the bytes and base name of an upload, refusing more than ``limit``."""
    name = PurePath(getattr(upload, "name", "") or "").name
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {
                field: _("文件太大（%(size)s MB），不能超过 %(max)s MB。")
                % {"size": _megabytes(size), "max": _megabytes(limit)}
            }
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        parts, total = [], 0
        for chunk in upload.chunks():
            total += len(chunk)
            if total > limit:
                break
            parts.append(chunk)
        data = b"".join(parts)
    else:
        data = upload.read(limit + 1)
        total = len(data)
    if total > limit:
        raise ValidationError(
            {field: _("文件太大，不能超过 %s MB。") % _megabytes(limit)}
        )
    if not data:
        raise ValidationError({field: _("上传的文件是空的。")})
    return data, name


def check_image(upload, *, field: str = "image") -> CheckedImage:
    """Return the upload as a checked image, or raise ``ValidationError`` by field.

    Refused: more than the size limit, bytes that are not a JPEG, PNG, GIF or
    WebP image, an image too large to decode safely, and a file name whose
    extension does not match the content.
    """
    from PIL import Image, UnidentifiedImageError

    data, name = _read(upload, max_photo_bytes(), field)
    not_image = _("“%s”不是图片文件（支持 JPEG、PNG、GIF、WebP）。") % (
        name or _("上传的文件")
    )
    too_large = _("图片尺寸过大，无法处理。")
    try:
        with warnings.catch_warnings():
            # Pillow warns of (and past twice its limit refuses) decompression bombs.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError({field: too_large})
                probe.verify()
            with Image.open(io.BytesIO(data)) as full:
                full.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError({field: too_large}) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({field: not_image}) from None
    if fmt not in IMAGE_FORMATS:
        raise ValidationError({field: not_image})
    extensions, content_type = IMAGE_FORMATS[fmt]
    ext = PurePath(name).suffix.lower()
    if ext not in extensions:
        raise ValidationError(
            {
                field: _(
                    "文件扩展名“%(ext)s”与文件内容（%(fmt)s 图片）不符，"
                    "请确认文件后以正确的扩展名（%(expected)s）上传。"
                )
                % {
                    "ext": ext or _("无"),
                    "fmt": fmt,
                    "expected": "、".join(extensions),
                }
            }
        )
    return CheckedImage(
        data=data,
        format=fmt,
        extension=extensions[0],
        content_type=content_type,
        width=width,
        height=height,
        original_name=name,
    )


def _attachment_kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        for kind, prefix in OOXML_PARTS.items():
            if any(n.startswith(prefix) for n in names):
                return kind
        return None
    return None


def check_attachment(upload, *, field: str = "file") -> CheckedFile | CheckedImage:
    """Return an attachment checked by content: a PDF, an Office file or an image."""
    limit = int(getattr(settings, "TONGXIN_MAX_UPLOAD_BYTES", 20 << 20))
    data, name = _read(upload, limit, field)
    ext = PurePath(name).suffix.lower()
    kind = _attachment_kind(data)
    if kind is None:
        if ext in {e for exts, _t in IMAGE_FORMATS.values() for e in exts}:
            return check_image(upload, field=field)
        raise ValidationError(
            {
                field: _(
                    "不支持“%s”的文件类型：附件应为 PDF、Word、Excel、PowerPoint 文件或图片。"
                )
                % (name or _("上传的文件"))
            }
        )
    extensions, content_type, label = ATTACHMENT_KINDS[kind]
    if ext not in extensions:
        raise ValidationError(
            {
                field: _(
                    "文件扩展名“%(ext)s”与文件内容（%(kind)s 文件）不符，"
                    "请以正确的扩展名（%(expected)s）上传。"
                )
                % {
                    "ext": ext or _("无"),
                    "kind": label,
                    "expected": "、".join(extensions),
                }
            }
        )
    return CheckedFile(
        data=data,
        kind=kind,
        extension=ext,
        content_type=content_type,
        original_name=name,
    )


# --- storage ------------------------------------------------------------------------


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def new_name(folder: str, extension: str) -> str:
    """Return a fresh random relative name under ``folder``."""
    return f"{folder}/{secrets.token_urlsafe(18)}{extension}"


def resolve(name: str) -> Path:
    """Return the absolute path of a stored name, refusing anything outside the root."""
    root = media_root().resolve()
    path = (root / name).resolve()
    if root not in path.parents:
        raise FileNotFoundError(name)
    return path


def write(name: str, data: bytes) -> Path:
    path = resolve(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as out:
        out.write(data)
    return path


def remove(*names: str) -> None:
    for name in names:
        if not name:
            continue
        try:
            resolve(name).unlink(missing_ok=True)
        except (FileNotFoundError, OSError):
            continue


def thumbnail(image: CheckedImage) -> bytes:
    """Return a small JPEG of ``image`` for the archive's grid (no metadata)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(image.data)) as im:
        im = ImageOps.exif_transpose(im)
        im.thumbnail(THUMB_SIZE)
        if im.mode not in ("RGB", "L"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[-1])
            im = background
        out = io.BytesIO()
        im.save(out, "JPEG", quality=82, optimize=True)
        return out.getvalue()


def serve_file(record, missing: str):
    """Hand out a stored file as a private download under its title.

    ``record`` has ``stored_name``, ``title`` and ``content_type`` (every
    attachment, evidence and version model does); ``missing`` is the message
    of the 404 when the file is gone from the disk.
    """
    from django.http import FileResponse, Http404

    try:
        path = resolve(record.stored_name)
        handle = path.open("rb")
    except OSError:
        raise Http404(missing) from None
    ext = path.suffix
    title = record.title
    name = title if title.lower().endswith(ext.lower()) else title + ext
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=record.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
