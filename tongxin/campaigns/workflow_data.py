"""The work-plan task workflow as first seeded, and the seeding itself.

Migration ``0003_task_workflow`` holds a frozen copy of :data:`WORKFLOWS`
(migrations import no app code; a test keeps the two equal).  The
``post_migrate`` handler in ``apps.py`` calls :func:`seed` again after every
``migrate`` and ``flush``.  Seeding creates only what is missing and never
overwrites what an administrator changed.

Who may move a task: campaign managers (office and organization department
staff over its place), its owner (``owner``) and the staff of its responsible
department; :meth:`~tongxin.campaigns.policies.CampaignPolicy.task_roles`
gives a user only the department role that matches the task's department, so
every staff role is listed here.  A transition's ``action`` is the target
state's code: the web form and the API send the status a task moves to.
"""

from __future__ import annotations

WORKERS = (
    "owner,staff_office,staff_org,staff_publicity,staff_participation,staff_service"
)

WORKFLOWS = {
    "campaign_task": {
        "name": "工作任务",
        "states": [
            ("todo", "未开始", True, False),
            ("doing", "进行中", False, False),
            ("done", "已完成", False, False),
            ("cancelled", "已取消", False, False),
        ],
        "transitions": [
            ("todo", "doing", "doing", "进行中", WORKERS, "", False),
            ("todo", "done", "done", "已完成", WORKERS, "", False),
            ("todo", "cancelled", "cancelled", "已取消", WORKERS, "", False),
            ("doing", "done", "done", "已完成", WORKERS, "", False),
            ("doing", "todo", "todo", "未开始", WORKERS, "", False),
            ("doing", "cancelled", "cancelled", "已取消", WORKERS, "", False),
            ("done", "doing", "doing", "进行中", WORKERS, "", False),
            ("cancelled", "todo", "todo", "未开始", WORKERS, "", False),
        ],
    },
}
