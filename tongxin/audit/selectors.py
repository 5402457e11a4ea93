"""Reading the audit trail: filters, pages and the readable form of an event.

Every read is scoped by ``tongxin.audit.policies.policy``: the audit
administrator sees the whole trail, everybody else nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tongxin.audit.chain import ChainReport, verify_chain
from tongxin.audit.models import Action, AuditEvent, ChainCheck
from tongxin.audit.policies import policy
from tongxin.audit.readable import Reader, key_label
from tongxin.audit.services import masked_detail
from tongxin.core.pagination import Page, decode_cursor, encode_cursor

#: Longest accepted text of a filter.
MAX_FILTER_LENGTH = 100
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilters:
    """What the trail is filtered by; every field optional."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    q: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_params(self) -> dict[str, str]:
        """Return the filters that are set, as query parameters (for the record)."""
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in asdict(self).items()
            if v not in ("", None)
        }


def filters_from_params(params: Mapping) -> AuditFilters:
    """Parse list query parameters; raise ``ValidationError`` by parameter."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    for name in ("actor", "action", "object_type", "object_id", "q"):
        text = str(params.get(name) or "").strip()
        if len(text) > MAX_FILTER_LENGTH:
            errors[name] = [_("不能超过 %d 个字符。") % MAX_FILTER_LENGTH]
        values[name] = text.replace("\x00", "")
    if values["action"] and values["action"] not in Action.values:
        errors["action"] = [_("未知的操作类型“%s”。") % values["action"]]
    for name, label in (("date_from", _("开始日期")), ("date_to", _("结束日期"))):
        text = str(params.get(name) or "").strip()
        if not text:
            values[name] = None
            continue
        try:
            values[name] = dt.date.fromisoformat(text)
        except ValueError:
            errors[name] = [
                _("%(label)s应为 年-月-日 格式，如 2026-01-31，而不是“%(value)s”。")
                % {"label": label, "value": text[:20]}
            ]
    if (
        not errors
        and values["date_from"]
        and values["date_to"]
        and values["date_from"] > values["date_to"]
    ):
        errors["date_to"] = [_("结束日期不能早于开始日期。")]
    if errors:
        raise ValidationError(errors)
    return AuditFilters(**values)


def event_list(*, user, filters: AuditFilters | None = None) -> QuerySet:
    """Return the events ``user`` may read that match ``filters``."""
    qs = policy.visible(user, AuditEvent.objects.all(), "view")
    f = filters or AuditFilters()
    if f.actor:
        qs = qs.filter(actor_name__icontains=f.actor)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type.lower())
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.date_from:
        qs = qs.filter(at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    if f.q:
        qs = qs.annotate(detail_text=Cast("detail", TextField())).filter(_text_q(f.q))
    return qs


def event_get(*, user, pk: int) -> AuditEvent:
    """Return one event the user may read, or raise ``AuditEvent.DoesNotExist``."""
    return event_list(user=user).get(pk=pk)


def event_page(
    qs: QuerySet, *, cursor: str | None = None, size: int | None = None
) -> Page:
    """Return one page of ``qs``, newest first, after/before a cursor (by id)."""
    size = min(size or settings.TONGXIN_PAGE_SIZE, MAX_PAGE_SIZE)
    direction, pivot = "next", None
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded is None or len(decoded[1]) != 1 or not _is_int(decoded[1][0]):
            raise ValidationError({"cursor": _("翻页游标无效，请从第一页重新开始。")})
        direction, pivot = decoded[0], int(decoded[1][0])
    if pivot is None:
        rows = list(qs.order_by("-id")[: size + 1])
        has_next, has_prev = len(rows) > size, False
        rows = rows[:size]
    elif direction == "next":
        rows = list(qs.filter(id__lt=pivot).order_by("-id")[: size + 1])
        has_next, has_prev = len(rows) > size, True
        rows = rows[:size]
    else:
        rows = list(qs.filter(id__gt=pivot).order_by("id")[: size + 1])
        has_prev, has_next = len(rows) > size, True
        rows = list(reversed(rows[:size]))
    return Page(
        items=rows,
        next_cursor=encode_cursor((rows[-1].pk,), "next")
        if rows and has_next
        else None,
        prev_cursor=encode_cursor((rows[0].pk,), "prev") if rows and has_prev else None,
        has_next=bool(rows) and has_next,
        has_prev=bool(rows) and has_prev,
    )


@dataclass(frozen=True)
class Change:
    """One changed field of an audited write, readable."""

    field: str
    label: str
    before: str
    after: str


def event_changes(event: AuditEvent, reader: Reader | None = None) -> list[Change]:
    """Return the before → after pairs of a create/update/delete event.

    Values read as people know them: choice and workflow state names, the names
    of referenced records, local times. ``reader`` remembers looked-up names
    (pass one for a page of events).
    """
    reader = reader or Reader()
    detail = masked_detail(event.detail) if isinstance(event.detail, dict) else {}
    before = detail.get("before")
    after = detail.get("after")
    if not isinstance(before, dict) and not isinstance(after, dict):
        return []
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    names = list(dict.fromkeys([*before, *after]))
    return [
        Change(
            field=name,
            label=field_label(event.object_type, name),
            before=reader.value(event.object_type, name, before.get(name)),
            after=reader.value(event.object_type, name, after.get(name)),
        )
        for name in names
    ]


def event_extra(
    event: AuditEvent, reader: Reader | None = None
) -> list[tuple[str, str]]:
    """Return the detail entries other than before/after, as (name, text)."""
    reader = reader or Reader()
    detail = masked_detail(event.detail) if isinstance(event.detail, dict) else {}
    return [
        (
            field_label(event.object_type, key),
            reader.value(event.object_type, key, value),
        )
        for key, value in detail.items()
        if key not in ("before", "after")
    ]


def field_label(object_type: str, name: str) -> str:
    """Return the name of a field of ``object_type`` (``app.model``) or a detail key."""
    return _field_label(object_type, name, get_language())


@functools.lru_cache(maxsize=4096)
def _field_label(object_type: str, name: str, language: str | None) -> str:
    # Cached per language: an export of a million events asks the same few
    # hundred labels over and over.
    return key_label(object_type, name)


def display(value) -> str:
    """Return a detail value as text for people (JSON for lists and mappings)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _text_q(text: str) -> Q:
    """Match the text in the object, actor, address or details of an event.

    SQLite stores JSON with non-ASCII characters escaped (``\\u5f20``), so the
    details are searched for the escaped form too.
    """
    escaped = json.dumps(text)[1:-1]
    q = (
        Q(object_repr__icontains=text)
        | Q(actor_name__icontains=text)
        | Q(object_id=text)
        | Q(detail_text__icontains=text)
    )
    if escaped != text:
        q |= Q(detail_text__icontains=escaped)
    return q


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _is_int(value) -> bool:
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class ChainStatus:
    """What the verify page shows without walking the whole trail: the latest
    full walk (``check``, ``None`` before the first) and, when it was intact,
    the rows appended since walked onto its head (``since``, ``new`` rows)."""

    check: object | None
    since: ChainReport | None
    new: int


def chain_status() -> ChainStatus:
    check = ChainCheck.objects.select_related("by").order_by("-id").first()
    if check is None or not check.ok:
        return ChainStatus(check, None, 0)
    since = verify_chain(after_id=check.last_id, head=check.head, count=check.count)
    return ChainStatus(check, since, since.count - check.count)
