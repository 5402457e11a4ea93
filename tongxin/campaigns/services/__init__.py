"""Every write to campaigns, tasks, goals, inspections, liaison and regulations.

Split by topic; import from here: ``services.task_create(...)``.
"""

from tongxin.campaigns.services.campaigns import (  # noqa: F401
    CAMPAIGN_FIELDS,
    TASK_FIELDS,
    _month_start,
    campaign_create,
    campaign_update,
    document_add,
    evidence_add,
    goal_add,
    goal_remove,
    group_add,
    group_fill_from_posts,
    group_remove,
    send_task_reminders,
    task_create,
    task_transition,
    task_update,
)
from tongxin.campaigns.services.inspections import (  # noqa: F401
    followup_add,
    followup_done,
    team_create,
    visit_create,
)
from tongxin.campaigns.services.registry import (  # noqa: F401
    liaison_assign,
    liaison_end,
    regulation_create,
    regulation_set_status,
    version_add,
)
