"""Append to the audit trail; the only code that writes ``AuditEvent`` rows.

Appends are serialised so the hash chain never forks: on PostgreSQL by a
transaction-level advisory lock taken before the chain head is read, on SQLite
by the write lock every ``BEGIN IMMEDIATE`` transaction holds.  An append
joins the caller's transaction, so a rolled-back write leaves no audit row and
a committed write always has one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from tongxin.audit import context
from tongxin.audit.chain import ChainReport, verify_chain
from tongxin.audit.models import GENESIS, AuditEvent, ChainCheck
from tongxin.core.idnumber import mask_id_number, mask_phone

#: Key of the PostgreSQL advisory lock that serialises appends ("TXAUDIT").
ADVISORY_LOCK_KEY = 0x5458_4155_4449_54

#: Fields whose values are stored masked in audit details.
MASKED_FIELDS = {"id_number": mask_id_number, "mobile": mask_phone}
#: Fields never copied into audit details (secrets, derived keys).
#: ``webhook_url``: a group robot's webhook carries the robot's key.
SECRET_FIELDS = frozenset(
    {"password", "digest", "secret", "key", "token", "webhook_url"}
)
SECRET_SUFFIXES = ("_hash", "_digest", "_secret", "_token", "_index", "_enc")

_per_row: ContextVar[bool] = ContextVar("tongxin_audit_per_row", default=True)


def audit_record(
    *,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    detail: dict | None = None,
    actor=None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the audit trail and return it.

    ``actor`` and ``ip`` default to the current request's user and address
    (set by ``AuditContextMiddleware``); outside a request ``detail`` gets
    ``{"via": "cli"}``.  ``obj`` fills the object fields when given.
    """
    ctx = context.current()
    detail = dict(detail or {})
    if ctx is None:
        detail.setdefault("via", "cli")
    elif ctx.via != "web":
        detail.setdefault("via", ctx.via)
    token = getattr(getattr(ctx, "request", None), "api_token", None)
    if token is not None:
        # The owner acts through a named API token: say which one.
        detail.setdefault("token", token.name)
    if actor is None and ctx is not None:
        actor = ctx.user
    if ip is None and ctx is not None:
        ip = ctx.ip
    if not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or ("" if obj.pk is None else str(obj.pk))
        object_repr = object_repr or str(obj)
    event = AuditEvent(
        actor_id=getattr(actor, "pk", None),
        actor_name=_clip(actor_label(actor), 200),
        ip=context.normalize_ip(ip),
        action=_clip(action, 24),
        object_type=_clip(object_type, 100),
        object_id=_clip(str(object_id), 64),
        object_repr=_clip(object_repr, 200),
        detail=normalize_detail(detail),
    )
    # No savepoint: a failed append must fail the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event.prev_hash = head or GENESIS
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


def actor_label(user) -> str:
    """Return how an actor is named in the trail: display name and user name."""
    if user is None:
        return ""
    username = str(getattr(user, "username", "") or "")
    display = str(getattr(user, "display_name", "") or "") or str(user)
    if display and username and display != username:
        return f"{display}（{username}）"
    return username or display


@contextmanager
def one_event_per_batch() -> Iterator[None]:
    """Within the block, ``save_with_history`` does not audit each row.

    For bulk operations (imports) that record one summary event themselves;
    the per-row before/after stays in the history tables.
    """
    token = _per_row.set(False)
    try:
        yield
    finally:
        _per_row.reset(token)


def per_row_enabled() -> bool:
    return _per_row.get()


def snapshot(instance: models.Model) -> dict | None:
    """Return the stored values of ``instance``'s audited fields, or None if new."""
    if instance.pk is None or instance._state.adding:
        return None
    names = [f.attname for f in _audited_fields(type(instance))]
    return type(instance)._base_manager.filter(pk=instance.pk).values(*names).first()


def audit_model_write(
    instance: models.Model, *, before: dict | None, by=None, reason: str = ""
) -> AuditEvent:
    """Record a create (``before`` is None) or update with the changed fields."""
    fields = _audited_fields(type(instance))
    after = {f.attname: getattr(instance, f.attname) for f in fields}
    detail: dict = {}
    if before is None:
        action = "create"
        detail["after"] = {
            k: _masked(k, v) for k, v in after.items() if v not in (None, "")
        }
    else:
        action = "update"
        changed = [k for k in after if after[k] != before[k]]
        detail["before"] = {k: _masked(k, before[k]) for k in changed}
        detail["after"] = {k: _masked(k, after[k]) for k in changed}
    if reason:
        detail["reason"] = reason
    return audit_record(action=action, obj=instance, detail=detail, actor=by)


def audit_model_delete(instance: models.Model, *, by=None, reason: str = "") -> None:
    """Record the deletion of ``instance`` with its last values."""
    fields = _audited_fields(type(instance))
    detail: dict = {
        "before": {
            f.attname: _masked(f.attname, getattr(instance, f.attname))
            for f in fields
            if getattr(instance, f.attname) not in (None, "")
        }
    }
    if reason:
        detail["reason"] = reason
    audit_record(action="delete", obj=instance, detail=detail, actor=by)


def normalize_detail(detail: dict) -> dict:
    """Return ``detail`` as plain JSON that reads back identically from the DB."""
    text = json.dumps(detail, cls=DjangoJSONEncoder, ensure_ascii=False)
    return _plain(json.loads(text))


def _plain(value):
    if isinstance(value, dict):
        return {str(k).replace("\x00", ""): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, float):
        # PostgreSQL jsonb prints 1e+20 as 100000000000000000000 (an int on
        # reading); keep such numbers as text so the hash survives the trip.
        if not math.isfinite(value) or "e" in repr(value):
            return repr(value)
    return value


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def _audited_fields(model: type[models.Model]) -> list:
    cached = _FIELDS_CACHE.get(model)
    if cached is None:
        cached = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and (f.editable or f.name == "version")
            and f.name not in SECRET_FIELDS
            and not f.name.endswith(SECRET_SUFFIXES)
        ]
        _FIELDS_CACHE[model] = cached
    return cached


_FIELDS_CACHE: dict[type, list] = {}


def _masked(name: str, value):
    mask = MASKED_FIELDS.get(name)
    if mask is not None and value:
        return mask(str(value))
    return value


def masked_detail(detail):
    """Return a stored detail as it may be shown: personal values masked anew.

    Rows are hash-chained and never rewritten, so details written under an
    older, weaker mask (first six and last four characters of an ID number)
    are masked again on every read with today's rule; a mask of a mask keeps
    only the first and last character.  Applies to before/after values and to
    an export's search text.
    """
    if not isinstance(detail, dict):
        return detail
    shown = dict(detail)
    for key in ("before", "after"):
        values = shown.get(key)
        if isinstance(values, dict):
            shown[key] = {k: _masked(k, v) for k, v in values.items()}
    filters = shown.get("filters")
    if isinstance(filters, dict) and isinstance(filters.get("q"), str):
        shown["filters"] = {**filters, "q": _mask_search_text(filters["q"])}
    return shown


def _clip(text: str, size: int) -> str:
    text = str(text or "").replace("\x00", "")
    return text if len(text) <= size else text[: size - 1] + "…"


def roster_import_detail(report) -> dict:
    """Return the audit detail of a committed roster import: counts and ids.

    The ids are written as ranges (``"101-5100,5102"``) to keep large imports'
    events small.
    The per-row before/after of the members written is in the history tables
    (``members_historicalmember``), not repeated here.
    """
    plan = getattr(report, "plan", [])
    return {
        "filename": report.filename,
        "mode": report.mode,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "invalid": report.invalid,
        "created_ids": id_ranges(p.member_id for p in plan if p.action == "create"),
        "updated_ids": id_ranges(
            p.member_id for p in plan if p.action == "update" and p.changes
        ),
        "history": "members_historicalmember",
        "note": "每行的修改前后值见会员历史记录（members_historicalmember）。",
    }


def id_ranges(ids) -> str:
    """Return ids as compact ranges: ``"3-7,9,12-13"`` (sorted, duplicates dropped)."""
    parts: list[str] = []
    ordered = sorted({int(i) for i in ids if i is not None})
    start = prev = None
    for i in [*ordered, None]:
        if i is not None and prev is not None and i == prev + 1:
            prev = i
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = i
    return ",".join(parts)


def export_filters_detail(filters) -> dict:
    """Return the filters of an export (a dataclass) as JSON-ready data."""
    data: dict = {}
    if filters is None:
        return data
    for name, value in vars(filters).items():
        if value in (None, ""):
            continue
        if isinstance(value, models.Model):
            value = {"id": value.pk, "name": str(value)}
        elif name == "q" and isinstance(value, str):
            value = _mask_search_text(value)
        data[name] = value
    return data


def _mask_search_text(text: str) -> str:
    """Mask a search that is a full ID number or phone number (never log them)."""
    from tongxin.core.idnumber import mask_id_number, mask_phone

    compact = "".join(text.split())
    if "*" in compact:
        return mask_phone(compact)  # a stored mask, masked again
    if len(compact) == 18 and compact[:17].isdigit():
        return mask_id_number(compact.upper())
    if len(compact) >= 7 and compact.replace("-", "").replace("+", "").isdigit():
        return mask_phone(compact)
    return text


def chain_verify(*, by=None) -> ChainReport:
    """Walk the whole chain (:func:`verify_chain`) and keep the outcome as a
    :class:`~tongxin.audit.models.ChainCheck`, the page's latest result."""
    report = verify_chain()
    ChainCheck.objects.create(
        by=by if by is not None and by.is_authenticated else None,
        ok=report.ok,
        count=report.count,
        head=report.head,
        last_id=report.last_id,
        broken_id=report.broken_id,
        reason=str(report.reason)[:200],
    )
    return report
