"""Helpers shared by the campaign services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.core import files
from tongxin.core.errors import ValidationError
from tongxin.core.services import save_with_history
from tongxin.orgs.models import Organization


def _user(by):
    return by if getattr(by, "pk", None) else None


def _open_org(org: Organization, field: str = "organization") -> None:
    if org.closed_on is not None:
        raise ValidationError({field: _("组织“%s”已撤销。") % org.name})


def _store(upload, folder: str, record, *, by, reason: str):
    """Check an upload by content and size, store it, save ``record`` with it."""
    checked = files.check_attachment(upload)
    name = files.new_name(folder, checked.extension)
    record.title = (record.title or "").strip() or checked.original_name or _("文件")
    record.stored_name = name
    record.content_type = checked.content_type
    record.size = len(checked.data)
    if hasattr(record, "uploaded_by"):
        record.uploaded_by = _user(by)
    record.full_clean()
    files.write(name, checked.data)
    try:
        save_with_history(record, by=by, reason=reason)
    except BaseException:
        files.remove(name)
        raise
    return record
