"""Who may do what with the honors registry.

Staff of every department record honors in their subtrees; leaders and heads
of base organizations read.  An honor is visible where it was registered and
wherever one of its recipients is: a branch head sees the committee's honor
that names members of their branch.
"""

from __future__ import annotations

from django.db.models import Q

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, STAFF_ROLES, Policy


class HonorPolicy(Policy):
    rules = {
        "view": READ_ROLES,
        "manage": STAFF_ROLES,
    }
    path_field = "path"

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        if hasattr(obj, "path"):
            return obj.path
        return obj.organization.path

    def visible(self, user, queryset, action: str = "view"):
        """Return honors registered in, or given to someone in, the user's scopes."""
        if not self.active(user):
            return queryset.none()
        scopes = self.scopes(user, action)
        if scopes == [""]:
            return queryset
        if not scopes:
            return queryset.none()
        if action != "view":
            return queryset.filter(tree.subtrees_q(scopes, "path"))
        from tongxin.honors.models import HonorRecipient

        given = HonorRecipient.objects.filter(
            tree.subtrees_q(scopes, "org_path")
        ).values("honor_id")
        return queryset.filter(tree.subtrees_q(scopes, "path") | Q(pk__in=given))

    def can(self, user, action: str, obj=None) -> bool:
        if super().can(user, action, obj):
            return True
        if obj is None or action != "view" or not hasattr(obj, "recipients"):
            return False
        scopes = self.scopes(user, action)
        return any(
            tree.is_within(p, s)
            for p in obj.recipients.values_list("org_path", flat=True)
            for s in scopes
        )


policy = HonorPolicy()
