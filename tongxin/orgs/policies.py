"""Who may do what with organizations, departments and posts."""

from tongxin.core.policies import READ_ROLES, Policy

EDIT_ROLES = frozenset({"staff_org", "staff_office"})


class OrganizationPolicy(Policy):
    """The tree itself is seen by the system and security administrators too
    (to keep accounts and grant roles); what the organizations hold --
    leadership posts, member counts -- is business data, read only with a
    business role (``view_business``)."""

    rules = {
        "view": READ_ROLES | {"sysadmin", "secadmin"},
        "view_business": READ_ROLES,
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
