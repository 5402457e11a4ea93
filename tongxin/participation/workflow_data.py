"""The participation workflows as first seeded, and the seeding itself.

Migration ``0002_seed_workflows`` holds a frozen copy of :data:`WORKFLOWS`
(migrations import no app code; a test keeps the two equal).  The
``post_migrate`` handler in ``apps.py`` calls :func:`seed` again after every
``migrate`` and ``flush`` (a flushed database, such as after a browser test,
would otherwise have no workflows).  Seeding creates only what is missing and
never overwrites what an administrator changed.
"""

from __future__ import annotations

STAFF = "staff_participation"
SUBMIT = "owner," + STAFF

WORKFLOWS = {
    "participation.suggestion": {
        "name": "建议（一人一案）",
        "states": [
            ("draft", "草稿", True, False),
            ("submitted", "已提交", False, False),
            ("accepted", "已采纳", False, False),
            ("converted", "已转为提案", False, True),
            ("archived", "已存档", False, True),
        ],
        "transitions": [
            ("draft", "submitted", "submit", "提交", SUBMIT, "", False),
            ("submitted", "draft", "return", "退回修改", STAFF, "", True),
            ("submitted", "accepted", "accept", "采纳", STAFF, "", False),
            ("submitted", "converted", "convert", "转为提案", STAFF, "proposal", False),
            ("accepted", "converted", "convert", "转为提案", STAFF, "proposal", False),
            ("submitted", "archived", "archive", "存档", STAFF, "", False),
            ("accepted", "archived", "archive", "存档", STAFF, "", False),
        ],
    },
    "participation.proposal": {
        "name": "政协提案",
        "states": [
            ("draft", "草稿", True, False),
            ("submitted", "已提交", False, False),
            ("filed", "已立案", False, False),
            ("not_filed", "不予立案", False, True),
            ("merged", "已并案", False, True),
            ("replied", "已答复", False, False),
            ("closed", "已办结", False, True),
        ],
        "transitions": [
            ("draft", "submitted", "submit", "提交", SUBMIT, "", False),
            ("submitted", "draft", "return", "退回修改", STAFF, "", True),
            ("submitted", "filed", "file", "立案", STAFF, "", False),
            (
                "submitted",
                "not_filed",
                "reject",
                "不予立案",
                STAFF,
                "not_filed_reason",
                False,
            ),
            ("submitted", "merged", "merge", "并案", STAFF, "merged_into", False),
            ("filed", "replied", "reply", "答复", STAFF, "reply_on,reply_text", False),
            (
                "replied",
                "closed",
                "evaluate",
                "反馈满意度",
                SUBMIT,
                "satisfaction",
                False,
            ),
        ],
    },
    "participation.opinion": {
        "name": "社情民意信息",
        "states": [
            ("draft", "草稿", True, False),
            ("submitted", "已提交", False, False),
            ("signed_off", "已签批", False, False),
            ("reported", "已报送", False, False),
            ("adopted", "已采用", False, True),
            ("archived", "未采用存档", False, True),
        ],
        "transitions": [
            ("draft", "submitted", "submit", "提交", SUBMIT, "", False),
            ("submitted", "draft", "return", "退回修改", STAFF, "", True),
            (
                "submitted",
                "signed_off",
                "sign_off",
                "签批",
                STAFF + ",leader",
                "",
                False,
            ),
            ("signed_off", "reported", "report", "报送", STAFF, "targets", False),
            ("reported", "adopted", "adopt", "采用", STAFF, "adoptions", False),
            ("reported", "archived", "archive", "存档", STAFF, "", False),
        ],
    },
    "participation.research": {
        "name": "调研课题",
        "states": [
            ("draft", "草稿", True, False),
            ("submitted", "已申报", False, False),
            ("approved", "已立项", False, False),
            ("rejected", "未立项", False, True),
            ("concluded", "已结题", False, True),
        ],
        "transitions": [
            ("draft", "submitted", "submit", "申报", SUBMIT, "", False),
            ("submitted", "draft", "return", "退回修改", STAFF, "", True),
            ("submitted", "approved", "approve", "立项", STAFF, "approved_on", False),
            ("submitted", "rejected", "reject", "不予立项", STAFF, "", True),
            (
                "approved",
                "concluded",
                "conclude",
                "结题",
                SUBMIT,
                "final_report,outcome",
                False,
            ),
        ],
    },
}


def seed(apps, using: str = "default") -> None:
    """Create the workflows, states and transitions that do not exist yet."""
    from tongxin.workflows.seeding import seed as seed_workflows

    seed_workflows(apps, WORKFLOWS, using=using)
