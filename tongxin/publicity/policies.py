"""Who may do what with broadcasts and magazine subscriptions.

Records carry ``path``: a broadcast its recipients' organization (or the
event's organizer), a subscription its organization.

- The publicity department (宣传部) and the office send broadcasts to the
  members of their subtree and read them; leaders read them.
- Subscriptions are read like the registry (staff, leaders, heads of base
  organizations within their subtree) and kept by publicity and the office.
- Every member sets their own channel preferences (no role needed).
"""

from __future__ import annotations

from tongxin.core.policies import READ_ROLES, Policy

SENDERS = frozenset({"staff_publicity", "staff_office"})


class PublicityPolicy(Policy):
    rules = {
        "view_broadcasts": SENDERS | {"leader"},
        "send": SENDERS,
        "view_subscriptions": READ_ROLES,
        "manage_subscriptions": SENDERS,
    }
    path_field = "path"

    def path_of(self, obj) -> str:
        from tongxin.members.models import Member

        if isinstance(obj, Member):
            return obj.org_path
        return obj.path


policy = PublicityPolicy()
