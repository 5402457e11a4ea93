"""The part of the tree a statistic covers.

A scope is the set of subtrees the figures count: one organization's subtree
the user chose, or every subtree the user may see statistics of. Every figure
filters its records with :meth:`Scope.q` on the records' tree path, so the
filter is a range condition on an index (see :mod:`tongxin.core.tree`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from tongxin.core import tree
from tongxin.orgs.models import Organization
from tongxin.stats.policies import policy

__all__ = ["Scope", "ScopeError", "resolve_scope", "unknown_code"]


class ScopeError(ValueError):
    """An organization the figures cannot be computed for; shown to the user."""


@dataclass(frozen=True)
class Scope:
    paths: tuple[str, ...]
    org: Organization | None = None  # the chosen node, if one was chosen
    #: Set on the scope of a drill-down list: the user reading it and the
    #: gate (:class:`tongxin.stats.gates.Gate`) of the records it lists.
    viewer: object = field(default=None, compare=False, repr=False)
    gate: object = field(default=None, compare=False, repr=False)

    @property
    def everything(self) -> bool:
        return self.paths == ("",)

    def q(self, field: str = "path") -> Q:
        """Match records whose ``field`` path lies in the scope."""
        if self.everything:
            return Q()
        return tree.subtrees_q(list(self.paths), field)

    def listed(self, queryset, policy=None, action: str | None = None):
        """The part of ``queryset`` the viewer of a drill-down may list.

        Figures count every record (no viewer): ``queryset`` unchanged.  On a
        drill-down's scope, the records pass the listing app's policy (the
        gate's, or the ``policy`` and ``action`` given), so record rules
        beyond the tree (clearance, drafts, recipients) hold as in the lists.
        """
        if self.viewer is None:
            return queryset
        if policy is None and self.gate is not None:
            policy, action = self.gate.policy, action or self.gate.action
        if policy is None:
            return queryset
        return policy.visible(self.viewer, queryset, action or "view")

    @property
    def title(self) -> str:
        if self.org is not None:
            return self.org.name
        roots = self.root_orgs()
        return "、".join(o.name for o in roots) if roots else ""

    def root_orgs(self) -> list[Organization]:
        if self.org is not None:
            return [self.org]
        if self.everything:
            return list(Organization.objects.filter(parent__isnull=True))
        return list(Organization.objects.filter(path__in=self.paths))


def resolve_scope(*, user=None, code: str | None = None, org=None) -> Scope:
    """The scope for ``user`` (``None``: an operator on the command line).

    ``code`` or ``org`` narrows it to one organization's subtree, which must
    exist and lie within the user's reach; otherwise :class:`ScopeError` says
    why in Chinese.
    """
    if user is None:
        paths = [""]
    else:
        paths = policy.scopes(user, "view_stats")
        if not paths:
            raise ScopeError(_("您没有权限查看统计。"))
    if code not in (None, ""):
        org = Organization.objects.filter(code=str(code).strip()).first()
        if org is None:
            raise unknown_code(code)
    if org is None:
        return Scope(tuple(paths))
    if paths != [""] and not any(tree.is_within(org.path, p) for p in paths):
        # The same answer as for a code that does not exist: statistics must
        # not tell which codes are real outside the user's reach.
        raise unknown_code(code if code not in (None, "") else org.code)
    return Scope((org.path,), org)


def unknown_code(code) -> ScopeError:
    """The one answer for a code that does not exist or lies out of reach."""
    return ScopeError(
        _("组织代码“%(code)s”不存在或不在您可查看的范围内") % {"code": code}
    )
