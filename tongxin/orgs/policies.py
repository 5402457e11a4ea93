"""Who may do what with organizations, departments and posts."""

from tongxin.core.policies import READ_ROLES, Policy

EDIT_ROLES = frozenset({"staff_org", "staff_office"})


class OrganizationPolicy(Policy):
    rules = {
        "view": READ_ROLES | {"sysadmin", "secadmin"},
        "add": EDIT_ROLES,
        "change": EDIT_ROLES,
        "move": EDIT_ROLES,
        "close": EDIT_ROLES,
        "manage_posts": EDIT_ROLES,
        "manage_departments": frozenset({"staff_office"}),
    }
    path_field = "path"

    def path_of(self, obj) -> str:
        return obj.path if hasattr(obj, "path") else obj.organization.path


policy = OrganizationPolicy()
