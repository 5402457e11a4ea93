"""Activities of the demo committee: events, series, attendance, social service,
the award fund and the history wall, written through the activity services.

Modelled on the 2014 work report: the International Walking Festival (400+
members at the 11th festival in 2013, eight years running by then), the yearly
同心杯 fitness cup, the 文化讲堂 lectures and the 教育论坛, study sessions of
the leadership, exam counselling for about a thousand students a year; the
同心·支教 program at one rural school (eight consecutive years by 2014, a base
plaque, teaching equipment worth over 10,000 yuan), free medical visits to a
nursing home with health records and medicine worth over 20,000 yuan,
performances, Children's Day visits, tree planting springs running, and the
同心·梦起航 award fund.  Photos are small generated JPEGs.

Past attendance is recorded from "paper sheets" in bulk
(:func:`~tongxin.activities.services.attendance_import`); upcoming events
(anchored on today, so that sign-up works in the demo) get sign-ups one by one
through :func:`~tongxin.activities.services.signup_create`, including a full
event with a waiting list.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.activities import services
from tongxin.activities.models import (
    Attendance,
    Donation,
    Event,
    Photo,
    Program,
    Series,
    ServiceActivity,
    Signup,
)
from tongxin.core import tree
from tongxin.demo import data
from tongxin.members.models import Member
from tongxin.orgs.models import Department, Organization, Post

ROOT_CODE = "DL"
#: The walking festival: its 4th edition was in 2006, the 11th in 2013.
FESTIVAL_FIRST = (4, 2006)
#: Years no festival, cup or outing took place (the pandemic).
PAUSED = {2020, 2021, 2022}
FESTIVAL_TURNOUT = {2006: 160, 2007: 190, 2008: 230, 2009: 260, 2010: 300,
                    2011: 340, 2012: 380, 2013: 426, 2014: 405, 2015: 390,
                    2016: 372, 2017: 388, 2018: 396, 2019: 410}  # fmt: skip
LECTURES = (
    "宋词里的大连", "辽南民俗与民间艺术", "大连近代建筑的故事", "民进先贤马叙伦",
    "中华优秀传统文化与家风", "甲午战争与旅顺口", "京剧艺术欣赏", "书法的笔墨与精神",
    "海洋文化与大连", "儿童阅读与家庭教育", "中医养生与健康生活", "人工智能与未来教育",
    "老城区的记忆", "诗经中的植物", "东北抗联精神", "大连话里的历史",
)  # fmt: skip
FORUMS = (
    "新课程改革与课堂教学", "义务教育均衡发展", "职业教育与产教融合", "学前教育普惠",
    "教师专业成长", "家校社协同育人", "“双减”背景下的课后服务", "乡村教育振兴",
    "科学教育与创新人才培养", "高校与地方发展", "教育数字化转型",
)  # fmt: skip
BRANCH_TOPICS = ("支部组织生活会", "支部学习会", "支部座谈会", "会员谈心交流会")
STUDENT_CHARS = "子涵梓萱一诺欣怡雨桐可馨浩宇子轩宇轩浩然博文思远若汐佳怡俊熙"
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@dataclass
class ActivitiesSummary:
    """What the activity part of the demo holds."""

    events: int
    series: int
    attendance: int
    signups: int
    waiting: int
    programs: int
    service_activities: int
    donated: Decimal
    fund_balance: Decimal
    photos: int
    seconds: float = 0.0

    def format(self) -> str:
        text = _(
            "活动 %(events)d 场（系列 %(series)d 个），出勤记录 %(attendance)d 条，"
            "近期报名 %(signups)d 人（候补 %(waiting)d 人）；社会服务项目 %(programs)d 个、"
            "服务活动 %(service)d 次、捐赠 %(donated)s 元；奖励基金余额 %(balance)s 元；"
            "历史照片 %(photos)d 张。"
        ) % {
            "events": self.events,
            "series": self.series,
            "attendance": self.attendance,
            "signups": self.signups,
            "waiting": self.waiting,
            "programs": self.programs,
            "service": self.service_activities,
            "donated": f"{self.donated:,.2f}",
            "balance": f"{self.fund_balance:,.2f}",
            "photos": self.photos,
        }
        if self.seconds:
            text += _("用时 %.1f 秒。") % self.seconds
        return text


def build_activities(
    *,
    rng: random.Random,
    ref: dt.date | None = None,
    stdout: TextIO | None = None,
) -> ActivitiesSummary:
    """Add the demo committee's activities to a database holding the demo.

    Call it after the committee, its members and logins exist (at the end of
    ``tongxin.demo.builder.build_demo``, in the same transaction).  ``ref`` is
    the day history ends (default: today); upcoming events are placed after
    today whatever ``ref`` is, so that sign-up can be tried.
    """
    started = time.perf_counter()
    builder = _ActivitiesBuilder(rng=rng, ref=ref, stdout=stdout)
    builder.run()
    summary = activities_summary()
    summary.seconds = time.perf_counter() - started
    return summary


def activities_summary() -> ActivitiesSummary:
    """Return the counts of the activity records in the database."""
    from django.db.models import Sum

    from tongxin.activities.models import Fund, FundEntry

    fund_in = FundEntry.objects.filter(direction="in").aggregate(s=Sum("amount"))["s"]
    fund_out = FundEntry.objects.filter(direction="out").aggregate(s=Sum("amount"))["s"]
    donated = Donation.objects.aggregate(s=Sum("value"))["s"] or Decimal(0)
    live = Signup.objects.filter(event__start_at__gte=timezone.now())
    return ActivitiesSummary(
        events=Event.objects.count(),
        series=Series.objects.count(),
        attendance=Attendance.objects.count(),
        signups=live.exclude(status=Signup.Status.CANCELLED).count(),
        waiting=live.filter(status=Signup.Status.WAITING).count(),
        programs=Program.objects.count(),
        service_activities=ServiceActivity.objects.count(),
        donated=Decimal(donated).quantize(Decimal("0.01")),
        fund_balance=(Decimal(fund_in or 0) - Decimal(fund_out or 0)).quantize(
            Decimal("0.01")
        )
        if Fund.objects.exists()
        else Decimal("0.00"),
        photos=Photo.objects.count(),
    )


class _ActivitiesBuilder:
    def __init__(self, *, rng: random.Random, ref: dt.date | None, stdout):
        self.rng = rng
        self.ref = ref or timezone.localdate()
        self.stdout = stdout
        self.admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        self.root = Organization.objects.get(code=ROOT_CODE)
        self.orgs = {o.code: o for o in Organization.objects.all()}
        self.departments = {
            d.kind: d for d in Department.objects.filter(organization=self.root)
        }
        self.members = list(
            Member.objects.only(
                "id", "name", "org_path", "joined_on", "status", "status_on"
            ).order_by("org_path", "id")
        )
        self.paths = [m.org_path for m in self.members]
        self.leaders = sorted(
            {
                p.member_id
                for p in Post.objects.filter(organization=self.root).only("member_id")
            }
        )
        self.by_id = {m.pk: m for m in self.members}
        self.core: dict[str, list[Member]] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")
            self.stdout.flush()

    def run(self) -> None:
        self.say(_("正在生成活动、签到和社会服务记录……"))
        self._festival()
        self._fitness_cup()
        self._lectures_and_forums()
        self._study_sessions()
        self._branch_events()
        self._programs()
        self._fund()
        self._upcoming()
        self._photos()

    # --- helpers -------------------------------------------------------------------

    def _at(self, day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def _in(self, code: str) -> list[Member]:
        """Return the members (ever) of ``code``'s subtree, by the path copy."""
        import bisect

        path = self.orgs[code].path
        lo = bisect.bisect_left(self.paths, path)
        hi = bisect.bisect_left(self.paths, tree.path_upper_bound(path))
        return self.members[lo:hi]

    @staticmethod
    def _member_on(member: Member, day: dt.date) -> bool:
        if member.joined_on and member.joined_on > day:
            return False
        return member.status == Member.Status.ACTIVE or (
            member.status_on is not None and member.status_on > day
        )

    def _pick(self, pool: list[Member], n: int, day: dt.date, core=()) -> list[Member]:
        """Choose ``n`` members of ``pool`` who were members on ``day``; the
        ``core`` (regulars) come first, most of them."""
        chosen = {
            m.pk: m
            for m in core
            if self._member_on(m, day) and self.rng.random() < 0.88
        }
        eligible = [m for m in pool if self._member_on(m, day) and m.pk not in chosen]
        extra = max(0, n - len(chosen))
        for m in self.rng.sample(eligible, min(extra, len(eligible))):
            chosen[m.pk] = m
        return list(chosen.values())[:n] if len(chosen) > n else list(chosen.values())

    def _event(self, org: Organization, title: str, kind: str, day: dt.date, *,
               hour: int = 9, hours: int = 3, place: str = "", **fields) -> Event:  # fmt: skip
        start = self._at(day, hour)
        past = start < timezone.now()
        fields.setdefault("allows_signup", not past)
        return services.event_create(
            by=self.admin,
            organization=org,
            title=title,
            kind=kind,
            start_at=start,
            end_at=start + dt.timedelta(hours=hours),
            place=place,
            **fields,
        )

    def _attend(self, event: Event, members: list[Member]) -> None:
        if members and event.start_at < timezone.now():
            services.attendance_import(event=event, members=members, by=self.admin)

    def _years(self, first: int, *, skip: set[int] = frozenset()) -> list[int]:
        return [y for y in range(first, self.ref.year + 1) if y not in skip]

    # --- series ----------------------------------------------------------------------

    def _festival(self) -> None:
        series = services.series_create(
            by=self.admin,
            organization=self.root,
            name="大连国际徒步大会",
            short_name="徒步大会",
            kind="walking",
            description=_(
                "每年5月组织会员打出民进会旗、佩戴绿丝带，参加大连国际徒步大会暨"
                "环保绿丝带活动，开展生态环保志愿行动。"
            ),
        )
        everyone = self.members
        self.core["festival"] = self.rng.sample(everyone, 140)
        edition, first = FESTIVAL_FIRST
        for year in range(first, self.ref.year + 1):
            day = dt.date(year, 5, 19 if year == 2013 else self.rng.randint(10, 26))
            n = edition + (year - first)
            if year in PAUSED or day > self.ref:
                continue
            turnout = FESTIVAL_TURNOUT.get(year, self.rng.randint(330, 430))
            event = self._event(
                self.root,
                f"第{n}届大连国际徒步大会暨环保绿丝带活动",
                "walking",
                day,
                hour=7,
                hours=5,
                place="星海广场",
                series=series,
                edition=n,
                departments=[self.departments["social_service"]],
                description=_("会员打出民进会旗，佩戴绿丝带，沿途捡拾垃圾、宣传环保。"),
            )
            self._attend(
                event, self._pick(everyone, turnout, day, self.core["festival"])
            )

    def _fitness_cup(self) -> None:
        series = services.series_create(
            by=self.admin,
            organization=self.root,
            name="“同心杯”系列健身友谊赛",
            short_name="同心杯",
            kind="sports",
            description=_("每年举办，搭建会员交流平台，促进各基层组织间的沟通与合作。"),
        )
        self.cup = series
        sport = self.orgs.get("DL-Z18")
        games = ("乒乓球", "羽毛球", "气排球", "健步走", "趣味运动会", "掼蛋")
        self.core["cup"] = self.rng.sample(self.members, 60)
        for year in self._years(2010, skip=PAUSED):
            day = dt.date(year, 10, self.rng.randint(10, 25))
            if day > self.ref:
                continue
            event = self._event(
                self.root,
                f"第{year - 2009}届“同心杯”{self.rng.choice(games)}友谊赛",
                "sports",
                day,
                hours=4,
                place="大连市体育中心",
                series=series,
                edition=year - 2009,
                co_organizers=[sport] if sport else [],
            )
            self._attend(
                event,
                self._pick(
                    self.members, self.rng.randint(90, 170), day, self.core["cup"]
                ),
            )

    def _lectures_and_forums(self) -> None:
        lectures = services.series_create(
            by=self.admin,
            organization=self.root,
            name="大连民进文化讲堂",
            short_name="文化讲堂",
            kind="lecture",
            description=_(
                "大连市统一战线“同心同行·建设大连”主题实践活动市级特色品牌。"
            ),
        )
        self.lectures = lectures
        n = 0
        for year in self._years(2012):
            for month in (4, 11) if year not in PAUSED else (9,):
                day = dt.date(year, month, self.rng.randint(8, 24))
                if day > self.ref:
                    continue
                n += 1
                event = self._event(
                    self.root,
                    f"文化讲堂第{n}讲：{LECTURES[(n - 1) % len(LECTURES)]}",
                    "lecture",
                    day,
                    hour=14,
                    hours=2,
                    place="民进大连市委会议室",
                    series=lectures,
                    edition=n,
                    departments=[self.departments["publicity"]],
                )
                self._attend(
                    event, self._pick(self.members, self.rng.randint(45, 120), day)
                )
        forums = services.series_create(
            by=self.admin,
            organization=self.root,
            name="大连民进教育论坛",
            short_name="教育论坛",
            kind="forum",
        )
        teachers = self._in("DL-J01") + self._in("DL-J02")
        for i, year in enumerate(self._years(2011), start=1):
            day = dt.date(year, 11, self.rng.randint(10, 25))
            if day > self.ref:
                continue
            event = self._event(
                self.root,
                f"第{i}届教育论坛：{FORUMS[(i - 1) % len(FORUMS)]}",
                "forum",
                day,
                hour=9,
                hours=4,
                place="大连教育学院报告厅",
                series=forums,
                edition=i,
                co_organizers=[self.orgs["DL-J01"], self.orgs["DL-J02"]],
            )
            self._attend(event, self._pick(teachers, self.rng.randint(60, 140), day))

    def _study_sessions(self) -> None:
        leaders = [self.by_id[pk] for pk in self.leaders if pk in self.by_id]
        for year in self._years(2014):
            for half, month in ((1, 3), (2, 9)):
                day = dt.date(year, month, self.rng.randint(5, 25))
                if day > self.ref:
                    continue
                event = self._event(
                    self.root,
                    f"{year}年{'上' if half == 1 else '下'}半年中心组学习会",
                    "study",
                    day,
                    hour=9,
                    hours=3,
                    place="民进大连市委会议室",
                    departments=[self.departments["office"]],
                )
                self._attend(event, self._pick(leaders, len(leaders) - 3, day))

    def _branch_events(self) -> None:
        branches = [
            o
            for o in self.orgs.values()
            if o.kind not in ("committee", "grassroots") and o.closed_on is None
        ]
        for year in range(self.ref.year - 2, self.ref.year + 1):
            # About half the branches report an event of theirs each year.
            for org in self.rng.sample(branches, len(branches) // 2):
                day = dt.date(year, self.rng.randint(3, 11), self.rng.randint(1, 28))
                if day > self.ref:
                    continue
                people = self._in(org.code)
                event = self._event(
                    org,
                    f"{org.name}{self.rng.choice(BRANCH_TOPICS)}",
                    self.rng.choice(("seminar", "study")),
                    day,
                    hour=15,
                    hours=2,
                )
                share = self.rng.uniform(0.45, 0.85)
                self._attend(event, self._pick(people, round(len(people) * share), day))

    # --- social service ------------------------------------------------------------

    def _program(self, org_code: str, name: str, kind: str, partner, started: dt.date,
                 description: str) -> Program:  # fmt: skip
        return services.program_create(
            by=self.admin,
            organization=self.orgs[org_code],
            name=name,
            kind=kind,
            partner=partner,
            started_on=started,
            description=description,
        )

    def _partner(self, name: str, kind: str, address: str = ""):
        return services.partner_create(
            by=self.admin, organization=self.root, name=name, kind=kind, address=address
        )

    def _outing(self, program: Program, title: str, day: dt.date, *, volunteers,
                hours: tuple[float, float], beneficiaries, outcomes=(), place="",
                results="", event=None, others: int = 0) -> ServiceActivity:  # fmt: skip
        return services.service_activity_create(
            program=program,
            by=self.admin,
            title=title,
            held_on=day,
            place=place,
            results=results,
            event=event,
            other_volunteers=others,
            volunteers=[
                (m, Decimal(str(round(self.rng.uniform(*hours) * 2) / 2)))
                for m in volunteers
            ],
            beneficiaries=beneficiaries,
            outcomes=outcomes,
        )

    def _give(self, activity, kind: str, value: str, description: str, **donor) -> None:
        services.donation_add(
            activity=activity,
            by=self.admin,
            kind=kind,
            value=value,
            description=description,
            **donor,
        )

    def _programs(self) -> None:
        teachers = self._in("DL-J01")
        doctors = self._in("DL-J03")
        artists = self._in("DL-J04") + self._in("DL-Z14")
        shahekou = self._in("DL-J10")

        school = self._partner("瓦房店市闫店乡中心小学", "school", "瓦房店市闫店乡")
        teaching = self._program(
            ROOT_CODE, "同心·支教", "teaching", school, dt.date(2007, 5, 1),
            _("组织骨干会员教师到农村学校上示范课、培训教师、捐赠教学设备。"),
        )  # fmt: skip
        services.program_base_add(
            program=teaching,
            by=self.admin,
            name="同心·支教基地",
            partner=school,
            plaque_on=dt.date(2014, 4, 18),
            note=_("举行基地挂牌仪式"),
        )
        for year in self._years(2007, skip={2020, 2021}):
            day = dt.date(
                year,
                4 if year == 2014 else 5,
                18 if year == 2014 else self.rng.randint(8, 28),
            )
            if day > self.ref:
                continue
            lessons = self.rng.randint(5, 9)
            activity = self._outing(
                teaching,
                f"{year}年同心·支教" + ("暨基地挂牌仪式" if year == 2014 else ""),
                day,
                volunteers=self._pick(teachers, self.rng.randint(8, 14), day),
                hours=(5, 8),
                beneficiaries=[
                    ("students", self.rng.randint(280, 360)),
                    ("teachers", self.rng.randint(14, 22)),
                ],  # fmt: skip
                outcomes=[("示范课", lessons, "节"), ("教师培训讲座", 2, "场")],
                place="瓦房店市闫店乡中心小学",
                results=_("骨干教师上示范课、与当地教师座谈交流，开展教学研讨。"),
            )
            if year == 2014:
                self._give(activity, "goods", "12800.00", "电脑、投影仪等教学设备",
                           donor_org=self.root)  # fmt: skip
            else:
                self._give(activity, "goods", str(self.rng.randint(20, 50) * 100),
                           "图书、文具", donor_org=self.orgs["DL-J01"])  # fmt: skip

        home = self._partner("普湾新区大谭乡敬老院", "nursing_home", "普湾新区大谭乡")
        medical = self._program(
            "DL", "送医送药", "medical", home, dt.date(2013, 9, 1),
            _("医卫界会员到敬老院义诊，为老人建立健康档案，赠送药品。"),
        )  # fmt: skip
        for year in self._years(2013, skip={2020}):
            day = dt.date(year, 9, self.rng.randint(10, 28))
            if day > self.ref:
                continue
            elderly = self.rng.randint(68, 90)
            activity = self._outing(
                medical,
                f"{year}年大谭乡敬老院送医送药",
                day,
                volunteers=self._pick(doctors, self.rng.randint(9, 15), day),
                hours=(4, 6),
                beneficiaries=[("elderly", elderly)],
                outcomes=[
                    ("建立健康档案" if year == 2013 else "更新健康档案", elderly, "份"),
                    ("义诊", elderly, "人次"),
                ],  # fmt: skip
                place="普湾新区大谭乡敬老院",
                results=_("义诊、健康咨询，为老人建立并更新健康档案。"),
            )
            value = "21600.00" if year == 2014 else str(self.rng.randint(80, 200) * 100)
            self._give(activity, "goods", value, "常用药品",
                       donor_org=self.orgs["DL-J03"])  # fmt: skip

        street = self._partner("普湾新区大谭街道", "community", "普湾新区大谭街道")
        performance = self._program(
            "DL", "同心·情系大谭", "performance", street, dt.date(2012, 6, 28),
            _("庆祝建党专场文艺演出。"),
        )  # fmt: skip
        for year in self._years(2012, skip=PAUSED):
            day = dt.date(year, 6, self.rng.randint(24, 30))
            if day > self.ref:
                continue
            self._outing(
                performance,
                f"{year}年“同心·情系大谭”庆祝建党专场文艺演出",
                day,
                volunteers=self._pick(artists, self.rng.randint(18, 30), day),
                hours=(3, 5),
                beneficiaries=[("residents", self.rng.randint(500, 900))],
                outcomes=[("演出节目", self.rng.randint(12, 18), "个")],
                place="大谭街道文化广场",
            )

        welfare = self._partner("大连市社会福利院", "welfare")
        self._partner("“星星乐园”孤独症康复中心", "rehabilitation")
        care = self._program(
            "DL", "六一关爱", "care", welfare, dt.date(2010, 6, 1),
            _("“六一”期间慰问社会福利院孤残儿童和“星星乐园”孤独症康复中心的孩子。"),
        )  # fmt: skip
        for year in self._years(2010, skip={2020}):
            day = dt.date(year, 5, 31) if year % 2 else dt.date(year, 6, 1)
            if day > self.ref:
                continue
            activity = self._outing(
                care,
                f"{year}年“六一”慰问",
                day,
                volunteers=self._pick(self.members, self.rng.randint(8, 14), day),
                hours=(2, 4),
                beneficiaries=[("children", self.rng.randint(60, 110))],
                place="大连市社会福利院、“星星乐园”孤独症康复中心",
            )
            self._give(activity, "goods", "10000.00" if year == 2014 else
                       str(self.rng.randint(40, 100) * 100), "文教和生活用品",
                       donor_org=self.root)  # fmt: skip

        park = self._partner("沙河口区西山植树点", "other", "沙河口区西山")
        greening = self._program(
            "DL-J10", "同心·筑绿", "greening", park, dt.date(2012, 4, 1),
            _("沙河口区基层委员会每年春季组织会员义务植树，美化滨城。"),
        )  # fmt: skip
        for year in self._years(2012, skip={2020}):
            day = dt.date(year, 4, self.rng.randint(2, 12))
            if day > self.ref:
                continue
            self._outing(
                greening,
                f"{year}年春季同心·筑绿植树活动",
                day,
                volunteers=self._pick(shahekou, self.rng.randint(18, 35), day),
                hours=(2, 4),
                beneficiaries=[],
                outcomes=[("植树", self.rng.randint(150, 400), "棵")],
                place="沙河口区西山",
            )

        counselling = self._program(
            "DL", "高考中考义务咨询", "consulting", None, dt.date(2008, 6, 1),
            _("组织一线骨干会员教师举办高考、中考现场咨询会。"),
        )  # fmt: skip
        for year in self._years(2008):
            day = dt.date(year, 6, self.rng.randint(26, 30))
            if day > self.ref:
                continue
            volunteers = self._pick(teachers, self.rng.randint(22, 38), day)
            event = self._event(
                self.root,
                f"{year}年高考、中考志愿填报现场咨询会",
                "consultation",
                day,
                hour=9,
                hours=4,
                place="大连市青少年宫",
            )
            self._attend(event, volunteers)
            self._outing(
                counselling,
                f"{year}年高考、中考现场咨询",
                day,
                volunteers=volunteers,
                hours=(3, 4),
                beneficiaries=[("students", self.rng.randint(880, 1050))],
                event=event,
                place="大连市青少年宫",
            )

    def _fund(self) -> None:
        fund = services.fund_create(
            by=self.admin,
            organization=self.root,
            name="同心·梦起航创新人才培养宜华奖励基金",
            established_on=dt.date(2012, 9, 1),
            description=_("支持、关心和鼓励创新人才的培养，每年奖励品学兼优的学生。"),
        )
        for day, amount in ((dt.date(2012, 9, 10), "300000"), (dt.date(2017, 9, 8), "200000"),
                            (dt.date(2022, 9, 6), "100000")):  # fmt: skip
            if day <= self.ref:
                services.fund_entry_add(
                    fund=fund, by=self.admin, direction="in", on=day, amount=amount,
                    party_name="宜华集团", purpose=_("捐资设立奖励基金"),
                )  # fmt: skip
        surnames = list(data.SURNAMES)
        for year in self._years(2013):
            day = dt.date(year, 9, self.rng.randint(10, 20))
            if day > self.ref:
                continue
            for _i in range(self.rng.randint(3, 5)):
                name = self.rng.choice(surnames) + "".join(
                    self.rng.sample(STUDENT_CHARS, self.rng.choice((1, 2)))
                )
                services.fund_entry_add(
                    fund=fund, by=self.admin, direction="out", on=day,
                    amount=str(self.rng.choice((3000, 5000, 8000))), party_name=name,
                    purpose=_("创新人才奖（学生）"),
                )  # fmt: skip

    # --- upcoming events with sign-ups -------------------------------------------------

    def _upcoming(self) -> None:
        today = timezone.localdate()
        active = [m for m in self.members if m.status == Member.Status.ACTIVE]
        login_member = (
            User.objects.filter(username="huiyuan")
            .values_list("member_id", flat=True)
            .first()
        )
        edition = (
            Event.objects.filter(series=self.cup).order_by("-edition").first().edition
            + 1
            if Event.objects.filter(series=self.cup).exists()
            else 1
        )
        cup = self._event(
            self.root,
            f"第{edition}届“同心杯”乒乓球友谊赛",
            "sports",
            today + dt.timedelta(days=18),
            hours=5,
            place="大连市体育中心",
            series=self.cup,
            edition=edition,
            capacity=40,
            allows_signup=True,
            signup_deadline=self._at(today + dt.timedelta(days=15), 18),
            description=_("各基层组织组队参赛，名额有限，报满后进入候补名单。"),
        )
        people = self.rng.sample(active, 44)
        if login_member:
            people = [self.by_id[login_member]] + [
                m for m in people if m.pk != login_member
            ][:43]
        for member in people:
            services.signup_create(event=cup, member=member, by=self.admin)
        lecture_n = Event.objects.filter(series=self.lectures).count() + 1
        lecture = self._event(
            self.root,
            f"文化讲堂第{lecture_n}讲：{LECTURES[(lecture_n - 1) % len(LECTURES)]}",
            "lecture",
            today + dt.timedelta(days=9),
            hour=14,
            hours=2,
            place="民进大连市委会议室",
            series=self.lectures,
            edition=lecture_n,
            capacity=150,
            allows_signup=True,
        )
        for member in self.rng.sample(active, 23):
            services.signup_create(event=lecture, member=member, by=self.admin)
        head_branch = self.orgs.get("DL-J01-01")
        if head_branch is not None:
            branch = self._event(
                head_branch,
                f"{head_branch.name}读书交流会",
                "seminar",
                today + dt.timedelta(days=5),
                hour=15,
                hours=2,
                capacity=25,
                allows_signup=True,
            )
            mine = [
                m for m in self._in("DL-J01-01") if m.status == Member.Status.ACTIVE
            ]
            for member in self.rng.sample(mine, min(8, len(mine))):
                services.signup_create(event=branch, member=member, by=self.admin)

        self._login_branch_visit(today, active, login_member)

    def _login_branch_visit(self, today, active, login_member) -> None:
        """A full visit of the login member's branch: the login member is first on its waiting list (我的)."""
        if not login_member:
            return
        member = self.by_id[login_member]
        organization = member.organization
        branch = [
            m
            for m in active
            if m.organization_id == organization.pk and m.pk != login_member
        ]
        ahead = self.rng.sample(branch, min(6, len(branch)))
        visit = self._event(
            organization,
            f"{organization.name}参观大连自然博物馆",
            "other",
            today + dt.timedelta(days=12),
            hour=9,
            hours=3,
            place="大连自然博物馆",
            capacity=max(1, len(ahead)),
            allows_signup=True,
            description=_("名额有限，报满后进入候补名单，有人取消时按顺序递补。"),
        )
        for m in ahead:
            services.signup_create(event=visit, member=m, by=self.admin)
        services.signup_create(event=visit, member=member, by=self.admin)

    # --- the history wall --------------------------------------------------------------

    def _photos(self) -> None:
        font = next((p for p in FONT_PATHS if Path(p).exists()), None)
        festival = {
            e.start_at.year: e
            for e in Event.objects.filter(kind="walking").order_by("start_at")
        }
        plan = [
            (1956, None, "民进大连地方组织筹建时期的会员合影"),
            (1979, None, "恢复活动后的第一次会员座谈会"),
            (1985, dt.date(1985, 10, 3), "民进大连市第一次会员代表大会"),
            (1988, dt.date(1988, 5, 1), "民进大连市委员会成立大会"),
            (1992, None, "教育支部会员赴农村学校送教"),
            (1996, None, "市委会组织会员参观考察"),
            (1999, dt.date(1999, 12, 18), "庆祝澳门回归座谈会"),
            (2003, None, "抗击非典期间医卫界会员坚守一线"),
            (2006, dt.date(2006, 5, 20), "首次组队参加大连国际徒步大会"),
            (2008, dt.date(2008, 6, 28), "首届高考志愿填报现场咨询会"),
            (2010, dt.date(2010, 10, 16), "第一届“同心杯”友谊赛开幕"),
            (2012, dt.date(2012, 4, 20), "文化讲堂第一讲"),
            (2013, dt.date(2013, 5, 19), "第十一届大连国际徒步大会，400多名会员参加"),
            (2014, dt.date(2014, 4, 18), "同心·支教基地挂牌仪式"),
            (2014, dt.date(2014, 9, 20), "普湾新区大谭乡敬老院送医送药"),
            (2016, None, "新会员培训班颁发会员证"),
            (2018, None, "会员参加“同心·筑绿”春季植树"),
            (2019, dt.date(2019, 5, 18), "大连国际徒步大会上的民进会旗"),
            (2023, None, "徒步大会恢复举办，会员重聚星海广场"),
            (2025, None, "“六一”走访慰问福利院儿童"),
        ]
        palette = [
            (156, 39, 34),
            (40, 90, 140),
            (60, 120, 70),
            (150, 110, 40),
            (90, 70, 120),
        ]
        for i, (year, day, caption) in enumerate(plan):
            if year > self.ref.year:
                continue
            event = festival.get(year) if "徒步" in caption else None
            image = _demo_jpeg(
                caption, year, palette[i % len(palette)], font, grey=year < 1990
            )
            people = self.rng.sample(self.members, 3) if year >= 2006 else []
            services.photo_add(
                by=self.admin,
                organization=self.root,
                upload=SimpleUploadedFile(f"photo{i:02d}.jpg", image, "image/jpeg"),
                caption=caption,
                year=year,
                taken_on=day,
                event=event,
                people=[p for p in people if p.status == Member.Status.ACTIVE],
                people_text=_("时任市委会领导") if year < 2000 else "",
                organizations=[self.root],
            )


def _demo_jpeg(
    caption: str, year: int, color, font_path: str | None, *, grey: bool
) -> bytes:
    """Return a small JPEG standing in for an archive photo: a tinted card with
    the year and caption."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = 640, 426
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 6):
        shade = tuple(min(255, c + y // 6) for c in color)
        draw.rectangle([0, y, width, y + 6], fill=shade)
    draw.rectangle([24, 24, width - 24, height - 24], outline=(255, 255, 255), width=3)
    if font_path:
        big = ImageFont.truetype(font_path, 72)
        small = ImageFont.truetype(font_path, 24)
        draw.text((48, 60), str(year), font=big, fill=(255, 255, 255))
        lines = [caption[i : i + 20] for i in range(0, len(caption), 20)]
        for n, line in enumerate(lines[:3]):
            draw.text((48, 200 + n * 36), line, font=small, fill=(255, 255, 255))
    if grey:
        image = image.convert("L").convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


__all__ = ["ActivitiesSummary", "activities_summary", "build_activities"]
