"""Files in the demo: event notices, opinion reports' evidence, members' card photos.

A committee attaches the notice to its events, the survey photo to an opinion
report and a card photo to a member's record; small generated images stand in
for them, written through the same services as an upload.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.activities.models import Event
from tongxin.activities.services import event_attachment_add
from tongxin.demo.activities import FONT_PATHS
from tongxin.lifecycle.services import photo_upload
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.participation.models import OpinionReport
from tongxin.participation.services import attachment_add

EVENTS_WITH_NOTICE = 8
REPORTS_WITH_PHOTO = 6
MEMBERS_WITH_PHOTO = 12


def build_attachments() -> None:
    """Attach notices to branch events, photos to opinion reports, card photos to members."""
    admin = User.objects.get(username="admin")
    font = next((p for p in FONT_PATHS if Path(p).exists()), None)
    events = Event.objects.filter(organization__kind=Organization.Kind.BRANCH).order_by(
        "-pk"
    )[:EVENTS_WITH_NOTICE]
    for event in events:
        image = _card(event.title, (156, 39, 34), font, size=(640, 900))
        event_attachment_add(
            event=event,
            by=admin,
            upload=SimpleUploadedFile("notice.jpg", image, "image/jpeg"),
            title=_("活动通知"),
        )
    for report in OpinionReport.objects.order_by("-pk")[:REPORTS_WITH_PHOTO]:
        image = _card(report.title, (40, 90, 140), font, size=(640, 426))
        attachment_add(
            by=admin,
            item=report,
            upload=SimpleUploadedFile("survey.jpg", image, "image/jpeg"),
            title=_("调研照片"),
        )
    members = Member.objects.filter(status=Member.Status.ACTIVE).order_by("pk")
    login = Member.objects.filter(user__username="huiyuan").first()
    chosen = list(members[:MEMBERS_WITH_PHOTO]) + ([login] if login else [])
    for member in chosen:
        image = _card(member.name, (70, 110, 160), font, size=(390, 567))
        photo_upload(
            by=admin,
            member=member,
            upload=SimpleUploadedFile("photo.jpg", image, "image/jpeg"),
        )


def _card(text: str, color, font_path: str | None, *, size) -> bytes:
    """Return a JPEG of one colour with ``text`` written on it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    if font_path:
        font = ImageFont.truetype(font_path, 28)
        lines = [text[i : i + 16] for i in range(0, len(text), 16)]
        for n, line in enumerate(lines[:4]):
            draw.text((32, 40 + n * 40), line, font=font, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
