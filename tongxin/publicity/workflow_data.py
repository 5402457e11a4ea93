"""The article review workflow as first seeded, and the seeding itself.

Migration ``0003_seed_article_workflow`` holds a frozen copy of
:data:`WORKFLOWS` (migrations import no app code; a test keeps the two
equal).  The ``post_migrate`` handler in ``apps.py`` calls :func:`seed` again
after every ``migrate`` and ``flush``.  Seeding creates only what is missing
and never overwrites what an administrator changed.
"""

from __future__ import annotations

EDITORS = "staff_publicity,staff_office"
SUBMIT = "owner," + EDITORS

WORKFLOWS = {
    "publicity.article": {
        "name": "稿件审核",
        "states": [
            ("draft", "草稿", True, False),
            ("submitted", "已投稿", False, False),
            ("reviewed", "已审核", False, False),
            ("returned", "已退回", False, False),
            ("published", "已发表", False, True),
        ],
        "transitions": [
            ("draft", "submitted", "submit", "投稿", SUBMIT, "", False),
            ("returned", "submitted", "submit", "重新投稿", SUBMIT, "", False),
            ("submitted", "reviewed", "review", "审核通过", EDITORS, "", False),
            ("submitted", "returned", "return", "退回修改", EDITORS, "", True),
            ("reviewed", "returned", "return", "退回修改", EDITORS, "", True),
            ("reviewed", "published", "publish", "发表", EDITORS, "", False),
        ],
    },
}


def seed(apps, using: str = "default") -> None:
    """Create the workflows, states and transitions that do not exist yet."""
    from tongxin.workflows.seeding import seed as seed_workflows

    seed_workflows(apps, WORKFLOWS, using=using)
