"""Every figure the dashboard, the reports and the appendix show, by section.

A section is a module in this package with

- ``TITLE``: its heading (translated);
- ``compute(scope, period) -> dict``: its figures as plain JSON values
  (numbers, strings, lists and dicts of them), counted from the records in
  ``scope`` (:class:`tongxin.stats.scope.Scope`) for ``period``
  (:class:`tongxin.core.periods.Period`), stated as of ``period.as_of``;
- ``drill(scope, period, key) -> Drill``: the records behind the figure
  ``key`` (a dotted path into the dict ``compute`` returns), computed from the
  same querysets as the figure so that a figure and its list never disagree;
- ``GATES``: for the heads of its figure keys, whose records the drill-down
  lists (:class:`tongxin.stats.gates.Gate`); the list is narrowed to what
  that app's policy shows the user, and a key without a gate is refused.

:func:`compute_all` runs the sections in the order of :data:`SECTIONS`, the
order of a committee's annual report; ``tongxin report --json`` prints its
result.
"""

from __future__ import annotations

import importlib

from tongxin.core.periods import Period
from tongxin.stats.drilling import Drill
from tongxin.stats.gates import narrow
from tongxin.stats.scope import Scope

__all__ = ["SECTIONS", "Drill", "compute_all", "compute_section", "drill", "section"]

# In the order of the annual report.
SECTIONS: tuple[str, ...] = (
    "overview",  # organizations, members, net change, member structure
    "campaigns",  # leading group, work plans and their completion, inspections
    "participation",  # suggestions, proposals, opinion reports, research topics
    "service",  # activities, participants, volunteer hours, beneficiaries, donations
    "culture",  # culture and education: study sessions, lectures, training
    "team",  # talent tiers, reserve roster, training classes, certificates
    "regulations",  # rules adopted and revised
    "honors",  # honors by level and category
    "publicity",  # articles, journal issues, broadcasts, subscriptions
)


def section(name: str):
    if name not in SECTIONS:
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")


def _available(name: str) -> bool:
    try:
        section(name)
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{name}":
            raise
        return False
    return True


def compute_section(name: str, scope: Scope, period: Period) -> dict:
    return section(name).compute(scope, period)


def compute_all(scope: Scope, period: Period) -> dict:
    """Every section's figures, keyed by section name, plus the period and scope."""
    result: dict = {
        "period": period.as_dict(),
        "scope": {"title": scope.title, "paths": list(scope.paths)},
    }
    for name in SECTIONS:
        if _available(name):
            result[name] = compute_section(name, scope, period)
    return result


def drill(
    name: str,
    scope: Scope,
    period: Period,
    key: str,
    *,
    user=None,
    offset: int = 0,
    limit: int = 500,
) -> Drill:
    """The records behind ``key`` that ``user`` may list (``None``: an operator).

    ``rows`` and ``links`` hold the page from ``offset`` (at most ``limit``
    rows), ``total`` counts them all and :meth:`Drill.every` reads them all.

    The scope is first narrowed by the gate the section declares for the key
    (:mod:`tongxin.stats.gates`): a figure a user may see does not open
    records the listing app would not show them.
    """
    module = section(name)
    scope = narrow(scope, user=user, module=module, key=key)
    result = module.drill(scope, period, key)
    result.extra = list(zip(result.rows, result.links, strict=True))
    if result.fetch is not None:
        result.total = result.fetched + len(result.extra)
    elif result.total is None:  # not capped: the rows are all of them
        result.total = len(result.extra)
    page = result._paged(max(0, offset), max(0, limit))
    result.rows = [row for row, _link in page]
    result.links = [link for _row, link in page]
    return result
