"""A known committee for 2014, built through the services, for the statistics
sections and the annual report.

On top of ``cmp`` (tests/campaigns/conftest.py: the committee with its chair,
two vice-chairs, three branch heads, three departments and the 2014
campaign "创先争优活动"), ``report_committee`` adds:

- the leading group from the posts (chair, two vice-chairs, three heads);
- four tasks due in 2014: two done, one still open (overdue by year end),
  one cancelled;
- an inspection team visiting edu1 twice and edu2 once (of four base
  organizations), one visit with the host unit's party organization, one
  follow-up done;
- culture: the series "大连民进文化讲堂" with two lectures (3 and 2 present),
  one education forum (1 present), a study session, a cancelled lecture and a
  2015 lecture that do not count; the lecture series also ran in 2012 and 2013;
- talent: chair leading, vice 1 key, head 1 backbone, head 2 reserve on
  2014-12-31 (head 3 placed only in 2015), a recommendation appointed, the
  reserve roster with two entries for two teams;
- a training class in September 2014: two sessions, three attendees, two
  completed and given certificates;
- regulations: one adopted in 2014, one adopted in 2010 and revised in 2014,
  one adopted in 2015; liaison: the chair with edu1, vice 1 with edu, the
  office with the direct branch.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.campaigns.conftest import PDF, cmp  # noqa: F401
from tongxin.activities import services as act
from tongxin.campaigns import services as camp
from tongxin.lifecycle.services import certificates as certs
from tongxin.lifecycle.services import training
from tongxin.talent import services as talent

D = dt.date


def _at(day: dt.date, hour: int = 14) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(hour), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def report_committee(cmp, make_member):  # noqa: F811
    root, org = cmp.root, cmp.org
    chair, vice1, heads = cmp.chair, cmp.vices[0], cmp.heads
    campaign = cmp.campaign
    camp.group_fill_from_posts(campaign=campaign, by=root, on=D(2014, 1, 1))

    def task(title, due, dep, month):
        return camp.task_create(
            campaign=campaign,
            by=root,
            title=title,
            department=dep,
            due_on=due,
            month=month,
        )

    t1 = task("召开动员大会", D(2014, 3, 31), cmp.dep.office, "2014-03")
    t2 = task("设立创先争优专栏", D(2014, 5, 31), cmp.dep.publicity, "2014-05")
    task("走访基层组织", D(2014, 3, 31), cmp.dep.organization, "2014-03")
    t4 = task("编印会员手册", D(2014, 6, 30), cmp.dep.publicity, "2014-06")
    camp.task_transition(task=t1, by=root, to="done", on=D(2014, 3, 20))
    camp.task_transition(task=t2, by=root, to="done", on=D(2014, 5, 28))
    camp.task_transition(task=t4, by=root, to="cancelled", on=D(2014, 6, 10))

    team = camp.team_create(
        by=root, organization=org.city, name="第一督查组", campaign=campaign
    )
    v1 = camp.visit_create(
        team=team,
        by=root,
        organization=org.edu1,
        visited_on=D(2014, 10, 10),
        rating="excellent",
        host_party_org="第二十中学党委",
    )
    camp.visit_create(
        team=team,
        by=root,
        organization=org.edu1,
        visited_on=D(2014, 11, 20),
        rating="good",
    )
    camp.visit_create(
        team=team,
        by=root,
        organization=org.edu2,
        visited_on=D(2014, 10, 15),
        rating="good",
    )
    f = camp.followup_add(
        visit=v1, by=root, action="补齐会议记录", due_on=D(2014, 12, 1)
    )
    camp.followup_done(followup=f, by=root, on=D(2014, 11, 30))

    # Culture and education.
    a, b, c = (make_member(org.edu1, n) for n in ("文一", "文二", "文三"))
    hall = act.series_create(
        by=root, organization=org.city, name="大连民进文化讲堂", kind="lecture"
    )

    def event(title, kind, day, present=(), **fields):
        e = act.event_create(
            by=root,
            organization=org.city,
            title=title,
            kind=kind,
            start_at=_at(day),
            end_at=_at(day, 16),
            allows_signup=False,
            **fields,
        )
        if present:
            act.attendance_mark(event=e, members=present, by=root)
        return e

    event("文化讲堂·2012", "lecture", D(2012, 4, 1), series=hall, edition=1)
    event("文化讲堂·2013", "lecture", D(2013, 4, 1), series=hall, edition=2)
    event("文化讲堂·书法", "lecture", D(2014, 4, 1), (a, b, c), series=hall, edition=3)
    event("文化讲堂·诗词", "lecture", D(2014, 9, 1), (a, b), series=hall, edition=4)
    event("教育论坛·课改", "forum", D(2014, 5, 10), (c,))
    event("中心组学习会", "study", D(2014, 6, 1))
    cancelled = event("取消的讲座", "lecture", D(2014, 7, 1))
    act.event_cancel(event=cancelled, by=root, reason="天气原因")
    event("文化讲堂·2015", "lecture", D(2015, 4, 1), series=hall, edition=5)

    # Talent and the reserve roster.
    talent.placement_add(by=root, member=chair, tier="leading", start_on=D(2013, 1, 1))
    talent.placement_add(by=root, member=vice1, tier="key", start_on=D(2014, 2, 1))
    talent.placement_add(
        by=root, member=heads[0], tier="backbone", start_on=D(2014, 3, 1)
    )
    talent.placement_add(
        by=root, member=heads[1], tier="reserve", start_on=D(2014, 3, 1)
    )
    talent.placement_add(
        by=root, member=heads[2], tier="reserve", start_on=D(2015, 1, 5)
    )
    talent.step_add(by=root, member=heads[0], kind="found", on=D(2014, 3, 1))
    talent.training_add(
        by=root,
        member=heads[0],
        kind="course",
        title="省委会骨干培训班",
        start_on=D(2014, 7, 1),
    )
    rec = talent.recommendation_add(
        by=root,
        member=vice1,
        target="cppcc",
        position="市政协委员",
        recommended_on=D(2014, 4, 1),
    )
    talent.recommendation_outcome(
        by=root, recommendation=rec, outcome="appointed", on=D(2014, 12, 1)
    )
    talent.reserve_add(
        by=root,
        member=heads[0],
        organization=org.city,
        post="副主委",
        readiness="now",
        start_on=D(2014, 5, 1),
    )
    talent.reserve_add(
        by=root,
        member=heads[1],
        organization=org.edu,
        post="主委",
        readiness="soon",
        start_on=D(2014, 5, 1),
    )

    # A new-member class with its ceremony.
    klass = training.class_create(
        by=root,
        organization=org.city,
        name="2014年新会员培训班",
        start_on=D(2014, 9, 1),
        end_on=D(2014, 9, 3),
        place="市委会会议室",
    )
    training.session_add(by=root, training_class=klass, on=D(2014, 9, 1), title="会史")
    training.session_add(by=root, training_class=klass, on=D(2014, 9, 3), title="颁证")
    n1, n2, n3 = (make_member(org.edu2, n) for n in ("新一", "新二", "新三"))
    rows = training.attendee_add(by=root, training_class=klass, members=[n1, n2, n3])
    training.attendee_complete(by=root, training_class=klass, attendees=rows[:2])
    certs.certificates_issue_for_class(by=root, training_class=klass)

    # Regulations and liaison.
    camp.regulation_create(
        by=root,
        organization=org.city,
        title="领导班子成员分工联系基层组织制度",
        issuing_body="民进测试市委员会",
        effective_on=D(2014, 3, 1),
        number="测民发〔2014〕3号",
    )
    rules = camp.regulation_create(
        by=root,
        organization=org.city,
        title="基层组织工作条例",
        issuing_body="民进测试市委员会",
        effective_on=D(2010, 1, 1),
    )
    camp.version_add(
        regulation=rules,
        by=root,
        upload=SimpleUploadedFile("条例.pdf", PDF),
        label="2014年修订版",
        effective_on=D(2014, 6, 1),
    )
    camp.regulation_create(
        by=root,
        organization=org.city,
        title="机关部室联系基层组织制度",
        issuing_body="民进测试市委员会",
        effective_on=D(2015, 2, 1),
    )
    camp.liaison_assign(
        by=root, organization=org.edu1, leader=chair, start_on=D(2014, 1, 1)
    )
    camp.liaison_assign(
        by=root, organization=org.edu, leader=vice1, start_on=D(2014, 1, 1)
    )
    camp.liaison_assign(
        by=root,
        organization=org.direct,
        department=cmp.dep.office,
        start_on=D(2014, 1, 1),
    )
    return SimpleNamespace(**vars(cmp), klass=klass, hall=hall)
