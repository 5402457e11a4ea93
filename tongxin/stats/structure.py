"""Member structure (会员结构) on a day: who the members of a scope are.

The members of a scope on a day are the dated membership periods covering
that day (:func:`memberships_on`), so the structure at the end of 2013 is a
query, not today's roster. Gender, ethnicity, birth date, education, title
and sector are the member's record; public posts (人大代表, 政协委员) count
when held on the day.

Every column of the structure is a condition on those membership rows
(:func:`columns`), so one grouped query gives the whole table, and a column's
drill-down list is the same rows filtered by the same condition.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tongxin.core import codes, tree
from tongxin.members.ages import age_bands
from tongxin.members.models import Member, PublicPost
from tongxin.members.selectors import memberships_on
from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import existing_q

__all__ = [
    "EDUCATION_LEVELS",
    "POST_KINDS",
    "POST_LEVELS",
    "Column",
    "StructureRow",
    "column_q",
    "columns",
    "counts",
    "memberships_on",
    "structure_table",
]

HAN = "01"
EDUCATION_LEVELS = ("postgraduate", "undergraduate", "college", "secondary", "other")
POST_KINDS = (PublicPost.Kind.NPC.value, PublicPost.Kind.CPPCC.value)
POST_LEVELS = tuple(PublicPost.Level.values)


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_q(lo: int, hi: int, day: dt.date) -> Q:
    # age >= lo  <=> born on or before day - lo years;
    # age <= hi  <=> born after day - (hi + 1) years.
    return Q(member__birth_date__lte=_years_ago(day, lo)) & Q(
        member__birth_date__gt=_years_ago(day, hi + 1)
    )


def _education_codes(level: str) -> list[str]:
    return [c for c, _n in codes.EDUCATION if codes.education_level(c) == level]


def _post_q(day: dt.date, kind: str, level: str | None = None) -> Q:
    posts = PublicPost.objects.filter(kind=kind).filter(
        Q(start_on__isnull=True) | Q(start_on__lte=day),
        Q(end_on__isnull=True) | Q(end_on__gte=day),
    )
    if level is not None:
        posts = posts.filter(level=level)
    return Q(member_id__in=posts.values("member_id"))


@dataclass(frozen=True)
class Column:
    key: str  # dotted, as in the overview's "structure" figures
    label: str
    q: Q


def columns(day: dt.date, *, levels: bool = True) -> list[Column]:
    """Every column of the structure on ``day``, as conditions on memberships.

    ``levels``: also a column per level of each public post. The age bands
    are those in force (:func:`tongxin.members.ages.age_bands`: the setting, or
    the request's inside ``age_bands_override``). The columns of a day are
    built once per language and bands and kept (a dashboard, its report and
    its appendix ask for the same day several times); callers must not change
    them.
    """
    return list(_columns(day, levels, get_language(), age_bands()))


@functools.lru_cache(maxsize=64)
def _columns(
    day: dt.date, levels: bool, language: str | None, bands: tuple
) -> tuple[Column, ...]:
    cols = [
        Column("total", _("会员总数"), Q()),
        Column("women", _("女性"), Q(member__gender=Member.Gender.FEMALE)),
        Column(
            "ethnic_minorities",
            _("少数民族"),
            ~Q(member__ethnicity__in=["", HAN]),
        ),
    ]
    for key, label, lo, hi in bands:
        cols.append(Column(f"age_bands.{key}", label, _age_q(lo, hi, day)))
    cols.append(
        Column(
            "age_bands.unknown", _("出生日期不详"), Q(member__birth_date__isnull=True)
        )
    )
    for level in EDUCATION_LEVELS:
        where = Q(member__education__in=_education_codes(level))
        if level == "other":
            where |= ~Q(member__education__in=[c for c, _n in codes.EDUCATION])
        cols.append(
            Column(
                f"education.{level}", str(codes.EDUCATION_LEVEL_LABELS[level]), where
            )
        )
    cols += [
        Column(
            "titles.senior",
            _("高级职称"),
            Q(member__title_level=Member.TitleLevel.SENIOR),
        ),
        Column(
            "titles.intermediate",
            _("中级职称"),
            Q(member__title_level=Member.TitleLevel.INTERMEDIATE),
        ),
    ]
    kind_names = dict(PublicPost.Kind.choices)
    level_names = dict(PublicPost.Level.choices)
    for kind in POST_KINDS:
        cols.append(
            Column(
                f"public_posts.{kind}.total", str(kind_names[kind]), _post_q(day, kind)
            )
        )
        if levels:
            for level in POST_LEVELS:
                cols.append(
                    Column(
                        f"public_posts.{kind}.{level}",
                        f"{level_names[level]}{kind_names[kind]}",
                        _post_q(day, kind, level),
                    )
                )
    return tuple(cols)


def column_q(key: str, day: dt.date) -> Q:
    """The condition of the column ``key`` (a sector is ``sectors.<code>``)."""
    if key.startswith("sectors."):
        code = key.removeprefix("sectors.")
        if code == "none":
            return ~Q(member__sector__in=[c for c, _n in codes.SECTOR])
        if code not in codes.SECTOR.names:
            raise KeyError(key)
        return Q(member__sector=code)
    for col in columns(day):
        if col.key == key:
            return col.q
    raise KeyError(key)


def _aggregates(cols: list[Column]) -> dict:
    return {
        f"c{i}": Count("id", filter=col.q) if col.key != "total" else Count("id")
        for i, col in enumerate(cols)
    }


def _nest(flat: dict[str, int]) -> dict:
    result: dict = {}
    for key, value in flat.items():
        node = result
        *parents, last = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return result


def counts(memberships: QuerySet, day: dt.date) -> dict:
    """The structure of ``memberships`` (rows covering ``day``), nested by key.

    ``{"total", "women", "ethnic_minorities", "age_bands": {band: n},
    "education": {level: n}, "titles": {"senior", "intermediate"},
    "public_posts": {"npc"|"cppcc": {"total", level: n}}, "sectors": {code: n}}``
    """
    cols = columns(day)
    row = memberships.order_by().aggregate(**_aggregates(cols))
    flat = {col.key: row[f"c{i}"] or 0 for i, col in enumerate(cols)}
    result = _nest(flat)
    sectors: dict[str, int] = {}
    known = set(codes.SECTOR.names)
    for sector, n in (
        memberships.order_by()
        .values("member__sector")
        .annotate(n=Count("id"))
        .values_list("member__sector", "n")
    ):
        key = sector if sector in known else "none"
        sectors[key] = sectors.get(key, 0) + n
    order = [c for c, _n in codes.SECTOR] + ["none"]
    result["sectors"] = {k: sectors[k] for k in order if k in sectors}
    return result


# --- the standard table, by organization -------------------------------------------


@dataclass
class StructureRow:
    label: str
    org: Organization | None
    values: dict[str, int]  # by column key
    total_row: bool = False


def table_columns(day: dt.date) -> list[Column]:
    """The columns of the standard table (posts by kind, not by level)."""
    return columns(day, levels=False)


def structure_table(
    roots: list[Organization], day: dt.date
) -> tuple[list[Column], list[StructureRow]]:
    """The standard 会员结构统计表 on ``day``.

    With one root: a row per child organization (its whole subtree), a row
    for members of the root itself (本级) if any, and the total. With several
    roots: a row per root and the total.
    """
    cols = table_columns(day)
    aggregates = _aggregates(cols)
    rows: list[StructureRow] = []

    def values_of(row: dict) -> dict[str, int]:
        return {col.key: row[f"c{i}"] or 0 for i, col in enumerate(cols)}

    if len(roots) == 1:
        root = roots[0]
        width = len(root.path) + tree.SEGMENT
        grouped = {
            r["prefix"]: values_of(r)
            for r in memberships_on(day, tree.subtree_q(root.path, "org_path"))
            .order_by()
            .annotate(prefix=Substr("org_path", 1, width))
            .values("prefix")
            .annotate(**aggregates)
        }
        # The children existing on the day, and any still holding members then.
        children = Organization.objects.filter(parent=root).filter(
            existing_q(day) | Q(path__in=list(grouped))
        )
        empty = {col.key: 0 for col in cols}
        for child in children.order_by("path"):
            rows.append(
                StructureRow(child.name, child, grouped.get(child.path, dict(empty)))
            )
        if root.path in grouped:
            rows.append(
                StructureRow(
                    _("%(name)s本级") % {"name": root.name}, root, grouped[root.path]
                )
            )
        total = {col.key: sum(g[col.key] for g in grouped.values()) for col in cols}
    else:
        total = {col.key: 0 for col in cols}
        for root in sorted(roots, key=lambda o: o.path):
            values = values_of(
                memberships_on(day, tree.subtree_q(root.path, "org_path"))
                .order_by()
                .aggregate(**aggregates)
            )
            rows.append(StructureRow(root.name, root, values))
            for k, v in values.items():
                total[k] += v
    rows.append(StructureRow(_("合计"), None, total, total_row=True))
    return cols, rows
