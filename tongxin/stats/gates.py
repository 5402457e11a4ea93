"""Who may open the records behind a figure: the listing app's policy.

A figure is a number any statistics reader of the scope may see; the list
behind it shows records, and records are the business of the app that keeps
them.  So each section declares, for the heads of its figure keys, a
:class:`Gate`: the policy and action of the app whose records the list
shows (the talent pool's for ``team`` ``talent.*``, the members' for member
lists...).  Before a section computes a drill-down, :func:`narrow` cuts the
scope down to where that policy lets the user see such records and hands
the section the user, so record rules beyond the tree (clearance for
confidential items, drafts, honor recipients) hold as they do in the
listing app's own lists (:meth:`tongxin.stats.scope.Scope.listed`).

A key no gate covers is answered as an unknown figure: a new drill-down
stays closed until its section says whose records it lists (the permission
matrix opens every figure key of every section as every role).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.stats.drilling import UnknownFigure, split_key
from tongxin.stats.scope import Scope

__all__ = ["OPEN", "Gate", "gate_for", "intersect", "narrow", "opens"]


@dataclass(frozen=True)
class Gate:
    """The policy and action of the app whose records a drill-down lists.

    ``policy`` ``None`` is :data:`OPEN`: the list shows nothing beyond what
    the statistics themselves show (organizations, aggregate rows), so the
    statistics' own reach is enough.
    """

    policy: object | None
    action: str = "view"


OPEN = Gate(None)


def gate_for(module, key: str) -> Gate | None:
    """The gate of the longest key prefix a section declares, or ``None``."""
    gates: dict[str, Gate] = getattr(module, "GATES", {})
    parts = split_key(key)
    for n in range(len(parts), 0, -1):
        found = gates.get(".".join(parts[:n]))
        if found is not None:
            return found
    return gates.get("*")


def intersect(paths, reach) -> tuple[str, ...]:
    """The subtrees lying in both ``paths`` and ``reach`` (minimal, sorted)."""
    paths, reach = list(paths), list(reach)
    if "" in reach:
        return tuple(paths)
    if "" in paths:
        return tuple(tree.minimal_paths(reach))
    found = set()
    for a in paths:
        for b in reach:
            if tree.is_within(a, b):
                found.add(a)
            elif tree.is_within(b, a):
                found.add(b)
    return tuple(tree.minimal_paths(found))


def refused() -> PermissionDenied:
    return PermissionDenied(_("您没有权限查看这项统计背后的记录。"))


def narrow(scope: Scope, *, user, module, key: str) -> Scope:
    """The scope a drill-down of ``key`` lists, for ``user`` (``None``: operator).

    Raise :class:`~tongxin.stats.drilling.UnknownFigure` when no gate covers
    the key and :class:`PermissionDenied` when the listing policy gives the
    user no part of the scope.
    """
    gate = gate_for(module, key)
    if gate is None:
        raise UnknownFigure(key)
    if user is None or gate.policy is None:
        return replace(scope, viewer=user, gate=gate)
    reach = gate.policy.scopes(user, gate.action)
    paths = intersect(scope.paths, reach) if reach else ()
    if not paths:
        raise refused()
    return replace(scope, paths=paths, viewer=user, gate=gate)


def opens(scope: Scope, *, user, module, key: str) -> bool:
    """True if ``user`` may open the list behind ``key`` (to link it or not)."""
    gate = gate_for(module, key)
    if gate is None:
        return False
    if user is None or gate.policy is None:
        return True
    reach = gate.policy.scopes(user, gate.action)
    return bool(reach and intersect(scope.paths, reach))
