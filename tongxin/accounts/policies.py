"""Who may manage accounts and grants (三员分立).

The system administrator manages accounts; the security administrator grants
rights; the audit administrator only reads the audit trail.
"""

from tongxin.core.policies import Policy


class AccountPolicy(Policy):
    rules = {
        "manage_users": frozenset({"sysadmin"}),
        "grant": frozenset({"secadmin"}),
        "view_grants": frozenset({"secadmin", "sysadmin", "auditadmin"}),
    }
    path_field = "path"


policy = AccountPolicy()
