"""Political participation of the demo committee, written through the services.

Modelled on the work report: "one person, one proposal" (一人一案) all year and
drives such as 我为软环境建设献一策 (about 150 suggestions); 10 research topics
submitted, 1 approved by the provincial committee and 2 by the city United
Front Work Department; 16 group proposals and about 100 member proposals to
the city CPPCC over the sessions since 2018, most filed and answered, 6 with
an excellent-proposal award; opinion reports adopted at city, provincial and
national level (民进中央, 全国政协, 省委统战部 ...), some with leaders'
instructions.  Deterministic from the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.members.models import Member, PublicPost
from tongxin.orgs.models import Organization
from tongxin.participation import services
from tongxin.participation.models import Proposal

ROOT_CODE = "DL"
#: Sessions of the city CPPCC: (name, year, held on).
SESSIONS = [
    ("市政协十三届一次会议", 2018, "01-20"),
    ("市政协十三届二次会议", 2019, "01-15"),
    ("市政协十三届三次会议", 2020, "01-08"),
    ("市政协十三届四次会议", 2021, "01-12"),
    ("市政协十三届五次会议", 2022, "01-10"),
    ("市政协十四届一次会议", 2023, "01-08"),
    ("市政协十四届二次会议", 2024, "01-09"),
    ("市政协十四届三次会议", 2025, "01-07"),
    ("市政协十四届四次会议", 2026, "01-06"),
]
TOPICS = [
    ("学前教育", "普惠性幼儿园覆盖面不足，入园难、入园贵问题依然存在。", "市教育局"),
    ("老城区停车", "老城区停车位缺口大，占道停车影响通行安全。", "市公安局"),
    ("营商环境", "企业办事仍存在材料多、环节多、时限长的问题。", "市营商环境建设局"),
    ("社区养老", "社区嵌入式养老服务设施不足，专业护理人员短缺。", "市民政局"),
    ("中小学生课后服务", "课后服务内容单一，家长接送难。", "市教育局"),
    ("海洋生态保护", "近岸海域生态修复投入不足，监测体系有待完善。", "市生态环境局"),
    (
        "青年人才留连",
        "高校毕业生留连比例偏低，住房和就业支持政策知晓度不高。",
        "市人社局",
    ),
    ("非遗传承", "部分非物质文化遗产项目后继乏人，传承人保障不足。", "市文化和旅游局"),
    (
        "医疗资源下沉",
        "基层医疗机构服务能力弱，群众就医仍向大医院集中。",
        "市卫生健康委",
    ),
    ("垃圾分类", "居民分类投放准确率不高，收运处理衔接不畅。", "市城市管理局"),
    ("职业教育", "职业院校专业设置与产业需求匹配度不高。", "市教育局"),
    ("乡村振兴", "涉农区县农村人居环境整治后续管护机制不健全。", "市农业农村局"),
]
ACTIONS = ["推进", "加强", "完善", "优化", "破解"]
DRIVES = [
    ("我为软环境建设献一策", "03-01", "05-31"),
    ("助力“十四五”规划建言", "06-01", "08-31"),
    ("我为乡村振兴献良策", "04-01", "06-30"),
]
OPINION_BODIES = [
    ("national", "民进中央"),
    ("national", "全国政协"),
    ("provincial", "省委统战部"),
    ("provincial", "民进省委会"),
    ("provincial", "省政协"),
    ("city", "市委统战部"),
    ("city", "市政协"),
]


def _text(topic: tuple[str, str, str], rng: random.Random) -> str:
    subject, problem, _unit = topic
    return (
        f"一、基本情况\n{problem}近年来，我市在{subject}方面做了大量工作，取得一定成效，"
        f"但与群众期待相比仍有差距。\n二、存在问题\n"
        f"一是统筹协调机制不健全；二是资金和人员保障不足；三是政策宣传不到位。\n"
        f"三、建议\n建议有关部门加强统筹，加大投入，"
        f"建立{subject}工作长效机制，{rng.choice(['分步推进', '试点先行', '纳入年度考核'])}。"
    )


class _Builder:
    def __init__(self, *, rng: random.Random, ref: dt.date, stdout: TextIO | None):
        self.rng = rng
        self.ref = ref
        self.stdout = stdout
        self.admin = User.objects.get(username="admin")
        self.root = Organization.objects.get(code=ROOT_CODE)
        self.members = list(
            Member.objects.filter(status=Member.Status.ACTIVE)
            .select_related("organization")
            .order_by("id")
        )
        self.sessions = {}

    def at(self, day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))

    def day_in(self, year: int, start: str = "01-01", end: str = "12-31") -> dt.date:
        lo = dt.date.fromisoformat(f"{year}-{start}")
        hi = min(dt.date.fromisoformat(f"{year}-{end}"), self.ref)
        if hi < lo:
            return hi
        return lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def bounded(self, day: dt.date, organization, members) -> dt.date:
        """``day``, moved up to when the organization existed and an author had
        joined (items are dated within the time they can have happened)."""
        floors = [organization.founded_on] if organization.founded_on else []
        joined = [m.joined_on for m in members if m.joined_on]
        if joined:
            floors.append(min(joined))
        return min(max([day, *floors]), self.ref)

    def title(self, topic) -> str:
        return f"关于{self.rng.choice(ACTIONS)}{topic[0]}的建议"

    def run(self) -> None:
        for name, year, held in SESSIONS:
            if year > self.ref.year:
                continue
            self.sessions[year] = services.session_create(
                by=self.admin,
                name=name,
                body="大连市政协",
                level="city",
                year=year,
                held_on=dt.date.fromisoformat(f"{year}-{held}"),
            )
        self._suggestions()
        self._proposals()
        self._research()
        self._opinions()

    def _do(self, item, action, day, **kw):
        services.item_transition(
            by=self.admin, item=item, action=action, at=self.at(day), **kw
        )

    # --- suggestions ------------------------------------------------------------

    def _suggestions(self) -> None:
        years = [y for y in range(self.ref.year - 3, self.ref.year + 1)]
        drives = []
        for (theme, start, end), year in zip(DRIVES, years[-3:], strict=False):
            start_on = dt.date.fromisoformat(f"{year}-{start}")
            if start_on > self.ref:
                continue
            drives.append(
                services.drive_create(
                    by=self.admin,
                    organization=self.root,
                    theme=theme,
                    start_on=start_on,
                    end_on=dt.date.fromisoformat(f"{year}-{end}"),
                    description=_("面向全体会员征集意见建议。"),
                )
            )
        authors = self.rng.sample(self.members, min(120, len(self.members)))
        for n in range(150):
            author = authors[n % len(authors)]
            drive = drives[n % len(drives)] if drives and n % 3 == 0 else None
            if drive is not None:
                day = drive.start_on + dt.timedelta(
                    days=self.rng.randint(
                        0, (min(drive.end_on, self.ref) - drive.start_on).days
                    )
                )
            else:
                day = self.day_in(self.rng.choice(years))
            day = self.bounded(day, author.organization, [author])
            if drive is not None and day > drive.end_on:
                drive = None
            topic = self.rng.choice(TOPICS)
            s = services.suggestion_create(
                by=self.admin,
                author=author,
                title=self.title(topic),
                text=_text(topic, self.rng),
                drive=drive,
                date=day,
                submit=n % 15 != 0,
                at=self.at(day),
            )
            if s.state == "submitted" and day < self.ref - dt.timedelta(days=30):
                roll = self.rng.random()
                if roll < 0.45:
                    self._do(s, "accept", day + dt.timedelta(days=10))
                elif roll < 0.6:
                    self._do(s, "archive", day + dt.timedelta(days=10))
        self.suggestions_done = True

    # --- proposals --------------------------------------------------------------

    def _cppcc_on(self, day: dt.date) -> list[Member]:
        from django.db.models import Q

        ids = PublicPost.objects.filter(
            Q(start_on__isnull=True) | Q(start_on__lte=day),
            Q(end_on__isnull=True) | Q(end_on__gte=day),
            kind="cppcc",
            level="city",
            member__status=Member.Status.ACTIVE,
        ).values_list("member_id", flat=True)
        return list(Member.objects.filter(pk__in=ids).order_by("id"))

    def _proposals(self) -> None:
        years = sorted(self.sessions)
        group_orgs = [self.root] + list(
            Organization.objects.filter(
                kind=Organization.Kind.GROUP if False else "grassroots",
                closed_on__isnull=True,
            ).order_by("path")[:4]
        )
        made: list[Proposal] = []
        for i in range(16):
            year = years[i % len(years)]
            session = self.sessions[year]
            topic = TOPICS[i % len(TOPICS)]
            org = (
                group_orgs[0]
                if i % 4
                else group_orgs[1 + (i // 4) % (len(group_orgs) - 1)]
                if len(group_orgs) > 1
                else group_orgs[0]
            )
            made.append(self._proposal(session, topic, organization=org, kind="group"))
        for i in range(104):
            year = years[i % len(years)]
            session = self.sessions[year]
            day = session.held_on - dt.timedelta(days=self.rng.randint(3, 20))
            holders = [
                m
                for m in self._cppcc_on(day)
                if m.joined_on is None or m.joined_on <= day
            ]
            if not holders:
                continue
            lead = self.rng.choice(holders)
            others = [m for m in holders if m.pk != lead.pk]
            cosigners = self.rng.sample(
                others, min(len(others), self.rng.randint(0, 2))
            )
            topic = self.rng.choice(TOPICS)
            made.append(
                self._proposal(
                    session,
                    topic,
                    member=lead,
                    cosigners=cosigners,
                    kind="member",
                    day=day,
                )
            )
        # A few suggestions become member proposals at this year's session.
        this = self.sessions.get(years[-1])
        holders = {m.pk for m in self._cppcc_on(self.ref)} if this else set()
        from tongxin.participation.models import Suggestion

        for s in Suggestion.objects.filter(
            state="accepted", author_id__in=holders
        ).order_by("id")[:4]:
            services.suggestion_to_proposal(by=self.admin, suggestion=s, session=this)
        replied = list(
            Proposal.objects.filter(
                pk__in=[p.pk for p in made], state__in=("replied", "closed")
            )
            .select_related("session")
            .order_by("id")
        )
        for p in self.rng.sample(replied, min(6, len(replied))):
            services.proposal_award_add(
                by=self.admin,
                proposal=p,
                name=_("优秀提案"),
                body="大连市政协",
                year=p.session.year,
            )

    def _proposal(
        self,
        session,
        topic,
        *,
        kind,
        organization=None,
        member=None,
        cosigners=(),
        day=None,
    ):
        day = day or session.held_on - dt.timedelta(days=self.rng.randint(3, 20))
        p = services.proposal_create(
            by=self.admin,
            kind=kind,
            session=session,
            organization=organization,
            member=member,
            cosigners=cosigners,
            title=f"关于{self.rng.choice(ACTIONS)}{topic[0]}的提案",
            text=_text(topic, self.rng),
            date=day,
            submit=True,
            at=self.at(day),
        )
        if session.held_on > self.ref - dt.timedelta(days=20):
            return p
        roll = self.rng.random()
        filed_on = session.held_on + dt.timedelta(days=15)
        if roll < 0.08:
            self._do(
                p,
                "reject",
                filed_on,
                values={"not_filed_reason": _("属于个人诉求，转作社情民意信息处理。")},
            )
            return p
        self._do(
            p,
            "file",
            filed_on,
            values={"number": f"{session.year}{self.rng.randint(1, 600):04d}"},
        )
        services.proposal_unit_add(
            by=self.admin, proposal=p, name=topic[2], role="lead"
        )
        if self.rng.random() < 0.3:
            services.proposal_unit_add(
                by=self.admin, proposal=p, name="市财政局", role="assist"
            )
        reply_on = session.held_on + dt.timedelta(days=self.rng.randint(90, 150))
        if reply_on > self.ref:
            return p
        self._do(
            p,
            "reply",
            reply_on,
            values={
                "reply_on": reply_on,
                "reply_unit": topic[2],
                "reply_text": f"{topic[2]}答复：您提出的关于{topic[0]}的提案收悉。我们高度重视，"
                "已会同有关部门认真研究，相关建议已纳入年度工作计划，将分步落实。感谢对我们工作的支持。",
            },
        )
        if self.rng.random() < 0.7:
            self._do(
                p,
                "evaluate",
                reply_on + dt.timedelta(days=20),
                values={
                    "satisfaction": self.rng.choice(["satisfied", "satisfied", "basic"])
                },
            )
        return p

    # --- research topics ----------------------------------------------------------

    def _research(self) -> None:
        bases = list(
            Organization.objects.filter(
                kind="grassroots", closed_on__isnull=True
            ).order_by("path")
        ) or [self.root]
        plan = [
            ("民进省委会", "approve"),
            ("市委统战部", "approve"),
            ("市委统战部", "approve"),
            ("民进省委会", "reject"),
            ("市委统战部", "reject"),
            ("市政协", "reject"),
            ("民进省委会", "reject"),
            ("市委统战部", None),
            ("民进省委会", None),
            ("市政协", None),
        ]
        for i, (body, outcome) in enumerate(plan):
            year = self.ref.year - 9 + i if i < 7 else self.ref.year
            topic = TOPICS[(i + 3) % len(TOPICS)]
            org = self.root if i % 2 == 0 else bases[i % len(bases)]
            members = self.rng.sample(self.members, 3)
            day = self.bounded(self.day_in(year, "02-01", "04-30"), org, members)
            t = services.research_create(
                by=self.admin,
                organization=org,
                members=members,
                title=f"{topic[0]}问题研究",
                text=_text(topic, self.rng),
                target_body=body,
                deadline=dt.date(year, 11, 30),
                date=day,
                submit=True,
                at=self.at(day),
            )
            if outcome == "approve":
                self._do(
                    t,
                    "approve",
                    day + dt.timedelta(days=30),
                    values={
                        "approved_on": day + dt.timedelta(days=30),
                        "funding": "20000",
                    },
                )
            elif outcome == "reject":
                self._do(
                    t,
                    "reject",
                    day + dt.timedelta(days=30),
                    comment=_("未列入本年度立项计划。"),
                )

    # --- opinion reports ------------------------------------------------------------

    def _opinions(self) -> None:
        for i in range(45):
            year = self.ref.year - 5 + i % 6
            day = self.day_in(year)
            topic = self.rng.choice(TOPICS)
            authors = self.rng.sample(self.members, self.rng.choice([1, 1, 2]))
            day = self.bounded(day, authors[0].organization, authors)
            r = services.opinion_create(
                by=self.admin,
                authors=authors,
                title=f"关于{topic[0]}问题的情况反映",
                text=_text(topic, self.rng)[:1400],
                date=day,
                submit=True,
                at=self.at(day),
            )
            if day > self.ref - dt.timedelta(days=20):
                continue
            self._do(r, "sign_off", day + dt.timedelta(days=3))
            bodies = ["民进省委会", "市委统战部"] + (["民进中央"] if i % 3 == 0 else [])
            self._do(
                r, "report", day + dt.timedelta(days=5), values={"targets": bodies}
            )
            roll = self.rng.random()
            if roll < 0.55:
                picks = self.rng.sample(OPINION_BODIES, self.rng.choice([1, 1, 2]))
                for level, body in picks:
                    services.adoption_add(
                        by=self.admin,
                        report=r,
                        level=level,
                        body=body,
                        adopted_on=min(day + dt.timedelta(days=30), self.ref),
                    )
                if self.rng.random() < 0.3:
                    services.instruction_add(
                        by=self.admin,
                        report=r,
                        leader=self.rng.choice(["省委领导", "市委主要领导", "副市长"]),
                        content=_("请有关部门研究办理。"),
                        given_on=min(day + dt.timedelta(days=40), self.ref),
                    )
            elif roll < 0.8:
                self._do(r, "archive", day + dt.timedelta(days=60))


def build_participation(
    *, rng: random.Random, ref: dt.date, stdout: TextIO | None = None
) -> None:
    """Add the demo committee's participation records (after its members)."""
    _Builder(rng=rng, ref=ref, stdout=stdout).run()
