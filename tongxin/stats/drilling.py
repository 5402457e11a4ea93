"""Helpers the sections share: figure keys and drill-down lists.

A figure key is a dotted path into a section's figures
(``members.admitted``, ``structure.age_bands.-35``); :func:`flatten` lists
every numeric figure of a section with its key, :func:`value_at` reads one.
The drill-down record (:class:`Drill`) and the lists of members and of
records are built here so that every section shows them alike, capped at
:data:`DRILL_LIMIT` rows.  Nothing here imports a section, so the sections
(:mod:`tongxin.stats.figures`), the gates and the views all build on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from tongxin.core import codes

__all__ = [
    "DRILL_LIMIT",
    "Drill",
    "UnknownFigure",
    "flatten",
    "member_drill",
    "split_key",
    "url_or_none",
    "value_at",
]

DRILL_LIMIT = 500


@dataclass
class Drill:
    """The records behind one figure: a title, column headings and rows.

    A section may give its rows outright (``rows`` and ``links``) or, for a
    list read from the database, as ``fetch(start, stop)`` yielding
    ``(row, link)`` pairs of the records ``start`` to ``stop`` (``None``:
    to the end) of ``fetched`` in all; rows it appends then come after them.
    :func:`drill` turns either into one page of ``rows`` and the ``total``;
    :meth:`every` reads them all, lazily, for an export.
    """

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # one URL per row
    total: int | None = None  # when rows were capped, the full count
    fetch: Callable[[int, int | None], Iterable[tuple[list, str | None]]] | None = (
        field(default=None, repr=False)
    )
    fetched: int = 0
    extra: list[tuple[list, str | None]] = field(default_factory=list, repr=False)

    def _paged(self, offset: int, limit: int) -> list[tuple[list, str | None]]:
        if self.fetch is None:
            return self.extra[offset : offset + limit]
        out: list = []
        if offset < self.fetched:
            out = list(self.fetch(offset, min(offset + limit, self.fetched)))
        rest = limit - len(out)
        if rest > 0:
            start = max(0, offset - self.fetched)
            out += self.extra[start : start + rest]
        return out

    def every(self) -> Iterator[tuple[list, str | None]]:
        """Every row with its link, read lazily (for an export)."""
        if self.fetch is not None:
            yield from self.fetch(0, None)
        yield from self.extra


class UnknownFigure(KeyError):
    """A figure key a section does not have; shown to the user."""

    def __str__(self) -> str:
        return _("没有这项统计数字：%(key)s") % {
            "key": self.args[0] if self.args else ""
        }


def split_key(key: str) -> list[str]:
    return [part for part in str(key).split(".") if part != ""]


def flatten(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Every number (or string) in ``figures`` with its dotted key, in order."""
    result: list[tuple[str, object]] = []
    for k, v in figures.items():
        key = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict):
            result.extend(flatten(v, key))
        elif isinstance(v, (int, float, str)) and not isinstance(v, bool):
            result.append((key, v))
    return result


def value_at(figures: dict, key: str):
    node = figures
    for part in split_key(key):
        if not isinstance(node, dict) or part not in node:
            raise UnknownFigure(key)
        node = node[part]
    return node


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def member_drill(title: str, members: QuerySet, *, extra=None, scope=None) -> Drill:
    """A list of members: name, gender, organization, birth date, education, title.

    ``members`` is a queryset of :class:`~tongxin.members.models.Member`;
    ``extra`` an optional ``(heading, function(member) -> value)``. On a
    drill-down's ``scope`` only the members the registry shows the viewer
    are listed, whatever gate led to them.
    """
    if scope is not None and scope.viewer is not None:
        from tongxin.members.policies import policy as member_policy

        members = scope.listed(members, member_policy, "view")
    qs = members.select_related("organization").order_by("org_path", "stroke_key", "id")
    columns = [_("姓名"), _("性别"), _("所在组织"), _("出生日期"), _("学历"), _("职称")]
    if extra:
        columns.append(extra[0])

    def row(m) -> list:
        cells = [
            m.name,
            m.get_gender_display(),
            m.organization.name,
            m.birth_date.isoformat() if m.birth_date else "",
            codes.EDUCATION.name(m.education),
            m.title,
        ]
        if extra:
            cells.append(extra[1](m))
        return cells

    return record_drill(
        title, columns, qs, row, lambda m: url_or_none("members:detail", m.pk)
    )


def record_drill(title: str, columns: list[str], records, row, link=None) -> Drill:
    """A list of records (a queryset or list), ``row(record)`` giving the cells.

    The rows are read when shown, a page at a time, or all of them, in
    chunks, for an export (:meth:`~tongxin.stats.figures.Drill.every`).
    """
    total = records.count() if isinstance(records, QuerySet) else len(records)

    def fetch(start: int, stop: int | None):
        part = records[start:stop] if stop is not None else records[start:]
        if isinstance(part, QuerySet) and stop is None:
            part = part.iterator(chunk_size=1000)
        for r in part:
            yield row(r), (link(r) if link else None)

    return Drill(title=title, columns=columns, fetch=fetch, fetched=total)
