"""Honors, campaigns, inspections, liaison and regulations of the demo committee.

Modelled on the 2014 work report's excellence campaign (创先争优): launched in
October with a work plan and a launch notice, led by a group filled from the
current posts (the chair, the vice-chairs, the heads of base organizations),
with a year of monthly tasks spread over the five departments -- the past
ones mostly done with evidence, a few overdue -- and goals counted against
honors; inspection teams of staff and leaders visited all but a few base
organizations since October and talked with the host units' party
organizations; the chair and vice-chairs and the departments each keep in
touch with base organizations; a dozen regulations, some revised or repealed.
Everything is written through the services, anchored on ``ref``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.accounts.models import User
from tongxin.activities.models import Event
from tongxin.campaigns import services
from tongxin.campaigns.models import Task, Visit
from tongxin.demo.honors import build_honors
from tongxin.orgs.models import Department, Organization, Post

ROOT_CODE = "DL"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"

#: (month, department kind, task) of the work plan; month 0 is the launch.
PLAN = [
    (1, "office", "召开创先争优活动动员大会"),
    (1, "organization", "各基层组织制定活动实施方案"),
    (2, "publicity", "开设网站创先争优专栏"),
    (2, "organization", "基层组织负责人培训班"),
    (3, "participation", "组织会员围绕全市重点工作开展调研"),
    (3, "publicity", "会刊刊发创先争优专题"),
    (4, "social_service", "开展“同心·支教”活动"),
    (4, "organization", "督查组走访基层组织（第一轮）"),
    (5, "participation", "征集社情民意信息"),
    (5, "publicity", "评选优秀宣传稿件"),
    (6, "office", "上半年工作总结"),
    (6, "social_service", "开展送医送药活动"),
    (7, "organization", "发展新会员工作推进会"),
    (7, "participation", "参政议政成果汇编"),
    (8, "publicity", "QQ群、短信平台宣传推送"),
    (8, "social_service", "助学金发放"),
    (9, "organization", "督查组走访基层组织（第二轮）"),
    (9, "office", "组织“同心杯”健身比赛"),
    (10, "participation", "提交政协大会提案初稿"),
    (10, "publicity", "典型人物宣传"),
    (11, "organization", "推荐评选先进基层组织和先进个人"),
    (11, "social_service", "冬季送温暖活动"),
    (12, "office", "创先争优活动总结表彰大会"),
    (12, "publicity", "年度宣传工作总结"),
]

REGULATIONS = [
    (
        "领导班子成员分工联系基层组织制度",
        "民进大连〔2012〕5号",
        "2012-03-01",
        "in_force",
    ),
    ("机关职能部门联系基层组织制度", "民进大连〔2012〕6号", "2012-03-01", "in_force"),
    ("基层组织工作细则", "民进大连〔2010〕8号", "2010-06-01", "revised"),
    ("会员发展工作办法", "民进大连〔2011〕2号", "2011-01-15", "in_force"),
    ("参政议政工作奖励办法", "民进大连〔2013〕4号", "2013-02-20", "in_force"),
    ("社情民意信息工作办法", "民进大连〔2012〕11号", "2012-09-01", "in_force"),
    ("宣传工作管理办法", "民进大连〔2009〕7号", "2009-04-01", "repealed"),
    ("机关工作人员考勤制度", "民进大连办〔2011〕1号", "2011-03-01", "in_force"),
    ("财务管理制度", "民进大连办〔2012〕3号", "2012-01-01", "in_force"),
    ("会员活动经费使用办法", "民进大连〔2013〕9号", "2013-05-01", "in_force"),
    ("后备干部队伍建设办法", "民进大连〔2014〕1号", "2014-01-10", "in_force"),
    ("社会服务工作规范", "民进大连〔2013〕15号", "2013-10-08", "in_force"),
]

FINDINGS = [
    "组织生活正常，会员参与积极；活动记录需进一步规范。",
    "班子团结，能结合本单位特点开展活动；新会员教育有待加强。",
    "会员档案不全，已要求限期补齐。",
    "参政议政工作有亮点，提交社情民意信息多篇。",
    "与所在单位党组织沟通顺畅，党组织对支部工作给予支持。",
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_campaigns(*, rng: random.Random, ref: dt.date) -> None:
    """Add the records of the honors and campaigns apps to the demo committee."""
    build_honors(rng=rng, ref=ref)
    _Builder(rng=rng, ref=ref).run()


class _Builder:
    def __init__(self, *, rng: random.Random, ref: dt.date):
        self.rng = rng
        self.ref = ref
        self.admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        self.root = Organization.objects.get(code=ROOT_CODE)
        self.departments = {
            d.kind: d for d in Department.objects.filter(organization=self.root)
        }
        self.staff = User.objects.filter(username="zuzhibu").first()
        self.leader = User.objects.filter(username="zhuwei").first()
        self.bases = list(
            Organization.objects.filter(closed_on__isnull=True)
            .exclude(kind=Organization.Kind.COMMITTEE)
            .order_by("path")
        )

    def run(self) -> None:
        campaign = self._campaign()
        self._tasks(campaign)
        # Owners of tasks due in the month after ``ref`` find reminders in the nav.
        services.send_task_reminders(days=31, today=self.ref)
        self._inspections(campaign)
        self._liaison()
        self._regulations()

    def _campaign(self):
        year = self.ref.year
        campaign = services.campaign_create(
            by=self.admin,
            organization=self.root,
            title=f"{year}年度创先争优活动",
            start_on=dt.date(year - 1, 10, 1),
            end_on=dt.date(year, 12, 31),
            description="以“创先进基层组织、争做优秀会员”为主题，在全市委开展创先争优活动。",
        )
        for kind, title in (
            ("work_plan", "创先争优活动工作方案"),
            ("notice", "关于开展创先争优活动的通知"),
        ):
            services.document_add(
                campaign=campaign,
                by=self.admin,
                upload=_pdf(f"{title}.pdf"),
                kind=kind,
                title=title,
            )
        services.group_fill_from_posts(
            campaign=campaign, by=self.admin, on=dt.date(year - 1, 10, 1)
        )
        for kind, level, count, strength in (
            ("organization", "provincial", 1, "ensure"),
            ("organization", "national", 1, "strive"),
            ("individual", "committee", 10, "ensure"),
            ("individual", "provincial", 3, "strive"),
        ):
            services.goal_add(
                campaign=campaign,
                by=self.admin,
                kind=kind,
                level=level,
                count=count,
                strength=strength,
            )
        return campaign

    def _tasks(self, campaign) -> None:
        year = self.ref.year
        owners = [u for u in (self.staff, self.leader) if u is not None]
        documents = list(campaign.documents.all())
        for i, (month, kind, title) in enumerate(PLAN):
            last_day = (
                dt.date(year, month % 12 + 1, 1)
                if month < 12
                else dt.date(year + 1, 1, 1)
            ) - dt.timedelta(days=1)
            due = min(last_day, campaign.end_on)
            task = services.task_create(
                campaign=campaign,
                by=self.admin,
                title=title,
                department=self.departments[kind],
                month=dt.date(year, month, 1),
                due_on=due,
                owner=owners[i % len(owners)] if owners else None,
            )
            if due >= self.ref:
                if due.month == self.ref.month and i % 2:
                    services.task_transition(
                        task=task, by=self.admin, to=Task.Status.DOING
                    )
                continue
            if i % 7 == 3:  # left open: overdue
                continue
            self._evidence(task, documents, due)
            # Most on time; some finished weeks after their due date, entered
            # with that real day (overdue until then in the figures).
            late = i % 7 == 5
            services.task_transition(
                task=task,
                by=self.admin,
                to=Task.Status.DONE,
                on=min(due + dt.timedelta(days=40), self.ref)
                if late
                else due - dt.timedelta(days=2),
            )

    def _evidence(self, task, documents, due) -> None:
        event = (
            Event.objects.filter(
                start_at__date__gte=task.month, start_at__date__lte=due
            )
            .order_by("start_at")
            .first()
        )
        if event is not None:
            services.evidence_add(task=task, by=self.admin, kind="event", event=event)
        elif documents and task.department.kind == "office":
            services.evidence_add(
                task=task, by=self.admin, kind="document", document=documents[0]
            )
        else:
            services.evidence_add(
                task=task,
                by=self.admin,
                kind="link",
                title="网站专栏报道",
                url=f"http://www.example.org/cxzy/{task.pk}.html",
            )

    def _inspections(self, campaign) -> None:
        start = campaign.start_on
        members = [u for u in (self.staff, self.leader) if u is not None]
        teams = [
            services.team_create(
                by=self.admin,
                organization=self.root,
                name=name,
                team=members,
                campaign=campaign,
            )
            for name in ("第一督查组", "第二督查组", "第三督查组")
        ]
        span = max((self.ref - start).days, 1)
        # All but three base organizations; visits after the organization was founded.
        visited = self.bases[:-3]
        for i, org in enumerate(visited):
            on = start + dt.timedelta(days=(i * 7919) % span)
            if org.founded_on and org.founded_on > on:
                on = max(org.founded_on, start)
                if on > self.ref:
                    continue
            visit = services.visit_create(
                team=teams[i % 3],
                by=self.admin,
                organization=org,
                visited_on=on,
                rating=self.rng.choice(list(Visit.Rating.values)[:3]),
                people_met=f"{org.short_name or org.name}负责人、会员代表",
                host_party_org="所在单位党委负责同志",
                findings=FINDINGS[i % len(FINDINGS)],
            )
            if i % 9 == 2:
                services.followup_add(
                    visit=visit,
                    by=self.admin,
                    action="补齐会员档案和活动记录",
                    due_on=on + dt.timedelta(days=30),
                    owner=self.staff,
                )

    def _liaison(self) -> None:
        leaders = [
            p.member
            for p in Post.objects.filter(
                organization=self.root,
                end_on__isnull=True,
                title__in=[Post.Title.CHAIR, Post.Title.VICE_CHAIR],
            )
            .select_related("member")
            .order_by("title", "start_on", "id")
        ]
        top = [o for o in self.bases if o.parent_id == self.root.pk]
        start = dt.date(self.ref.year - 1, 3, 1)
        for i, org in enumerate(top):
            if leaders:
                services.liaison_assign(
                    by=self.admin,
                    organization=org,
                    start_on=start,
                    leader=leaders[i % len(leaders)],
                )
            kinds = [
                "organization",
                "publicity",
                "participation",
                "social_service",
                "office",
            ]
            services.liaison_assign(
                by=self.admin,
                organization=org,
                start_on=start,
                department=self.departments[kinds[i % len(kinds)]],
            )

    def _regulations(self) -> None:
        for title, number, on, status in REGULATIONS:
            effective = dt.date.fromisoformat(on)
            regulation = services.regulation_create(
                by=self.admin,
                organization=self.root,
                title=title,
                number=number,
                issuing_body="民进大连市委员会",
                effective_on=effective,
                upload=_pdf(f"{title}.pdf"),
            )
            if status == "revised":
                services.version_add(
                    regulation=regulation,
                    by=self.admin,
                    upload=_pdf(f"{title}（修订）.pdf"),
                    label="2014年修订",
                    effective_on=dt.date(2014, 1, 1),
                )
            if status != "in_force":
                services.regulation_set_status(
                    regulation=regulation, by=self.admin, status=status
                )
