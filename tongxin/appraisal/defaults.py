"""The rules a committee starts with, and their seeding.

Migration ``0002_seed_rules`` holds a frozen copy of :data:`RULES`
(migrations import no app code; a test keeps the two equal).  The
``post_migrate`` handler in ``apps.py`` seeds again after every ``migrate``
and ``flush``.  Seeding only creates rules whose code is missing and never
overwrites what staff changed.
"""

from __future__ import annotations

from decimal import Decimal

#: (scheme, code, name, measure, points, cap)
RULES: tuple[tuple[str, str, str, str, str, str | None], ...] = (
    ("member", "event", "参加活动", "event_attended", "1", "20"),
    ("member", "suggestion", "提交建议（一人一案）", "suggestion", "2", None),
    ("member", "proposal", "提交政协提案", "proposal_submitted", "3", None),
    ("member", "proposal-filed", "提案立案", "proposal_filed", "5", None),
    ("member", "proposal-award", "优秀提案", "proposal_awarded", "10", None),
    ("member", "opinion", "报送社情民意信息", "opinion_submitted", "2", None),
    ("member", "adopted-city", "信息被市级采用", "opinion_adopted_city", "5", None),
    (
        "member",
        "adopted-provincial",
        "信息被省级采用",
        "opinion_adopted_provincial",
        "10",
        None,
    ),
    (
        "member",
        "adopted-national",
        "信息被全国采用",
        "opinion_adopted_national",
        "20",
        None,
    ),
    ("member", "research", "参与调研课题", "research_submitted", "3", None),
    ("member", "research-approved", "调研课题立项", "research_approved", "8", None),
    ("member", "service-hour", "志愿服务时长", "service_hour", "0.5", "20"),
    ("member", "training", "培训班结业", "training_completed", "3", None),
    ("member", "article", "发表稿件", "article_published", "2", None),
    ("member", "honor-national", "全国级表彰", "honor_national", "20", None),
    ("member", "honor-provincial", "省级表彰", "honor_provincial", "10", None),
    ("member", "honor-city", "市级表彰", "honor_city", "6", None),
    ("member", "honor-committee", "市委会级表彰", "honor_committee", "3", None),
    ("org", "org-events", "开展活动", "org_events_held", "2", "30"),
    ("org", "org-coverage", "一人一案覆盖率", "org_coverage", "0.3", "30"),
    ("org", "org-adoptions", "信息被采用", "org_adoptions", "3", None),
    ("org", "org-honor-national", "全国级表彰", "org_honor_national", "10", None),
    ("org", "org-honor-provincial", "省级表彰", "org_honor_provincial", "6", None),
    ("org", "org-honor-city", "市级表彰", "org_honor_city", "4", None),
    ("org", "org-honor-committee", "市委会级表彰", "org_honor_committee", "2", None),
    ("org", "org-followups", "督查整改事项", "org_followups", "-3", None),
    ("org", "org-poor-visits", "督查评价较差", "org_poor_visits", "-10", None),
)


def seed(apps, using: str = "default") -> None:
    """Create the default rules whose code does not exist yet."""
    PointRule = apps.get_model("appraisal", "PointRule")
    existing = set(PointRule.objects.using(using).values_list("code", flat=True))
    if len(existing) >= len(RULES) and all(r[1] in existing for r in RULES):
        return
    for order, (scheme, code, name, measure, points, cap) in enumerate(RULES):
        if code in existing:
            continue
        PointRule.objects.using(using).create(
            scheme=scheme,
            code=code,
            name=name,
            measure=measure,
            points=Decimal(points),
            cap=Decimal(cap) if cap else None,
            active=True,
            sort_order=order,
        )
