"""Field-level change lists from django-simple-history records."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tongxin.core.idnumber import mask_id_number, mask_phone


def _masking(display: Callable) -> Callable:
    def shown(field, value):
        if getattr(field, "encrypted", False):
            if value in (None, ""):
                return ""
            mask = mask_id_number if field.name == "id_number" else mask_phone
            return mask(str(value))
        return display(field, value)

    return shown


def history_entries(
    records: Iterable,
    *,
    model,
    display: Callable,
    skip: Iterable[str] = (),
) -> list[dict]:
    """Return changes newest first: when, who, reason and before → after by field.

    ``records`` are historical rows ordered newest first; ``display(field,
    value)`` turns a stored value into what a person reads; what it returns
    is made plain text here (a choice's label is a lazy translation, a
    foreign key an id), so every page and API answer gets strings.  Encrypted
    personal fields are masked here, whatever ``display`` does: a history is
    shown to everyone who may read the record, not only to those who may
    reveal it.
    """
    display = _masking(display)
    records = list(records)
    skipped = set(skip)
    entries = []
    for i, rec in enumerate(records):
        prev = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if prev is not None:
            for change in rec.diff_against(prev).changes:
                if change.field in skipped:
                    continue
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": str(field.verbose_name),
                        "old": _text(display(field, change.old)),
                        "new": _text(display(field, change.new)),
                    }
                )
        entries.append(
            {
                "at": rec.history_date,
                "by": rec.history_user,
                "type": rec.history_type,
                "reason": rec.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def _text(value) -> str:
    return "" if value is None else str(value)
