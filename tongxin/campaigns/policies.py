"""Who may do what with campaigns, tasks, inspections, liaison and regulations.

- Campaigns, their leading group, documents, tasks and goals are run by the
  office and the organization department in their subtrees; every staff
  department, leaders and heads read them.  A campaign is also open to the
  readers below its organizer: a branch head sees the committee's campaign
  (heads of base organizations sit in its leading group), though not its
  tasks beyond their own subtree, department or ownership.
- A task may be moved along (status, evidence) by campaign managers, by its
  owner, and by the staff of its responsible department (the publicity
  department's staff for a publicity task): access by department.
- Inspection visits are recorded by the organization department and the
  office; a visit lives at the visited organization, so its head reads it.
- Liaison assignments are kept by the office and the organization department;
  regulations by the office.  Everyone with a read role reads both.
"""

from __future__ import annotations

from django.db.models import Q

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, Policy, user_grants

MANAGE_ROLES = frozenset({"staff_office", "staff_org"})

#: The department kind each staff role works in.
ROLE_DEPARTMENT = {
    "staff_office": "office",
    "staff_org": "organization",
    "staff_publicity": "publicity",
    "staff_participation": "participation",
    "staff_service": "social_service",
}


class CampaignPolicy(Policy):
    rules = {
        "view": READ_ROLES,
        "manage": MANAGE_ROLES,
        "view_inspections": READ_ROLES,
        "manage_inspections": MANAGE_ROLES,
        "view_liaison": READ_ROLES,
        "manage_liaison": MANAGE_ROLES,
        "view_regulations": READ_ROLES,
        "manage_regulations": frozenset({"staff_office"}),
    }
    path_field = "path"

    def path_of(self, obj) -> str:
        if hasattr(obj, "path"):
            return obj.path
        return obj.organization.path

    def _above(self, user) -> list[str]:
        """Return the paths of the ancestors of the user's reading scopes."""
        from tongxin.activities.policies import ancestor_paths

        paths: set[str] = set()
        for scope in self.scopes(user, "view"):
            if scope:
                paths.update(ancestor_paths(scope))
        return sorted(paths)

    def visible(self, user, queryset, action: str = "view"):
        qs = super().visible(user, queryset, action)
        if action != "view" or queryset.model.__name__ != "Campaign":
            return qs
        above = self._above(user)
        if not above or self.scopes(user, action) == [""]:
            return qs
        return queryset.filter(self.scope_q(user, action) | Q(path__in=above))

    def can(self, user, action: str, obj=None) -> bool:
        if super().can(user, action, obj):
            return True
        if action != "view" or obj is None or type(obj).__name__ != "Campaign":
            return False
        return obj.path in self._above(user)

    def department_kinds(self, user, path: str) -> set[str]:
        """Return the department kinds the user works in, covering ``path``."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return set()
        return {
            ROLE_DEPARTMENT[role]
            for role, scope in user_grants(user)
            if role in ROLE_DEPARTMENT and tree.is_within(path, scope)
        }

    def can_work_on(self, user, task) -> bool:
        """Return True if the user may change a task's status and evidence."""
        if self.can(user, "manage", task):
            return True
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if task.owner_id is not None and task.owner_id == user.pk:
            return True
        return task.department.kind in self.department_kinds(user, task.path)


policy = CampaignPolicy()
