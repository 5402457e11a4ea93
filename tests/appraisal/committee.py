"""A known committee for the appraisal tests, built through the services.

Members (``c``): ``a`` 王委员 (edu1, 政协委员, logs in as ``a_user``), ``b``
赵联名 (direct branch), ``c`` 李晓梅 (edu2, the ``people.member`` login),
``d`` 孙学员 (edu1), ``e`` 周未交 (edu2, did nothing).  Everything below is in
2025 unless said; the 2024 records are there to be left out.

- events: e0 edu1 2024-05-01 (a); e1 edu1 2025-03-10 (a, d); e2 committee
  2025-06-01 (a, b, c); e3 direct 2025-09-01 (b); e4 edu1 2025-11-01
  cancelled before anyone came.
- suggestions: c 2025-02-01 submitted; c draft; a 2024-03-01 submitted.
- proposals (session 2025): p1 a + co-signer b, 2025-01-15, filed, award
  2025; p2 a, 2025-02-20, not filed, **confidential**.
- opinion reports: r1 a + c (entered by a: edu1), 2025-04-01, adopted by the
  city 2025-05-01 and the province 2025-06-01; r2 c 2025-07-01 submitted.
- research topic t1 (edu2) c + d, 2025-03-01, approved 2025-04-01.
- honors: h1 city 2025-12-01 to a and to edu1; h2 provincial 2025 (year
  only) to c; h3 national 2024 to a.
- volunteer service: 2025-08-01 a 3.5 h, c 2 h; 2024-08-01 a 5 h.
- training class 2025-09-01..05: d (completed 2025-09-05) and c.
- articles: "支教见闻" by a and c published 2025-05-10 in the journal; one by
  a published 2024-06-01; a draft by c.  (Written with the ORM: the article
  services of the publicity app are not there yet.)
- inspections: edu1 2025-10-01 rated 较差 with 2 follow-up items; direct
  2025-10-02 rated 较好 with 1.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.activities.services import events as event_services
from tongxin.activities.services import social
from tongxin.campaigns.services import inspections
from tongxin.honors.services import honor_create
from tongxin.lifecycle.services import training
from tongxin.members.services import public_post_add
from tongxin.participation import services as part
from tongxin.publicity.models import (
    Article,
    ArticleAuthor,
    Column,
    JournalIssue,
    Publication,
)

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2025


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def login(username: str, *, root, role=None, node=None, member=None) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    if member is not None:
        user.member = member
        user.save()
    if role:
        grant_role(by=root, user=user, role=role, organization=node)
    return user


def _event(root, org, title, day, members, *, cancel=False):
    event = event_services.event_create(
        by=root,
        organization=org,
        title=title,
        kind="seminar",
        start_at=_at(day),
        end_at=_at(day, 11),
        allows_signup=False,
    )
    if cancel:
        event_services.event_cancel(event=event, by=root, reason="天气原因")
    elif members:
        event_services.attendance_mark(event=event, members=members, by=root)
    return event


def build_committee(people, org, root, make_member) -> SimpleNamespace:
    """Build the committee described in this module's docstring."""
    a = make_member(org.edu1, "王委员")
    b = make_member(org.direct, "赵联名", female=True)
    cm = people.member_record
    d = make_member(org.edu1, "孙学员")
    e = make_member(org.edu2, "周未交")
    public_post_add(
        member=a,
        by=root,
        kind="cppcc",
        level="city",
        body="大连市政协",
        start_on=dt.date(2017, 1, 1),
    )
    a_user = login("wangwy", root=root, role="member", node=org.edu1, member=a)

    # Events and attendance.
    _event(root, org.edu1, "2024年支部学习", dt.date(2024, 5, 1), [a])
    _event(root, org.edu1, "支部理论学习", dt.date(YEAR, 3, 10), [a, d])
    _event(root, org.city, "全市会员大会", dt.date(YEAR, 6, 1), [a, b, cm])
    _event(root, org.direct, "直属支部座谈", dt.date(YEAR, 9, 1), [b])
    _event(root, org.edu1, "取消的活动", dt.date(YEAR, 11, 1), [], cancel=True)

    # Participation.
    session = part.session_create(
        by=root,
        name="市政协十四届四次会议",
        body="大连市政协",
        level="city",
        year=YEAR,
        held_on=dt.date(YEAR, 1, 10),
    )
    part.suggestion_create(
        by=root, author=cm, title="加强课后服务", date=dt.date(YEAR, 2, 1), submit=True
    )
    part.suggestion_create(
        by=root, author=cm, title="草稿建议", date=dt.date(YEAR, 3, 1)
    )
    part.suggestion_create(
        by=root, author=a, title="往年建议", date=dt.date(2024, 3, 1), submit=True
    )
    p1 = part.proposal_create(
        by=root,
        kind="member",
        session=session,
        member=a,
        cosigners=[b],
        title="关于完善社区养老服务的提案",
        date=dt.date(YEAR, 1, 15),
        submit=True,
    )
    part.item_transition(
        by=root,
        item=p1,
        action="file",
        values={"number": "101"},
        occurred_on=dt.date(YEAR, 2, 1),
    )
    part.proposal_award_add(
        by=root, proposal=p1, name="优秀提案", body="大连市政协", year=YEAR
    )
    p2 = part.proposal_create(
        by=root,
        kind="member",
        session=session,
        member=a,
        title="涉密提案标题",
        date=dt.date(YEAR, 2, 20),
        confidential=True,
        submit=True,
    )
    part.item_transition(
        by=root, item=p2, action="reject", values={"not_filed_reason": "不属于提案范围"}
    )
    r1 = part.opinion_create(
        by=a_user,
        authors=[a, cm],
        title="关于校园食品安全的建议",
        date=dt.date(YEAR, 4, 1),
        submit=True,
    )
    part.item_transition(
        by=root, item=r1, action="sign_off", occurred_on=dt.date(YEAR, 4, 2)
    )
    part.item_transition(
        by=root,
        item=r1,
        action="report",
        values={"targets": "民进辽宁省委"},
        occurred_on=dt.date(YEAR, 4, 3),
    )
    part.adoption_add(
        by=root,
        report=r1,
        level="city",
        body="大连市委统战部",
        adopted_on=dt.date(YEAR, 5, 1),
    )
    part.adoption_add(
        by=root,
        report=r1,
        level="provincial",
        body="民进辽宁省委",
        adopted_on=dt.date(YEAR, 6, 1),
    )
    part.opinion_create(
        by=root, authors=[cm], title="第二篇信息", date=dt.date(YEAR, 7, 1), submit=True
    )
    t1 = part.research_create(
        by=root,
        organization=org.edu2,
        title="职业教育产教融合调研",
        target_body="民进辽宁省委",
        members=[cm, d],
        date=dt.date(YEAR, 3, 1),
        submit=True,
    )
    part.item_transition(
        by=root, item=t1, action="approve", values={"approved_on": dt.date(YEAR, 4, 1)}
    )

    # Honors.
    honor_create(
        by=root,
        organization=org.city,
        title="参政议政先进个人",
        category="participation",
        level="city",
        awarding_body="中共大连市委统战部",
        year=YEAR,
        awarded_on=dt.date(YEAR, 12, 1),
        members=[a],
        organizations=[org.edu1],
    )
    honor_create(
        by=root,
        organization=org.city,
        title="社会服务先进个人",
        category="social_service",
        level="provincial",
        awarding_body="民进辽宁省委",
        year=YEAR,
        members=[cm],
    )
    honor_create(
        by=root,
        organization=org.city,
        title="全国先进个人",
        category="overall",
        level="national",
        awarding_body="民进中央",
        year=2024,
        members=[a],
    )

    # Volunteer service.
    program = social.program_create(
        by=root, organization=org.city, name="同心·支教", kind="teaching"
    )
    social.service_activity_create(
        program=program,
        by=root,
        title="乡村学校支教",
        held_on=dt.date(YEAR, 8, 1),
        volunteers=[(a, "3.5"), (cm, "2")],
    )
    social.service_activity_create(
        program=program,
        by=root,
        title="往年支教",
        held_on=dt.date(2024, 8, 1),
        volunteers=[(a, "5")],
    )

    # Training.
    klass = training.class_create(
        by=root,
        organization=org.city,
        name="2025年新会员培训班",
        start_on=dt.date(YEAR, 9, 1),
        end_on=dt.date(YEAR, 9, 5),
    )
    attendees = training.attendee_add(by=root, training_class=klass, members=[d, cm])
    training.attendee_complete(
        by=root,
        training_class=klass,
        attendees=[x for x in attendees if x.member_id == d.pk],
        on=dt.date(YEAR, 9, 5),
    )

    # Inspections.
    team = inspections.team_create(
        by=root, organization=org.city, name="第一督查组", team=[people.staff]
    )
    v1 = inspections.visit_create(
        team=team,
        by=root,
        organization=org.edu1,
        visited_on=dt.date(YEAR, 10, 1),
        rating="poor",
        findings="活动记录不全",
    )
    for action in ("补齐活动记录", "落实学习制度"):
        inspections.followup_add(
            visit=v1, by=root, action=action, due_on=dt.date(YEAR, 12, 31)
        )
    v2 = inspections.visit_create(
        team=team,
        by=root,
        organization=org.direct,
        visited_on=dt.date(YEAR, 10, 2),
        rating="good",
    )
    inspections.followup_add(
        visit=v2, by=root, action="完善台账", due_on=dt.date(YEAR, 12, 31)
    )
    # Articles.
    column = Column.objects.create(name="会员风采", slug="fengcai")
    issue = JournalIssue.objects.create(
        year=YEAR, number=2, published_on=dt.date(YEAR, 5, 10)
    )

    def article(title, authors, *, state="published", on=None):
        item = Article.objects.create(
            title=title,
            column=column,
            organization=org.city,
            path=org.city.path,
            state=state,
            published_on=on,
        )
        for i, m in enumerate(authors):
            ArticleAuthor.objects.create(article=item, member=m, order=i)
        if on:
            Publication.objects.create(
                article=item,
                outlet="journal" if on.year == YEAR else "website",
                issue=issue if on.year == YEAR else None,
                outlet_name="" if on.year == YEAR else "民进大连网站",
                published_on=on,
            )
        return item

    article("支教见闻", [a, cm], on=dt.date(YEAR, 5, 10))
    article("往年稿件", [a], on=dt.date(2024, 6, 1))
    article("未完成的稿件", [cm], state="draft")

    return SimpleNamespace(
        a=a, b=b, c=cm, d=d, e=e, a_user=a_user, p1=p1, p2=p2, r1=r1, t1=t1
    )
