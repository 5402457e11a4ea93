"""Who may see duty records, points, rankings and scores, and keep the rules.

- A member sees their own duty record and points (``view_record`` is a
  self action; the record is the member's, at the member's ``org_path``).
- Staff, leaders and heads of base organizations see the records of the
  members in their subtrees, the points ranking of an organization in their
  subtree and the scores of the base organizations in it.
- The rules are one table for the whole committee: only the organization
  department and the office holding a grant on a top-level organization
  (the committee) change them.  Everyone who sees rankings reads them.
"""

from __future__ import annotations

from django.db.models import Q

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, Policy

RULE_ROLES = frozenset({"staff_org", "staff_office"})


class AppraisalPolicy(Policy):
    rules = {
        "view_record": READ_ROLES,
        "export_record": READ_ROLES,
        "view_ranking": READ_ROLES,
        "view_scores": READ_ROLES,
        "view_rules": READ_ROLES,
        "manage_rules": RULE_ROLES,
    }
    self_actions = frozenset({"view_record", "export_record"})
    path_field = "org_path"

    def owner_q(self, user) -> Q | None:
        member_id = getattr(user, "member_id", None)
        return Q(pk=member_id) if member_id else None

    def is_owner(self, user, obj) -> bool:
        member_id = getattr(user, "member_id", None)
        return bool(member_id) and getattr(obj, "pk", None) == member_id

    def path_of(self, obj) -> str:
        if hasattr(obj, "org_path"):
            return obj.org_path
        return obj.path

    def can_manage_rules(self, user) -> bool:
        """Rules are committee-wide: the grant must be on a top-level node."""
        if not self.active(user):
            return False
        return any(
            p == "" or tree.depth_of(p) == 0 for p in self.scopes(user, "manage_rules")
        )


policy = AppraisalPolicy()
