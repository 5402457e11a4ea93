"""Every read of the statistics pages and API, starting from the user's reach.

The figures themselves are counted by the sections of
:mod:`tongxin.stats.figures` over a :class:`~tongxin.stats.scope.Scope`;
this module turns what a user chose (query parameters ``org``, ``year``,
``start``, ``end``, ``since``) into a scope within their reach and a period,
refusing with a Chinese message otherwise.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.core.periods import Period, period_from_params
from tongxin.members.ages import AgeBand, age_bands_override, parse_age_bands
from tongxin.orgs.models import Organization
from tongxin.stats import figcache
from tongxin.stats import figures as registry
from tongxin.stats import structure as structure_mod
from tongxin.stats.drilling import UnknownFigure, flatten
from tongxin.stats.policies import policy
from tongxin.stats.scope import Scope, resolve_scope, unknown_code

__all__ = [
    "PARAMS",
    "Choice",
    "choose",
    "figure_drill",
    "figure_rows",
    "figures",
    "label_of",
    "section_names",
    "stats_orgs",
    "structure_table",
]

#: The query parameters a choice is made of.
PARAMS = ("org", "year", "start", "end", "since", "age_bands")


@dataclass(frozen=True)
class Choice:
    scope: Scope
    period: Period
    params: dict[str, str]  # the non-empty chosen parameters, to carry along
    #: The structure's age bands (``age_bands=40,60``); ``None``: the setting's.
    age_bands: tuple[AgeBand, ...] | None = None


def require_stats(user) -> None:
    if not policy.scopes(user, "view_stats"):
        raise PermissionDenied(_("您没有权限查看统计。"))


def stats_orgs(*, user) -> QuerySet:
    """The organizations the user may see statistics of, open ones, in tree order."""
    paths = policy.scopes(user, "view_stats")
    if not paths:
        return Organization.objects.none()
    qs = Organization.objects.filter(closed_on__isnull=True)
    if paths != [""]:
        qs = qs.filter(tree.subtrees_q(paths))
    return qs.order_by("path")


def choose(*, user, params: Mapping) -> Choice:
    """The scope and period the user chose.

    Raise :class:`PermissionDenied` without statistics rights,
    :class:`~tongxin.core.periods.PeriodError` for a bad period and
    :class:`~tongxin.stats.scope.ScopeError` for an unknown organization or
    one outside the user's reach, :class:`~tongxin.members.ages.AgeBandsError`
    (a ``PeriodError``) for age bands that cannot be read (all with Chinese
    messages). The views computing with the choice run inside its bands
    (:func:`tongxin.members.ages.request_age_bands`).
    """
    require_stats(user)
    chosen = {
        k: str(params.get(k)).replace("\x00", "").strip()
        for k in PARAMS
        if params.get(k) not in (None, "")
    }
    period = period_from_params(chosen)
    bands = parse_age_bands(chosen["age_bands"]) if "age_bands" in chosen else None
    code = chosen.get("org")
    if code is None:
        # Default to the user's own node when they have exactly one.
        paths = policy.scopes(user, "view_stats")
        if len(paths) == 1 and paths != [""]:
            org = Organization.objects.filter(path=paths[0]).first()
            scope = resolve_scope(user=user, org=org)
        else:
            scope = resolve_scope(user=user)
    else:
        if len(code) > 32:
            raise unknown_code(code[:32])
        scope = resolve_scope(user=user, code=code)
    return Choice(scope, period, chosen, bands)


def _bands(choice: Choice):
    """Inside the choice's age bands (if it names any)."""
    if choice.age_bands:
        return age_bands_override(choice.age_bands)
    return contextlib.nullcontext()


def section_names() -> list[str]:
    """The sections present, in the order of the annual report."""
    return [n for n in registry.SECTIONS if registry._available(n)]


def figures(*, choice: Choice, sections: list[str] | None = None) -> dict:
    """Figures of the chosen sections (all present ones by default).

    The same dict as :func:`~tongxin.stats.figures.compute_all` (or its
    sections), each section read from the cache while no write has happened
    since it was counted (:mod:`tongxin.stats.figcache`).
    """
    names = section_names() if sections is None else list(sections)
    with _bands(choice):
        result = {
            "period": choice.period.as_dict(),
            "scope": {"title": choice.scope.title, "paths": list(choice.scope.paths)},
        }
        result.update(
            figcache.sections(
                names,
                choice.scope,
                choice.period,
                lambda name: registry.compute_section(
                    name, choice.scope, choice.period
                ),
            )
        )
        return result


def check_section(name: str) -> None:
    if name not in section_names():
        raise UnknownFigure(name)


def label_of(name: str, key: str) -> str:
    """The Chinese name of a figure (its key if the section names none)."""
    module = importlib.import_module(f"{registry.__name__}.{name}")
    label = getattr(module, "label", None)
    if label is None:
        return key
    try:
        return str(label(key))
    except Exception:
        return key


def section_title(name: str) -> str:
    module = importlib.import_module(f"{registry.__name__}.{name}")
    return str(getattr(module, "TITLE", name))


def figure_rows(name: str, data: dict) -> list[dict]:
    """Every figure of a section as ``{"key", "label", "value", "depth"}``."""
    return [
        {
            "key": key,
            "label": label_of(name, key),
            "value": value,
            "depth": key.count("."),
        }
        for key, value in flatten(data)
    ]


def figure_drill(
    *,
    user,
    choice: Choice,
    section: str,
    key: str,
    offset: int = 0,
    limit: int = 500,
) -> registry.Drill:
    """The records behind one figure that ``user`` may list.

    :class:`UnknownFigure` if there is no such figure; :class:`PermissionDenied`
    if the listing app's policy shows the user none of its records here.
    """
    check_section(section)
    with _bands(choice):
        return _drill(choice, section, key, user, offset, limit)


def _drill(choice, section, key, user, offset, limit) -> registry.Drill:
    return registry.drill(
        section,
        choice.scope,
        choice.period,
        key,
        user=user,
        offset=offset,
        limit=limit,
    )


def drill_opens(*, user, choice: Choice, section: str, key: str) -> bool:
    """True if the list behind a figure opens for ``user`` (the dashboard links it)."""
    from tongxin.stats.gates import opens

    return opens(
        choice.scope,
        user=user,
        module=importlib.import_module(f"{registry.__name__}.{section}"),
        key=key,
    )


def structure_table(*, choice: Choice):
    """The 会员结构统计表 at the period's end: ``(columns, rows)``."""
    with _bands(choice):
        return structure_mod.structure_table(
            choice.scope.root_orgs(), choice.period.as_of
        )
