"""Who may read the audit trail: the audit administrator, and nobody else.

三员分立: the system administrator, the security administrator, staff and even
a Django superuser are refused; only a user holding the ``auditadmin`` role
(on any organization — the trail is not divided by organization) may view
and export it.  The trail is never written through a policy: rows are
appended by ``tongxin.audit.services`` only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tongxin.core import tree
from tongxin.core.policies import Policy, user_grants

AUDIT_ROLES = frozenset({"auditadmin"})


class AuditPolicy(Policy):
    rules = {"view": AUDIT_ROLES, "export": AUDIT_ROLES}

    def scopes(self, user, action: str) -> list[str]:
        """Return the subtrees of the user's matching grants; no superuser bypass."""
        roles = self.rules.get(action, frozenset())
        return tree.minimal_paths(p for r, p in user_grants(user) if r in roles)

    def can(self, user, action: str, obj=None) -> bool:
        """Return True if the user holds a grant allowing ``action`` anywhere."""
        if not self.active(user):
            return False
        return bool(self.scopes(user, action))

    def visible(self, user, queryset: QuerySet, action: str = "view") -> QuerySet:
        """Return the whole trail to an audit administrator, nothing to others."""
        return queryset if self.can(user, action) else queryset.none()


policy = AuditPolicy()
