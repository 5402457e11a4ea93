"""Member card photos: checked by content and size, cropped to the card's photo
ratio (3:4, the photo box of the certificate card), stored under a generated
name in MEDIA_ROOT."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.core import files
from tongxin.core.policies import require
from tongxin.core.services import save_with_history
from tongxin.lifecycle.models import MemberPhoto
from tongxin.lifecycle.policies import policy
from tongxin.members.models import Member

#: Width and height of the stored photo (3:4, as the card's photo box).
PHOTO_SIZE = (300, 400)
FOLDER = "member-photos"


def crop_to_card(data: bytes) -> bytes:
    """Return a JPEG of the image centre-cropped to 3:4 and scaled to PHOTO_SIZE."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        im = ImageOps.exif_transpose(im)
        if im.mode not in ("RGB", "L"):
            background = Image.new("RGB", im.size, (255, 255, 255))
            rgba = im.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[-1])
            im = background
        im = ImageOps.fit(im.convert("RGB"), PHOTO_SIZE, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        im.save(out, "JPEG", quality=88, optimize=True)
        return out.getvalue()


@transaction.atomic
def photo_upload(*, by, member: Member, upload) -> MemberPhoto:
    """Store a member's card photo, replacing the previous one.

    Refused (``ValidationError`` on ``photo``, in Chinese): a file that is not
    an image, too large a file or image.  The old file is removed after
    commit; a new file written before a failed save is removed at once.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(policy, by, "upload_photo", member)
    image = files.check_image(upload, field="photo")
    data = crop_to_card(image.data)
    name = files.new_name(FOLDER, ".jpg")
    files.write(name, data)
    try:
        photo = MemberPhoto.objects.filter(member=member).first()
        old = photo.file if photo else ""
        if photo is None:
            photo = MemberPhoto(member=member)
        photo.path = member.org_path
        photo.file = name
        photo.width, photo.height = PHOTO_SIZE
        photo.uploaded_by = by if getattr(by, "pk", None) else None
        save_with_history(photo, by=by, reason=_("上传会员照片"))
    except Exception:
        files.remove(name)
        raise
    if old:
        transaction.on_commit(lambda: files.remove(old))
    return photo
