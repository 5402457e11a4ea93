"""Who may do what with campaigns, tasks, inspections, liaison and regulations.

- Campaigns, their leading group, documents, tasks and goals are run by the
  office and the organization department in their subtrees; every staff
  department, leaders and heads read them.  A campaign is also open to the
  readers below its organizer: a branch head sees the committee's campaign
  (heads of base organizations sit in its leading group), though not its
  tasks beyond their own subtree, department or ownership.
- A task may be moved along (status, evidence) by campaign managers, by its
  owner, and by the staff of its responsible department (the publicity
  department's staff for a publicity task): access by department.  Its
  status follows the ``campaign_task`` workflow (:mod:`tongxin.workflows`);
  :meth:`CampaignPolicy.task_roles` gives the roles that workflow checks.
- Inspection visits are recorded by the organization department and the
  office; a visit lives at the visited organization, so its head reads it.
- Liaison assignments are kept by the office and the organization department;
  regulations by the office.  Everyone with a read role reads both.
"""

from __future__ import annotations

from tongxin.core import tree
from tongxin.core.policies import READ_ROLES, Policy, user_grants
from tongxin.workflows.models import OWNER

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

    # A campaign is open to the readers below its organizer (heads of base
    # organizations sit in its leading group); its tasks and the rest are not.
    open_actions = frozenset({"view"})

    def opens(self, model) -> bool:
        from tongxin.campaigns.models import Campaign

        return model is not None and issubclass(model, Campaign)

    def department_kinds(self, user, path: str) -> set[str]:
        """Return the department kinds the user works in, covering ``path``."""
        if not self.active(user):
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
        if not self.active(user):
            return False
        if task.owner_id is not None and task.owner_id == user.pk:
            return True
        return task.department.kind in self.department_kinds(user, task.path)

    def task_roles(self, user, task) -> set[str]:
        """Return the workflow roles the user holds on a task.

        The managing roles held over its place, ``owner`` for its owner, and
        the staff role of its responsible department; the ``campaign_task``
        workflow lets exactly these move it, so a user has one of them if and
        only if :meth:`can_work_on` holds.
        """
        if not self.active(user):
            return set()
        roles: set[str] = set()
        if self.can(user, "manage", task):
            held = {
                role
                for role, scope in user_grants(user)
                if role in MANAGE_ROLES and tree.is_within(task.path, scope)
            }
            roles |= held or set(MANAGE_ROLES)  # the superuser holds no grant
        if task.owner_id is not None and task.owner_id == user.pk:
            roles.add(OWNER)
        roles |= {
            role
            for role, scope in user_grants(user)
            if ROLE_DEPARTMENT.get(role) == task.department.kind
            and tree.is_within(task.path, scope)
        }
        return roles


policy = CampaignPolicy()
