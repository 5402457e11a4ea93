"""Who may see statistics, the dashboard and the reports, and where."""

from tongxin.core.policies import READ_ROLES, Policy


class StatsPolicy(Policy):
    rules = {
        "view_stats": READ_ROLES,
        "export_stats": READ_ROLES,
    }
    path_field = "path"


policy = StatsPolicy()
