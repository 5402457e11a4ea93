"""Build the demo committee through the services, deterministically from a seed.

Everything is written by the same services the UI and the API call
(``org_create``, ``member_create``, ``member_transfer``, ``member_leave``,
``post_assign`` ...), in one transaction, so the demo also exercises them.
Dates are anchored on :data:`REF_DATE` (or today, if earlier), so one seed
always gives the same committee.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from tongxin.accounts.checks import DEMO_PASSWORD
from tongxin.accounts.models import Role, User
from tongxin.accounts.services import grant_role, user_create
from tongxin.core.errors import ServiceError
from tongxin.demo import data
from tongxin.demo.data import OrgSpec
from tongxin.demo.people import (
    Person,
    PersonFactory,
    age_on,
    parse_date,
    years_before,
)
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.members.services import (
    member_create,
    member_leave,
    member_transfer,
    public_post_add,
)
from tongxin.orgs.models import Organization, Post
from tongxin.orgs.services import department_create, org_close, org_create, post_assign

REF_DATE = dt.date(2026, 9, 30)
DEMO_ROOT_CODE = "DL"
DEMO_MARKER = "演示数据"
#: Members created; about 65 of them leave over the years.
MEMBERS_CREATED = 1765
RANDOM_TRANSFERS = 38
SECOND_TRANSFERS = 6
LEAVERS = {"deceased": 30, "withdrawn": 25, "transferred": 10}

#: The demo logins: (username, role, organization code or "" for the committee).
LOGINS = (
    ("admin", "", ""),
    ("zuzhibu", Role.STAFF_ORG, ""),
    ("zhuwei", Role.LEADER, ""),
    ("zhibu", Role.ORG_HEAD, "DL-J01-01"),
    ("huiyuan", Role.MEMBER, ""),
    ("canzheng", Role.STAFF_PARTICIPATION, ""),
    ("xuanchuan", Role.STAFF_PUBLICITY, ""),
    ("xitong", Role.SYSADMIN, ""),
    ("anquan", Role.SECADMIN, ""),
    ("shenji", Role.AUDITADMIN, ""),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    description: str


@dataclass
class DemoSummary:
    """What the demo database holds."""

    committee: str
    base_organizations: int
    closed_organizations: int
    members_active: int
    members_total: int
    transfers: int
    withdrawn: int
    deceased: int
    transferred_out: int
    posts: int
    public_posts: int
    logins: list[DemoLogin] = field(default_factory=list)
    seconds: float = 0.0
    #: The activities' summary (``tongxin.demo.activities.ActivitiesSummary``).
    activities: object | None = None
    #: Broadcasts and subscriptions (``tongxin.demo.publicity.PublicitySummary``).
    publicity: object | None = None


def database_state() -> str:
    """Return ``"empty"``, ``"demo"`` (only the demo) or ``"other"``."""
    roots = list(Organization.objects.filter(depth=0).values_list("code", "note"))
    if not roots and not Organization.objects.exists():
        return "empty"
    if roots and all(
        code == DEMO_ROOT_CODE and DEMO_MARKER in note for code, note in roots
    ):
        return "demo"
    return "other"


def default_sqlite_database() -> bool:
    """Return True if Django uses the default SQLite file under ``TONGXIN_VAR_DIR``."""
    db = settings.DATABASES["default"]
    return (
        db["ENGINE"] == "django.db.backends.sqlite3"
        and Path(db["NAME"]).resolve()
        == (settings.VAR_DIR / "tongxin.sqlite3").resolve()
    )


def prepare_demo(
    *, seed: int = 2014, reset: bool = False, stdout: TextIO | None = None
) -> tuple[str, DemoSummary]:
    """Build the demo unless the database has it; return ``(outcome, summary)``.

    ``outcome`` is ``"built"`` or ``"reused"``. With ``reset`` the database is
    flushed and the demo rebuilt, which is allowed only on the default SQLite
    file or on a database that holds nothing but the demo. A database holding
    other data is never touched without ``reset``.
    """
    state = database_state()
    if reset:
        if state == "other" and not default_sqlite_database():
            raise ServiceError(
                _(
                    "--reset 会清空整个数据库。当前数据库不是默认的 SQLite 文件，"
                    "且含有演示数据以外的数据，已拒绝执行。"
                )
            )
        call_command("flush", interactive=False, verbosity=0)
        state = "empty"
    if state == "other":
        raise ServiceError(
            _(
                "数据库中已有演示数据以外的数据，tongxin demo 不会改动它。"
                "请用 tongxin serve 启动，或把 TONGXIN_VAR_DIR 指向一个新目录后再运行 tongxin demo。"
            )
        )
    if state == "demo":
        return "reused", demo_summary()
    taken = User.objects.filter(username__in=[u for u, _r, _o in LOGINS])
    if taken.exists():
        raise ServiceError(
            _("数据库中已有用户“%s”，无法创建同名的演示账户；请加 --reset 重建。")
            % taken.first().username
        )
    return "built", build_demo(seed=seed, stdout=stdout)


def build_demo(*, seed: int = 2014, stdout: TextIO | None = None) -> DemoSummary:
    """Build the demo committee into an empty database and return its summary."""
    started = time.perf_counter()
    with transaction.atomic():
        _Builder(seed=seed, stdout=stdout).run()
        from tongxin.demo.activities import build_activities

        activities = build_activities(
            rng=random.Random(seed), ref=min(dt.date.today(), REF_DATE), stdout=stdout
        )
        from tongxin.demo.campaigns import build_campaigns

        build_campaigns(rng=random.Random(seed), ref=min(dt.date.today(), REF_DATE))
        from tongxin.demo.talent import build_talent

        build_talent(rng=random.Random(seed), ref=min(dt.date.today(), REF_DATE))
        from tongxin.demo.lifecycle import build_lifecycle

        build_lifecycle(rng=random.Random(seed), ref=min(dt.date.today(), REF_DATE))
        from tongxin.demo.reports import build_report_year

        build_report_year(ref=min(dt.date.today(), REF_DATE))
        from tongxin.demo.reports import build_report_texts

        build_report_texts(ref=min(dt.date.today(), REF_DATE))
        from tongxin.demo.participation import build_participation

        build_participation(
            rng=random.Random(seed), ref=min(dt.date.today(), REF_DATE), stdout=stdout
        )
        from tongxin.demo.attachments import build_attachments

        build_attachments()
        from tongxin.demo.appraisal import build_appraisal

        build_appraisal(rng=random.Random(seed), ref=min(dt.date.today(), REF_DATE))
        from tongxin.demo.publicity import build_publicity

        head_code = next(code for _u, role, code in LOGINS if role == Role.ORG_HEAD)
        build_publicity(
            rng=random.Random(seed), year=dt.date.today().year, head_code=head_code
        )
        from tongxin.demo.ledger import build_ledgers

        build_ledgers(ref=min(dt.date.today(), REF_DATE))

        from tongxin.demo.memberhome import (
            build_change_requests,
            build_micro_suggestion,
        )

        build_change_requests()
        build_micro_suggestion()
        # The audit administrator's full walk of the chain, shown on its page.
        from tongxin.audit.services import chain_verify

        chain_verify(by=User.objects.get(username="shenji"))
    summary = demo_summary()
    summary.activities = activities
    summary.seconds = time.perf_counter() - started
    return summary


def demo_summary() -> DemoSummary:
    """Return the counts of the demo database and its logins."""
    root = Organization.objects.get(code=DEMO_ROOT_CODE)
    base = Organization.objects.exclude(kind=Organization.Kind.COMMITTEE)
    status_counts = _status_counts()
    return DemoSummary(
        committee=root.name,
        base_organizations=base.filter(closed_on__isnull=True).count(),
        closed_organizations=base.filter(closed_on__isnull=False).count(),
        members_active=status_counts.get(Member.Status.ACTIVE, 0),
        members_total=sum(status_counts.values()),
        transfers=Membership.objects.filter(
            end_reason=Membership.EndReason.TRANSFER
        ).count(),
        withdrawn=status_counts.get(Member.Status.WITHDRAWN, 0),
        deceased=status_counts.get(Member.Status.DECEASED, 0),
        transferred_out=status_counts.get(Member.Status.TRANSFERRED, 0),
        posts=Post.objects.filter(end_on__isnull=True).count(),
        public_posts=PublicPost.objects.filter(end_on__isnull=True).count(),
        logins=demo_logins(),
        activities=_activities_summary(),
        publicity=_publicity_summary(),
    )


def _publicity_summary():
    from tongxin.demo.publicity import publicity_summary

    return publicity_summary()


def _activities_summary():
    from tongxin.demo.activities import activities_summary

    return activities_summary()


def _status_counts() -> dict[str, int]:
    rows = Member.objects.order_by().values_list("status").annotate(n=Count("id"))
    return dict(rows)


def demo_logins() -> list[DemoLogin]:
    """Return the demo accounts that exist, described for the console."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[u for u, _r, _o in LOGINS])
        .select_related("member__organization")
        .prefetch_related("grants__organization")
    }
    logins = []
    for username, role, _code in LOGINS:
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser:
            role_label = _("超级管理员")
            description = _(
                "可进入管理后台 /admin/，用于初始配置，不能查看个人信息明文"
            )
        else:
            grant = next(iter(user.grants.all()), None)
            role_label = str(Role(role).label)
            where = grant.organization.name if grant else ""
            who = user.member.name if user.member_id else ""
            description = {
                Role.STAFF_ORG: _("组织部工作人员，管理全市委会员"),
                Role.LEADER: _("主委 %(who)s，查看全市委") % {"who": who},
                Role.ORG_HEAD: _("“%(org)s”主委 %(who)s，管理本支部")
                % {"org": where, "who": who},
                Role.MEMBER: _("会员 %(who)s（%(org)s），查看本人信息")
                % {"who": who, "org": user.member.organization.name if who else ""},
                Role.SYSADMIN: _("管理账户，不能授权、不能查看审计记录"),
                Role.SECADMIN: _("授予和收回权限，不能修改业务数据"),
                Role.AUDITADMIN: _("查看和导出审计记录，不能做其他操作"),
                Role.STAFF_PARTICIPATION: _(
                    "参政议政部工作人员，办理提案、社情民意和调研课题"
                ),
                Role.STAFF_PUBLICITY: _(
                    "宣传部工作人员，编发稿件、群发通知，管理群机器人"
                ),
            }[role]
        logins.append(DemoLogin(username, DEMO_PASSWORD, str(role_label), description))
    return logins


def format_logins(logins: list[DemoLogin], url: str = "") -> str:
    """Return the demo logins as a block of console text, in Chinese."""
    width = max((len(login.username) for login in logins), default=8)
    lines = ["", "=" * 64, _("演示账户（密码均为 %s）：") % DEMO_PASSWORD]
    for login in logins:
        lines.append(
            f"  {login.username.ljust(width)}  {login.role}：{login.description}"
        )
    if any(
        login.username in ("admin", "xitong", "anquan", "shenji") for login in logins
    ):
        lines.append(
            _(
                "超级管理员和三员（系统、安全、审计管理员）首次登录时须用手机上的"
                "验证器应用扫码绑定动态口令（TOTP）。"
            )
        )
    if any(login.username == "huiyuan" for login in logins):
        lines.extend(sms_login_lines(url))
    if url:
        lines.append(_("访问地址：%s") % url)
    lines.append("=" * 64)
    return "\n".join(lines)


def sms_login_lines(url: str = "") -> list[str]:
    """How the demo member signs in by SMS code (会员之家), and where the code is.

    The demo's people are invented, so the member's mobile is printed in full:
    it is what the visitor types.  With the console SMS backend the code is
    written to the outbox file under ``VAR_DIR``.
    """
    user = User.objects.select_related("member").filter(username="huiyuan").first()
    mobile = user.member.mobile if user is not None and user.member_id else ""
    if not mobile:
        return []
    lines = [
        _(
            "会员短信登录：打开 %(url)sm/login/，输入 huiyuan（%(name)s）的手机号 %(mobile)s"
        )
        % {"url": url or "/", "name": user.member.name, "mobile": mobile}
    ]
    if settings.TONGXIN_SMS_BACKEND == "console":
        lines.append(
            _("  演示不真正发短信，验证码写在文件 %(path)s 的最后一行")
            % {"path": settings.VAR_DIR / "sms" / "outbox.log"}
        )
    else:
        lines.append(_("  验证码经短信网关发到该手机"))
    return lines


def format_summary(summary: DemoSummary) -> str:
    """Return the counts of the demo as one Chinese sentence."""
    text = _(
        "%(committee)s：基层组织 %(orgs)d 个（另有已撤销 %(closed)d 个），"
        "在册会员 %(active)d 人（累计 %(total)d 人；组织内调动 %(transfers)d 次，"
        "转出 %(out)d 人、退会 %(withdrawn)d 人、去世 %(deceased)d 人），"
        "现任职务 %(posts)d 个，现任人大代表、政协委员等 %(public)d 项。"
    ) % {
        "committee": summary.committee,
        "orgs": summary.base_organizations,
        "closed": summary.closed_organizations,
        "active": summary.members_active,
        "total": summary.members_total,
        "transfers": summary.transfers,
        "out": summary.transferred_out,
        "withdrawn": summary.withdrawn,
        "deceased": summary.deceased,
        "posts": summary.posts,
        "public": summary.public_posts,
    }
    if summary.activities is not None:
        text += dataclasses.replace(summary.activities, seconds=0.0).format()
    if summary.publicity is not None:
        text += summary.publicity.format()
    text += _records_sentence()
    if summary.seconds:
        text += _("用时 %.1f 秒。") % summary.seconds
    return text


def apportion(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder).

    Each share is at least ``minimum`` when the total allows it.
    """
    n = len(weights)
    if n == 0:
        return []
    if total < minimum * n:
        minimum = 0
    rest = total - minimum * n
    weight_sum = sum(weights) or 1.0
    quotas = [rest * w / weight_sum for w in weights]
    counts = [int(q) for q in quotas]
    order = sorted(range(n), key=lambda i: quotas[i] - counts[i], reverse=True)
    for i in order[: rest - sum(counts)]:
        counts[i] += 1
    return [minimum + c for c in counts]


class _Builder:
    """One run of the demo builder; see :func:`build_demo`."""

    def __init__(self, *, seed: int, stdout: TextIO | None):
        self.rng = random.Random(seed)
        self.ref = min(dt.date.today(), REF_DATE)
        self.stdout = stdout
        self.admin: User | None = None
        self.orgs: dict[str, Organization] = {}
        self.specs: dict[str, OrgSpec] = {}
        self.parent: dict[str, str] = {}
        self.people: list[Person] = []
        self.by_org: dict[str, list[Person]] = defaultdict(list)
        self.factory = PersonFactory(self.rng, self.ref)
        self.chair: Person | None = None
        self.heads: dict[str, Person] = {}
        self.leaving: set[int] = set()
        self.ordinary: Person | None = None

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")
            self.stdout.flush()

    def run(self) -> None:
        self.admin = self._create_admin()
        self.say(_("正在创建组织……"))
        self._create_orgs()
        self.say(_("正在登记 %d 名会员……") % MEMBERS_CREATED)
        self._create_members()
        self.say(_("正在任命领导班子和基层组织负责人……"))
        self._assign_posts()
        self.say(_("正在记录调动、离会和组织撤销……"))
        self._apply_events()
        self._add_public_posts()
        self._create_accounts()
        self._add_account_requests()

    # --- organizations ---------------------------------------------------------

    def _create_admin(self) -> User:
        # accounts.services has no superuser service; Django's manager is the
        # documented way to create one (as ``createsuperuser`` does).
        return User.objects.create_superuser(
            username="admin",
            email="admin@example.com",
            password=DEMO_PASSWORD,
            display_name=_("系统管理员"),
        )

    def _create_orgs(self) -> None:
        committee = org_create(
            by=self.admin,
            name=data.COMMITTEE_NAME,
            short_name=data.COMMITTEE_SHORT_NAME,
            kind=Organization.Kind.COMMITTEE,
            code=DEMO_ROOT_CODE,
            founded_on=parse_date(data.COMMITTEE_FOUNDED),
            note=_("%s：由 tongxin demo 生成，人物均为虚构。") % DEMO_MARKER,
        )
        self.orgs[DEMO_ROOT_CODE] = committee
        for i, (kind, name) in enumerate(data.DEPARTMENTS, start=1):
            department_create(
                organization=committee,
                kind=kind,
                name=name,
                by=self.admin,
                sort_order=i,
            )
        for spec in (*data.GRASSROOTS, *data.DIRECT_BRANCHES):
            self._create_org(spec, DEMO_ROOT_CODE)

    def _create_org(self, spec: OrgSpec, parent_code: str) -> None:
        self.orgs[spec.code] = org_create(
            by=self.admin,
            name=spec.name,
            kind=spec.kind,
            code=spec.code,
            parent=self.orgs[parent_code],
            founded_on=parse_date(spec.founded),
        )
        self.specs[spec.code] = spec
        self.parent[spec.code] = parent_code
        for child in spec.children:
            self._create_org(child, spec.code)

    # --- members ---------------------------------------------------------------

    def _create_members(self) -> None:
        holders = [s for s in self.specs.values() if s.kind != "grassroots"]
        weights = [s.weight * self.rng.uniform(0.8, 1.25) for s in holders]
        counts = apportion(MEMBERS_CREATED, weights, 6)
        for spec, n in zip(holders, counts, strict=True):
            for _i in range(n):
                person = self.factory.plan(spec)
                self.people.append(person)
                self.by_org[spec.code].append(person)
        self.people.sort(key=lambda p: p.joined_on)
        certificate_seq: dict[int, int] = defaultdict(int)
        for i, person in enumerate(self.people):
            year = person.joined_on.year
            certificate_seq[year] += 1
            person.fields["certificate_no"] = f"DL{year}{certificate_seq[year]:03d}"
            person.fields["introducers"] = self._introducers(i)
            person.member = member_create(
                by=self.admin, organization=self.orgs[person.org_code], **person.fields
            )
            person.last_date = person.joined_on

    def _introducers(self, index: int) -> str:
        me = self.people[index]
        earlier = [
            p
            for p in self.people[max(0, index - 400) : index]
            if (me.joined_on - p.joined_on).days > 365
        ]
        if len(earlier) < 2:
            return ""
        return "、".join(p.fields["name"] for p in self.rng.sample(earlier, 2))

    # --- posts -----------------------------------------------------------------

    def _age_now(self, person: Person) -> int:
        return age_on(person.birth_date, self.ref)

    def _pick(self, pool: list[Person], *, prefer_senior: bool = True) -> Person:
        """Take a free person from ``pool`` (senior titles first) and reserve them."""
        free = [p for p in pool if not p.reserved]
        if prefer_senior:
            senior = [p for p in free if p.fields["title_level"] == "senior"]
            free = senior or free
        person = self.rng.choice(free)
        person.reserved = True
        return person

    def _post(
        self,
        org_code: str,
        person: Person,
        title: str,
        start: dt.date,
        end: dt.date | None = None,
        term: str = "",
    ) -> None:
        start = max(start, person.joined_on)
        if end is not None and start >= end:
            return  # joined after that term: no post to record
        post_assign(
            organization=self.orgs[org_code],
            member=person.member,
            title=title,
            start_on=start,
            end_on=end,
            term=term,
            by=self.admin,
        )

    def _assign_posts(self) -> None:
        T = Post.Title
        open_people = [p for p in self.people if not self.specs[p.org_code].closed]

        def pool(lo: int, hi: int, joined_by: int) -> list[Person]:
            return [
                p
                for p in open_people
                if lo <= self._age_now(p) <= hi and p.joined_on.year <= joined_by
            ]

        # The city committee's leadership: this term and the last one.
        (prev_term, prev_start, prev_end), (term, start, _end) = data.COMMITTEE_TERMS
        prev_start, prev_end, start = (
            parse_date(prev_start),
            parse_date(prev_end),
            parse_date(start),
        )
        leaders = pool(50, 64, 2008)
        self.chair = self._pick(leaders)
        vices = [self._pick(leaders) for _i in range(6)]
        office = [
            p
            for p in self.by_org["DL-Z20"]
            if 40 <= self._age_now(p) <= 60 and p.joined_on.year <= 2012
        ]
        secretary = self._pick(office or pool(40, 60, 2012), prefer_senior=False)
        former_chair = self._pick(pool(70, 80, 1998))
        former_vices = [self._pick(pool(66, 80, 2005)) for _i in range(2)]
        committee_members = [self._pick(pool(38, 68, 2016)) for _i in range(20)]
        self._post(DEMO_ROOT_CODE, self.chair, T.CHAIR, start, term=term)
        for vice in vices:
            self._post(DEMO_ROOT_CODE, vice, T.VICE_CHAIR, start, term=term)
        self._post(DEMO_ROOT_CODE, secretary, T.SECRETARY_GENERAL, start, term=term)
        for person in committee_members:
            self._post(DEMO_ROOT_CODE, person, T.COMMITTEE_MEMBER, start, term=term)
        self._post(DEMO_ROOT_CODE, former_chair, T.ADVISER, start, term=term)
        self._post(
            DEMO_ROOT_CODE, former_chair, T.CHAIR, prev_start, prev_end, prev_term
        )
        for person in [self.chair, *vices[:3], *former_vices]:
            self._post(
                DEMO_ROOT_CODE, person, T.VICE_CHAIR, prev_start, prev_end, prev_term
            )
        self._post(
            DEMO_ROOT_CODE,
            secretary,
            T.SECRETARY_GENERAL,
            prev_start,
            prev_end,
            prev_term,
        )

        # Heads of every base organization, and some deputies and predecessors.
        term_start, prev_base_start = map(parse_date, data.BASE_TERM)
        for code, spec in self.specs.items():
            if spec.closed:
                self._closed_branch_head(code, spec)
                continue
            if spec.kind == "grassroots":
                members = [
                    p
                    for c, ps in self.by_org.items()
                    if self.parent[c] == code
                    for p in ps
                ]
            else:
                members = self.by_org[code]
            founded = parse_date(spec.founded)
            eligible = [
                p
                for p in members
                if p.joined_on.year <= 2019 and 33 <= self._age_now(p) <= 70
            ]
            eligible = [p for p in eligible if not p.reserved] or [
                p for p in members if not p.reserved
            ]
            head = self._pick(eligible)
            self.heads[code] = head
            title = T.HEAD if spec.kind == "group" else T.CHAIR
            self._post(code, head, title, max(term_start, founded))
            deputies = 2 if spec.kind == "grassroots" else int(self.rng.random() < 0.6)
            if spec.kind == "group":
                deputies = 0
            for _i in range(deputies):
                if any(not p.reserved for p in eligible):
                    self._post(
                        code,
                        self._pick(eligible),
                        T.VICE_CHAIR,
                        max(term_start, founded),
                    )
            predecessor = spec.kind != "branch" or self.rng.random() < 0.4
            older = [p for p in eligible if p.joined_on.year <= 2015 and not p.reserved]
            if predecessor and older and founded < term_start:
                self._post(
                    code,
                    self._pick(older),
                    title,
                    max(prev_base_start, founded),
                    term_start,
                )
        # One ordinary member for the self-service login.
        # With a mobile too: the demo member also signs in by SMS code (会员之家).
        branch_people = [
            p
            for p in self.by_org["DL-J01-02"]
            if p.fields["email"] and p.fields["mobile"]
        ]
        self.ordinary = self._pick(branch_people or self.by_org["DL-J01-02"])

    def _closed_branch_head(self, code: str, spec: OrgSpec) -> None:
        first = min(self.by_org[code], key=lambda p: p.joined_on)
        first.reserved = True
        start = max(parse_date(spec.founded), first.joined_on) + dt.timedelta(days=180)
        self._post(code, first, Post.Title.CHAIR, start)

    # --- transfers, leaving, closing ------------------------------------------

    def _between(self, lo: dt.date, hi: dt.date) -> dt.date | None:
        if lo > hi:
            return None
        return lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def _transfer_target(self, person_code: str, on: dt.date) -> str:
        """Return a sibling organization most of the time, another one otherwise."""
        targets = [
            c
            for c, s in self.specs.items()
            if s.kind != "grassroots"
            and not s.closed
            and c != person_code
            and parse_date(s.founded) <= on
        ]
        siblings = [c for c in targets if self.parent[c] == self.parent[person_code]]
        if siblings and self.rng.random() < 0.6:
            return self.rng.choice(siblings)
        return self.rng.choice(targets)

    def _apply_events(self) -> None:
        events: list[tuple] = []
        for code, spec in self.specs.items():
            if not spec.closed:
                continue
            closed = parse_date(spec.closed)
            note = _("%(old)s撤销，会员转入%(new)s") % {
                "old": spec.name,
                "new": self.specs[spec.successor].name,
            }
            for person in self.by_org[code]:
                events.append((closed, 0, "transfer", person, spec.successor, note))
                person.last_date = closed
            events.append((closed, 1, "close", code))

        movable = [
            p
            for p in self.people
            if not p.reserved
            and not self.specs[p.org_code].closed
            and (self.ref - p.joined_on).days > 3 * 365
        ]
        movers = self.rng.sample(movable, RANDOM_TRANSFERS)
        for i, person in enumerate(movers):
            rounds = 2 if i < SECOND_TRANSFERS else 1
            current = person.org_code
            for _round in range(rounds):
                on = self._between(
                    person.last_date + dt.timedelta(days=365),
                    self.ref - dt.timedelta(days=60),
                )
                if on is None:
                    break
                target = self._transfer_target(current, on)
                note = self.rng.choice(
                    (_("工作调动"), _("居住地变更"), _("本人申请"), "")
                )
                events.append((on, 0, "transfer", person, target, note))
                person.last_date = on
                current = target

        candidates = [p for p in self.people if not p.reserved]
        oldest = sorted(candidates, key=lambda p: p.birth_date)[:200]
        plans = (
            (Member.Status.DECEASED, oldest, 62),
            (Member.Status.WITHDRAWN, candidates, 0),
            (Member.Status.TRANSFERRED, candidates, 0),
        )
        for status, pool, min_age in plans:
            wanted = LEAVERS[status]
            for person in self.rng.sample(pool, len(pool)):
                if wanted == 0:
                    break
                if id(person) in self.leaving:
                    continue
                lo = max(
                    person.last_date + dt.timedelta(days=365),
                    years_before(person.birth_date, -min_age),
                )
                on = self._between(lo, self.ref - dt.timedelta(days=10))
                if on is None:
                    continue
                if status == Member.Status.TRANSFERRED:
                    note = _("转至%s") % self.rng.choice(data.OTHER_COMMITTEES)
                elif status == Member.Status.WITHDRAWN:
                    note = self.rng.choice(data.WITHDRAWAL_NOTES)
                else:
                    note = ""
                events.append((on, 2, "leave", person, status, note))
                self.leaving.add(id(person))
                wanted -= 1

        events.sort(key=lambda e: (e[0], e[1]))
        for on, _order, kind, *args in events:
            if kind == "transfer":
                person, target, note = args
                person.member = member_transfer(
                    member=person.member,
                    to_org=self.orgs[target],
                    on=on,
                    by=self.admin,
                    note=note,
                )
            elif kind == "close":
                org_close(org=self.orgs[args[0]], on=on, by=self.admin)
            else:
                person, status, note = args
                person.member = member_leave(
                    member=person.member, status=status, on=on, by=self.admin, note=note
                )

    # --- public offices and logins ---------------------------------------------

    def _office(self, person: Person, key: str, role: str) -> None:
        kind, level, body, term, start, end = data.PUBLIC_OFFICES[key]
        if key == "cppcc_district":
            district = "甘井子区" if person.district == "高新园区" else person.district
            body = f"{district}政协"
        public_post_add(
            member=person.member,
            by=self.admin,
            kind=kind,
            level=level,
            body=body,
            term=term,
            role=role,
            start_on=parse_date(start),
            end_on=parse_date(end) if end else None,
        )

    def _add_public_posts(self) -> None:
        staying = [p for p in self.people if id(p) not in self.leaving]
        self._office(self.chair, "cppcc_city", _("副主席"))
        self._office(self.chair, "cppcc_city_prev", _("常委"))
        leaders = Post.objects.filter(
            organization=self.orgs[DEMO_ROOT_CODE],
            title=Post.Title.VICE_CHAIR,
            end_on__isnull=True,
        ).values_list("member_id", flat=True)
        vices = [p for p in staying if p.member.pk in set(leaders)]
        for person, (key, role) in zip(
            vices,
            [
                ("cppcc_city", _("常委")),
                ("cppcc_city", _("常委")),
                ("npc_city", _("代表")),
                ("cppcc_province", _("委员")),
                ("cppcc_city", _("常委")),
                ("npc_province", _("代表")),
            ],
            strict=False,
        ):
            self._office(person, key, role)
        chosen = {id(self.chair), *map(id, vices)}
        pool = [
            p for p in staying if id(p) not in chosen and 35 <= self._age_now(p) <= 70
        ]
        self.rng.shuffle(pool)
        pool.sort(key=lambda p: p.fields["title_level"] != "senior")
        plan = [
            ("cppcc_city", _("委员"), 45),
            ("cppcc_district", _("委员"), 45),
            ("npc_city", _("代表"), 10),
            ("cppcc_province", _("委员"), 6),
            ("npc_province", _("代表"), 3),
        ]
        holders = pool[: sum(n for _k, _r, n in plan)]
        self.rng.shuffle(holders)
        for key, role, n in plan:
            for person in holders[:n]:
                self._office(person, key, role)
            holders = holders[n:]
        for person in self.rng.sample(pool[:200], 25):
            self._office(person, "cppcc_city_prev", _("委员"))
        for person in self.rng.sample(pool, 15):
            body, role = self.rng.choice(data.SPECIAL_OFFICES)
            public_post_add(
                member=person.member,
                by=self.admin,
                kind=PublicPost.Kind.SPECIAL,
                level=PublicPost.Level.CITY,
                body=body,
                role=role,
                start_on=dt.date(
                    self.rng.randint(2019, 2024), self.rng.randint(1, 12), 1
                ),
            )

    def _add_account_requests(self) -> None:
        _account_requests(self)

    def _create_accounts(self) -> None:
        committee = self.orgs[DEMO_ROOT_CODE]
        head_code = next(code for _u, role, code in LOGINS if role == Role.ORG_HEAD)
        linked = {
            "zuzhibu": (None, committee, _("组织部工作人员")),
            "zhuwei": (self.chair, committee, ""),
            "zhibu": (self.heads[head_code], self.orgs[head_code], ""),
            "huiyuan": (self.ordinary, self.orgs[self.ordinary.org_code], ""),
            "xitong": (None, committee, _("系统管理员")),
            "anquan": (None, committee, _("安全管理员")),
            "shenji": (None, committee, _("审计管理员")),
            "canzheng": (None, committee, _("参政议政部工作人员")),
            "xuanchuan": (None, committee, _("宣传部工作人员")),
        }
        for username, role, _code in LOGINS:
            if username not in linked:
                continue
            person, node, display_name = linked[username]
            # Trusted code (by=None): no administrator links accounts to members.
            user = user_create(
                by=None,
                username=username,
                password=DEMO_PASSWORD,
                display_name=display_name or person.fields["name"],
                member=person.member if person else None,
                must_change_password=False,
            )
            grant_role(by=self.admin, user=user, role=role, organization=node)


def _account_requests(builder) -> None:
    """A pending two-person reset and a member account awaiting confirmation.

    xitong has asked to reset shenji's second factor (anquan approves or
    refuses on 凭据重置申请); 组织部 has made an account for a member who has
    not logged in yet to confirm it (会员账户).
    """
    from tongxin.accounts.models import CredentialReset, MemberLink
    from tongxin.accounts.services import credential_reset_request, member_link_propose

    users = {
        u.username: u
        for u in User.objects.filter(username__in=["xitong", "shenji", "zuzhibu"])
    }
    if len(users) < 3:
        return
    credential_reset_request(
        by=users["xitong"],
        user=users["shenji"],
        kind=CredentialReset.Kind.OTP,
        reason=_("审计管理员更换手机，原验证器丢失"),
    )
    member = (
        Member.objects.filter(status=Member.Status.ACTIVE, user__isnull=True)
        .exclude(account_links__state=MemberLink.State.PROPOSED)
        .order_by("id")
        .first()
    )
    if member is None:
        return
    account = user_create(
        by=None,
        username="xinhuiyuan",
        password=DEMO_PASSWORD,
        display_name=member.name,
        must_change_password=False,
    )
    member_link_propose(by=users["zuzhibu"], user=account, member=member)


def _records_sentence() -> str:
    """Return the counts of honors, campaigns, participation and admission records."""
    from tongxin.campaigns.models import Task, Visit
    from tongxin.honors.models import Honor
    from tongxin.lifecycle.models import Application, Certificate
    from tongxin.participation.models import (
        OpinionReport,
        Proposal,
        ResearchTopic,
        Suggestion,
    )

    return _(
        "荣誉 %(honors)d 项；专项活动任务 %(tasks)d 项，督查走访 %(visits)d 次；"
        "参政议政记录 %(items)d 件；入会申请 %(applications)d 份，会员证 %(certificates)d 张。"
    ) % {
        "honors": Honor.objects.count(),
        "tasks": Task.objects.count(),
        "visits": Visit.objects.count(),
        "items": sum(
            model.objects.count()
            for model in (Suggestion, Proposal, OpinionReport, ResearchTopic)
        ),
        "applications": Application.objects.count(),
        "certificates": Certificate.objects.count(),
    }
