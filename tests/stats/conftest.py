"""A small committee with a known year 2025, built through the services.

On top of ``org`` and ``people`` (tests/conftest.py), ``committee`` adds:

Organizations: ``edu3`` (a branch of edu founded 2025-04-01) and ``d2`` (a
directly-affiliated branch founded 2001, closed 2025-10-01).

Members (李晓梅 of edu2 comes from ``people``: woman, born 1975-03-14,
joined 2005, no ethnicity, education or title recorded):

=======  =====  ==========  ==============================================
name     org    born        story
=======  =====  ==========  ==============================================
张传吉   edu1   1960-01-01  man, 汉族, 博士 (11), senior title, 教育界,
                            政协委员 (city) since 2022
王芳     edu1   1992-05-01  woman, 回族, 本科 (21), intermediate title,
                            文化界, 人大代表 (district) since 2025; joined
                            2025-03-01 (admitted in 2025)
赵明     direct 1980-07-01  man, 汉族, 大专 (31); transferred to edu2 on
                            2025-06-01
孙丽     edu2   1970-01-01  woman; withdrew 2025-09-01
钱老     direct 1940-01-01  man; died 2025-02-01
周新     direct 1975-03-14  man; joined 2024-05-01
=======  =====  ==========  ==============================================

Activities: events of 2025 (city lecture 04-10 attended by 张 王 李; edu1
seminar 05-20 attended by 张; direct volunteering 07-01 attended by 周), a
cancelled city lecture of 2025 and a 2024 lecture (张), neither counted;
a program of the city with a 2025 activity (张 4 h, 李 2.5 h, 3 unnamed
volunteers, 120 elderly + 30 patients, 5,000 yuan money + 1,200.50 goods) and
a 2024 activity (张 8 h).

Participation (2025): a submitted suggestion (王), a filed group proposal of
the city with an award, a submitted member proposal (张), an opinion report
(李) adopted at city and provincial level, a draft report, research topics of
edu1 (approved, 民进省委, group 赵) and of direct (submitted, 市委统战部);
plus a 2024 proposal.

Honors: 2025 provincial participation honor to 李 and branch edu1; 2025
city social-service honor to 张; 2024 national honor to 张.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.conftest import make_id_number
from tongxin.activities import services as acts
from tongxin.honors import services as honors
from tongxin.members.services import (
    member_leave,
    member_transfer,
    public_post_add,
)
from tongxin.orgs.services import org_close, org_create
from tongxin.participation import services as part

YEAR = 2025


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def committee(org, people, make_member):
    root = people.root
    edu3 = org_create(
        by=root,
        name="教育三支部",
        kind="branch",
        code="G1B3",
        parent=org.edu,
        founded_on=dt.date(2025, 4, 1),
    )
    d2 = org_create(
        by=root,
        name="市直属第二支部",
        kind="direct_branch",
        code="D2",
        parent=org.city,
        founded_on=dt.date(2001, 1, 1),
    )
    org_close(org=d2, on=dt.date(2025, 10, 1), by=root)

    def member(o, name, born, female=False, **fields):
        return make_member(
            o,
            name,
            female=female,
            birth=born,
            id_number=make_id_number(born, female),
            **fields,
        )

    zhang = member(
        org.edu1,
        "张传吉",
        dt.date(1960, 1, 1),
        ethnicity="01",
        education="11",
        title="教授",
        title_level="senior",
        sector="01",
        joined_on=dt.date(2000, 1, 1),
    )
    wang = member(
        org.edu1,
        "王芳",
        dt.date(1992, 5, 1),
        female=True,
        ethnicity="03",
        education="21",
        title="讲师",
        title_level="intermediate",
        sector="02",
        joined_on=dt.date(2025, 3, 1),
    )
    zhao = member(
        org.direct,
        "赵明",
        dt.date(1980, 7, 1),
        ethnicity="01",
        education="31",
        joined_on=dt.date(2010, 1, 1),
    )
    sun = member(
        org.edu2,
        "孙丽",
        dt.date(1970, 1, 1),
        female=True,
        joined_on=dt.date(2012, 1, 1),
    )
    qian = member(
        org.direct, "钱老", dt.date(1940, 1, 1), joined_on=dt.date(1990, 1, 1)
    )
    zhou = member(
        org.direct, "周新", dt.date(1975, 3, 14), joined_on=dt.date(2024, 5, 1)
    )
    li = people.member_record
    public_post_add(
        member=zhang,
        by=root,
        kind="cppcc",
        level="city",
        body="大连市政协",
        start_on=dt.date(2022, 1, 1),
    )
    public_post_add(
        member=wang,
        by=root,
        kind="npc",
        level="district",
        body="西岗区人大",
        start_on=dt.date(2025, 1, 1),
    )
    member_transfer(member=zhao, to_org=org.edu2, on=dt.date(2025, 6, 1), by=root)
    member_leave(member=sun, status="withdrawn", on=dt.date(2025, 9, 1), by=root)
    member_leave(member=qian, status="deceased", on=dt.date(2025, 2, 1), by=root)

    # --- activities -----------------------------------------------------------------
    def event(o, title, kind, day, attended=()):
        e = acts.event_create(
            by=root,
            organization=o,
            title=title,
            kind=kind,
            start_at=_at(day),
            end_at=_at(day, 12),
            allows_signup=False,
        )
        if attended:
            acts.attendance_mark(event=e, members=attended, by=root)
        return e

    lecture = event(
        org.city,
        "文化讲堂：宋词里的大连",
        "lecture",
        dt.date(2025, 4, 10),
        [zhang, wang, li],
    )
    seminar = event(org.edu1, "教育座谈会", "seminar", dt.date(2025, 5, 20), [zhang])
    walk = event(
        org.direct, "徒步志愿服务", "volunteering", dt.date(2025, 7, 1), [zhou]
    )
    cancelled = event(org.city, "取消的讲座", "lecture", dt.date(2025, 8, 1))
    acts.event_cancel(event=cancelled, by=root, reason="天气")
    old = event(org.city, "去年的讲座", "lecture", dt.date(2024, 12, 1), [zhang])
    program = acts.program_create(
        by=root, organization=org.city, name="送医下乡", kind="medical"
    )
    clinic = acts.service_activity_create(
        program=program,
        by=root,
        title="义诊",
        held_on=dt.date(2025, 3, 15),
        other_volunteers=3,
        volunteers=[(zhang, 4), (li, "2.5")],
        beneficiaries=[("elderly", 120), ("patients", 30)],
    )
    acts.donation_add(
        activity=clinic, by=root, kind="money", value="5000", donor_org=org.city
    )
    acts.donation_add(
        activity=clinic,
        by=root,
        kind="goods",
        value="1200.50",
        donor_name="某药店",
        description="药品一批",
    )
    acts.service_activity_create(
        program=program,
        by=root,
        title="去年的义诊",
        held_on=dt.date(2024, 10, 1),
        volunteers=[(zhang, 8)],
    )

    # --- participation --------------------------------------------------------------
    session = part.session_create(
        by=root,
        name="市政协十四届四次会议",
        body="大连市政协",
        level="city",
        year=2025,
        held_on=dt.date(2025, 1, 10),
    )
    part.suggestion_create(
        by=root,
        author=wang,
        title="关于课后服务的建议",
        date=dt.date(2025, 3, 10),
        submit=True,
    )
    group = part.proposal_create(
        by=root,
        kind="group",
        session=session,
        organization=org.city,
        title="关于职业教育的提案",
        date=dt.date(2025, 1, 5),
        submit=True,
    )
    part.item_transition(
        by=root,
        item=group,
        action="file",
        values={"number": "12"},
        at=_at(dt.date(2025, 1, 20)),
    )
    part.proposal_award_add(
        by=root, proposal=group, name="优秀提案", body="大连市政协", year=2025
    )
    part.proposal_create(
        by=root,
        kind="member",
        session=session,
        member=zhang,
        title="关于教师减负的提案",
        date=dt.date(2025, 1, 6),
        submit=True,
    )
    part.proposal_create(
        by=root,
        kind="group",
        session=session,
        organization=org.city,
        title="去年的提案",
        date=dt.date(2024, 12, 20),
        submit=True,
    )
    report = part.opinion_create(
        by=root,
        authors=[li],
        title="社区养老的信息",
        date=dt.date(2025, 2, 1),
        submit=True,
    )
    part.item_transition(
        by=root, item=report, action="sign_off", at=_at(dt.date(2025, 2, 3))
    )
    part.item_transition(
        by=root,
        item=report,
        action="report",
        values={"targets": ["民进省委"]},
        at=_at(dt.date(2025, 2, 5)),
    )
    part.adoption_add(
        by=root,
        report=report,
        level="city",
        body="市委统战部",
        adopted_on=dt.date(2025, 4, 1),
    )
    part.adoption_add(
        by=root,
        report=report,
        level="provincial",
        body="民进省委",
        adopted_on=dt.date(2025, 5, 1),
    )
    part.opinion_create(
        by=root, authors=[zhou], title="草稿信息", date=dt.date(2025, 2, 2)
    )
    topic = part.research_create(
        by=root,
        organization=org.edu1,
        title="乡村教师队伍建设",
        target_body="民进省委",
        members=[zhao],
        date=dt.date(2025, 2, 10),
        submit=True,
    )
    part.item_transition(
        by=root,
        item=topic,
        action="approve",
        values={"approved_on": dt.date(2025, 3, 1)},
        at=_at(dt.date(2025, 3, 1)),
    )
    part.research_create(
        by=root,
        organization=org.direct,
        title="城市更新",
        target_body="市委统战部",
        date=dt.date(2025, 2, 11),
        submit=True,
    )

    # --- honors ---------------------------------------------------------------------
    def honor(title, level, category, year, day, members=(), organizations=()):
        return honors.honor_create(
            by=root,
            organization=org.city,
            title=title,
            category=category,
            level=level,
            awarding_body="民进辽宁省委员会",
            year=year,
            awarded_on=day,
            members=members,
            organizations=organizations,
        )

    honor(
        "参政议政先进",
        "provincial",
        "participation",
        2025,
        dt.date(2025, 6, 1),
        members=[li],
        organizations=[org.edu1],
    )
    honor("社会服务先进个人", "city", "social_service", 2025, None, members=[zhang])
    honor("全国优秀会员", "national", "overall", 2024, None, members=[zhang])

    return SimpleNamespace(
        **vars(org),
        edu3=edu3,
        d2=d2,
        people=people,
        root=root,
        zhang=zhang,
        wang=wang,
        zhao=zhao,
        sun=sun,
        qian=qian,
        zhou=zhou,
        li=li,
        events=SimpleNamespace(lecture=lecture, seminar=seminar, walk=walk, old=old),
        program=program,
        report=report,
    )
