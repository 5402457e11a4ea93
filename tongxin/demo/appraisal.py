"""Demo records that make the duty records, points and scores worth a look.

The other demo builders already leave attendance, participation, honors,
volunteer hours and inspections behind; the appraisal pages compute from
those.  This adds, through the services, a year's worth of duties for the
member login (``huiyuan``) -- a suggestion, an opinion report adopted by the
city, volunteer hours and a committee honor shared with a few others -- and
one inspection visit rated 较差 with follow-up items, so the organization
scores show a deduction.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.activities.models import Program
from tongxin.activities.services import social
from tongxin.campaigns.models import InspectionTeam
from tongxin.campaigns.services import inspections
from tongxin.honors.services import honor_create
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.participation import services as part


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def build_appraisal(*, rng: random.Random, ref: dt.date) -> None:
    admin = User.objects.get(username="admin")
    login = User.objects.filter(username="huiyuan", member__isnull=False).first()
    if login is None:
        return
    me = login.member
    colleagues = list(
        Member.objects.filter(
            organization_id=me.organization_id, status=Member.Status.ACTIVE
        )
        .exclude(pk=me.pk)
        .order_by("stroke_key", "id")[:3]
    )
    year_start = dt.date(ref.year, 1, 1)

    def day(offset: int) -> dt.date:
        return max(year_start, ref - dt.timedelta(days=offset))

    part.suggestion_create(
        by=login,
        author=me,
        title="关于在社区增设老年人助餐点的建议",
        text="建议在老旧小区较集中的街道增设助餐点，解决独居老人用餐难。",
        date=day(120),
        submit=True,
        at=_at(day(120)),
    )
    report = part.opinion_create(
        by=login,
        authors=[me, *colleagues[:1]],
        title="关于中小学课后服务经费保障的情况反映",
        text="部分学校课后服务经费来源单一，教师参与积极性不高，建议完善保障机制。",
        date=day(90),
        submit=True,
        at=_at(day(90)),
    )
    for action, offset, values in (
        ("sign_off", 87, None),
        ("report", 85, {"targets": ["市委统战部"]}),
    ):
        part.item_transition(
            by=admin, item=report, action=action, at=_at(day(offset)), values=values
        )
    part.adoption_add(
        by=admin,
        report=report,
        level="city",
        body="中共大连市委统战部",
        adopted_on=day(60),
    )
    program = Program.objects.order_by("id").first()
    if program is not None:
        social.service_activity_create(
            program=program,
            by=admin,
            title="秋季送教下乡",
            held_on=day(30),
            volunteers=[(me, "4"), *((m, "3") for m in colleagues)],
        )
    root = Organization.objects.filter(parent__isnull=True).order_by("path").first()
    honor_create(
        by=admin,
        organization=root,
        title="履职优秀会员",
        category="overall",
        level="committee",
        awarding_body="民进大连市委会",
        year=ref.year,
        awarded_on=day(10),
        members=[me, *colleagues[:2]],
    )
    team = InspectionTeam.objects.order_by("id").first()
    branches = list(
        Organization.objects.filter(kind="branch", closed_on__isnull=True).order_by(
            "path"
        )
    )
    if team is not None and branches:
        target = rng.choice(branches)
        visit = inspections.visit_create(
            team=team,
            by=admin,
            organization=target,
            visited_on=day(45),
            rating="poor",
            findings="支部全年仅开展一次活动，会议记录缺失，一人一案推进缓慢。",
        )
        for action in ("制定年度活动计划并报市委会组织部", "补齐支部会议记录"):
            inspections.followup_add(
                visit=visit,
                by=admin,
                action=action,
                due_on=day(45) + dt.timedelta(days=60),
            )
