"""The demo committee: its shape, its consistency, its logins and the commands."""

import datetime as dt
import io
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from tongxin.accounts.models import Role, User
from tongxin.core.idnumber import parse_id_number, validate_mobile
from tongxin.demo import data
from tongxin.demo.builder import DEMO_PASSWORD, DEMO_ROOT_CODE, REF_DATE
from tongxin.demo.people import PersonFactory
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.orgs.models import Organization, Post
from tongxin.orgs.services import org_create

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo once for the module with ``tongxin demo --no-serve``."""
    # The same cheap hasher as the function-scoped fixture of tests/conftest.py.
    hashers = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with django_db_blocker.unblock(), hashers:
        out = io.StringIO()
        started = time.perf_counter()
        call_command("demo", no_serve=True, stdout=out)
        seconds = time.perf_counter() - started
        yield SimpleNamespace(output=out.getvalue(), seconds=seconds)
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def ref():
    return min(dt.date.today(), REF_DATE)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def test_it_prints_a_summary_with_the_time_taken(demo, db):
    assert "用时" in demo.output
    assert re.search(r"荣誉 [1-9]\d* 项", demo.output)
    assert re.search(r"参政议政记录 [1-9]\d* 件", demo.output)
    assert re.search(r"会员证 [1-9]\d* 张", demo.output)
    assert "民进大连市委员会" in demo.output
    assert "在册会员" in demo.output


def test_it_builds_about_a_hundred_open_base_organizations(demo, db):
    base = Organization.objects.exclude(kind=Organization.Kind.COMMITTEE)
    assert 95 <= base.filter(closed_on__isnull=True).count() <= 105
    kinds = Counter(base.filter(closed_on__isnull=True).values_list("kind", flat=True))
    assert kinds[Organization.Kind.GRASSROOTS] == 12
    assert kinds[Organization.Kind.DIRECT_BRANCH] == 20
    assert kinds[Organization.Kind.GROUP] >= 2
    for grassroots in base.filter(kind=Organization.Kind.GRASSROOTS):
        assert 3 <= grassroots.children.filter(closed_on__isnull=True).count() <= 8
    committee = Organization.objects.get(code=DEMO_ROOT_CODE)
    assert committee.name == "民进大连市委员会"
    assert committee.departments.count() == 5


def test_closed_branches_were_emptied_before_closing(demo, db):
    closed = list(Organization.objects.filter(closed_on__isnull=False))
    assert 1 <= len(closed) <= 2
    for org in closed:
        assert not org.members.exists()
        periods = Membership.objects.filter(organization=org)
        assert periods.exists()
        assert not periods.filter(end_on__isnull=True).exists()
        assert not periods.filter(end_on__gt=org.closed_on).exists()
        assert not org.posts.filter(end_on__isnull=True).exists()


def test_it_registers_about_1700_active_members(demo, db):
    active = Member.objects.filter(status=Member.Status.ACTIVE)
    assert 1600 <= active.count() <= 1800
    assert not active.filter(organization__closed_on__isnull=False).exists()


def test_every_open_base_organization_has_a_head(demo, db):
    base = Organization.objects.exclude(kind=Organization.Kind.COMMITTEE).filter(
        closed_on__isnull=True
    )
    headed = set(
        Post.objects.filter(
            end_on__isnull=True, title__in=Post.HEAD_TITLES, member__status="active"
        ).values_list("organization_id", flat=True)
    )
    assert {o.pk for o in base} <= headed


def test_the_committee_has_a_leadership_team_with_terms(demo, db):
    posts = Post.objects.filter(organization__code=DEMO_ROOT_CODE, end_on__isnull=True)
    titles = Counter(posts.values_list("title", flat=True))
    assert titles[Post.Title.CHAIR] == 1
    assert 5 <= titles[Post.Title.VICE_CHAIR] <= 6
    assert titles[Post.Title.SECRETARY_GENERAL] == 1
    assert 15 <= titles[Post.Title.COMMITTEE_MEMBER] <= 25
    assert all(p.term for p in posts)
    ended = Post.objects.filter(organization__code=DEMO_ROOT_CODE, end_on__isnull=False)
    assert ended.filter(title=Post.Title.CHAIR).exists()
    for post in Post.objects.select_related("member"):
        assert post.start_on >= post.member.joined_on


def test_members_left_and_moved_with_consistent_periods(demo, db):
    statuses = Counter(Member.objects.values_list("status", flat=True))
    assert 20 <= statuses[Member.Status.WITHDRAWN] <= 30
    assert 25 <= statuses[Member.Status.DECEASED] <= 35
    assert 8 <= statuses[Member.Status.TRANSFERRED] <= 12
    moved = Member.objects.filter(
        memberships__end_reason=Membership.EndReason.TRANSFER
    ).distinct()
    assert 50 <= moved.count() <= 80

    periods = defaultdict(list)
    for p in Membership.objects.order_by("start_on", "id"):
        periods[p.member_id].append(p)
    reasons = {
        Member.Status.WITHDRAWN: Membership.EndReason.WITHDRAWN,
        Member.Status.DECEASED: Membership.EndReason.DECEASED,
        Member.Status.TRANSFERRED: Membership.EndReason.TRANSFERRED_OUT,
    }
    for member in Member.objects.all():
        own = periods[member.pk]
        assert own[0].start_on == member.joined_on
        for before, after in zip(own, own[1:], strict=False):
            assert before.end_on == after.start_on
            assert before.end_reason == Membership.EndReason.TRANSFER
        last = own[-1]
        assert last.organization_id == member.organization_id
        assert last.org_path == member.org_path
        if member.status == Member.Status.ACTIVE:
            assert last.end_on is None
        else:
            assert last.end_on == member.status_on
            assert last.end_reason == reasons[member.status]
            assert not member.posts.filter(end_on__isnull=True).exists()


def test_people_look_real(demo, db, ref):
    members = list(Member.objects.all())
    for m in members:
        info = parse_id_number(m.id_number)
        assert info.birth_date == m.birth_date
        assert info.gender == m.gender
        if m.mobile:
            assert validate_mobile(m.mobile) == m.mobile
        assert m.stroke_key and m.search_text
    active = [m for m in members if m.status == Member.Status.ACTIVE]
    ages = [_age(m.birth_date, ref) for m in active]
    assert min(ages) >= 28 and max(ages) <= 90
    women = sum(m.gender == "F" for m in active) / len(active)
    assert 0.38 <= women <= 0.52
    decades = Counter(m.joined_on.year // 10 * 10 for m in members)
    assert {1980, 1990, 2000, 2010, 2020} <= set(decades)
    education = Counter(m.education for m in members)
    assert education["11"] + education["14"] + education["21"] > 0.85 * len(members)
    ethnicities = Counter(m.ethnicity for m in members)
    assert ethnicities["11"] > 0 and ethnicities["03"] > 0 and ethnicities["10"] > 0
    surnames = {
        m.name[:2] if m.name[:2] in data.SURNAMES else m.name[0] for m in members
    }
    assert {"王", "李", "张", "刘", "于"} <= surnames
    assert any(len(m.name) == 4 for m in members)  # 欧阳, 司马 ...
    assert len({m.work_unit for m in members}) > 80
    titles = Counter(m.title_level for m in members)
    assert titles["senior"] > titles["intermediate"] > 0


def test_about_120_members_hold_public_office(demo, db):
    holders = (
        PublicPost.objects.filter(end_on__isnull=True, kind__in=["npc", "cppcc"])
        .values("member")
        .distinct()
        .count()
    )
    assert 100 <= holders <= 140
    assert PublicPost.objects.filter(kind=PublicPost.Kind.SPECIAL).exists()
    levels = set(PublicPost.objects.values_list("level", flat=True))
    assert {"city", "provincial", "district"} <= levels


def test_participation_is_modelled_on_the_work_report(demo, db):
    """一人一案, 16 group and ~100 member proposals with replies and 6 awards,
    10 research topics (1 approved by the provincial committee, 2 by the
    United Front Work Department), opinion reports adopted at three levels."""
    from tongxin.participation import selectors
    from tongxin.participation.models import (
        Adoption,
        OpinionReport,
        Proposal,
        ProposalAward,
        ResearchTopic,
        Suggestion,
    )

    # 150 from the participation demo, one more from the member login's year
    # of duties (tongxin/demo/appraisal.py), and their 微建议 sent from 会员之家
    # (tongxin/demo/memberhome.py), submitted with its photo.
    assert Suggestion.objects.count() == 152
    micro = Suggestion.objects.get(
        author__user__username="huiyuan", title__startswith="西安路公交站"
    )
    assert micro.state == "submitted"
    assert Proposal.objects.filter(kind="group").count() == 16
    assert 85 <= Proposal.objects.filter(kind="member").count() <= 110
    assert Proposal.objects.filter(state__in=("replied", "closed")).count() > 60
    assert ProposalAward.objects.count() == 6
    approved = ResearchTopic.objects.filter(state="approved")
    assert ResearchTopic.objects.count() == 10
    assert approved.filter(target_body="民进省委会").count() == 1
    assert approved.filter(target_body="市委统战部").count() == 2
    assert set(Adoption.objects.values_list("level", flat=True)) == {
        "city",
        "provincial",
        "national",
    }
    assert OpinionReport.objects.filter(state="adopted").exists()
    staff = User.objects.get(username="canzheng")
    stats = selectors.statistics(user=staff)
    assert stats["proposal_kinds"]["group"] == 16 and stats["awards"] == 6
    cov = selectors.coverage(user=staff, year=min(dt.date.today(), REF_DATE).year)
    assert cov["members_done"] and cov["members_not_yet"]


def test_the_printed_logins_work(demo, db):
    assert DEMO_PASSWORD in demo.output
    usernames = re.findall(r"^\s+(\w+)\s+\S+：", demo.output, re.MULTILINE)
    assert usernames == [
        "admin",
        "zuzhibu",
        "zhuwei",
        "zhibu",
        "huiyuan",
        "canzheng",
        "xuanchuan",
        "xitong",
        "anquan",
        "shenji",
    ]
    assert "TOTP" in demo.output
    assert "http://127.0.0.1:8000/" in demo.output
    for username in usernames:
        client = Client()
        response = client.post(
            reverse("accounts:login"),
            {"username": username, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302, username
        if username in ("admin", "xitong", "anquan", "shenji"):
            # Administrators must enroll a second factor before anything else.
            page = client.get(reverse("members:list"))
            assert page.status_code == 302
            assert page.url.startswith(reverse("accounts:otp"))
            continue
        # A member who sees only themself lands on their own page (members:me).
        page = client.get(reverse("members:list"), follow=True)
        assert page.status_code == 200, username
        if username == "huiyuan":
            assert page.redirect_chain[-1][0] == reverse("members:me")
    assert User.objects.get(username="admin").is_superuser
    roles = {
        g.user.username: (g.role, g.organization)
        for u in User.objects.exclude(username="admin")
        for g in u.grants.select_related("organization", "user")
    }
    assert roles["zuzhibu"] == (Role.STAFF_ORG, Organization.objects.get(code="DL"))
    assert roles["zhuwei"][0] == Role.LEADER
    assert roles["xitong"] == (Role.SYSADMIN, Organization.objects.get(code="DL"))
    assert roles["anquan"][0] == Role.SECADMIN
    assert roles["shenji"][0] == Role.AUDITADMIN
    chair = Post.objects.get(
        organization__code="DL", title=Post.Title.CHAIR, end_on__isnull=True
    )
    assert User.objects.get(username="zhuwei").member == chair.member
    role, branch = roles["zhibu"]
    assert role == Role.ORG_HEAD and branch.kind == Organization.Kind.BRANCH
    head = User.objects.get(username="zhibu").member
    assert branch.posts.filter(
        member=head, title=Post.Title.CHAIR, end_on__isnull=True
    ).exists()
    member = User.objects.get(username="huiyuan").member
    assert roles["huiyuan"] == (Role.MEMBER, member.organization)
    assert not member.posts.exists()


def test_a_second_run_reuses_the_demo(demo, db):
    before = (
        Organization.objects.count(),
        Member.objects.count(),
        Post.objects.count(),
    )
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out)
    assert "已有演示数据" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    after = (Organization.objects.count(), Member.objects.count(), Post.objects.count())
    assert after == before


def test_it_refuses_a_database_with_other_data(demo, db, django_user_model):
    root = django_user_model.objects.get(username="admin")
    org_create(by=root, name="另一个委员会", kind="committee", code="OTHER")
    with pytest.raises(CommandError, match="已有演示数据以外的数据"):
        call_command("demo", no_serve=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="已拒绝执行"):
        call_command("demo", no_serve=True, reset=True, stdout=io.StringIO())
    assert Organization.objects.filter(code=DEMO_ROOT_CODE).exists()
    assert Member.objects.count() > 1600


def test_the_plan_is_deterministic_for_a_seed():
    """The same seed plans the same people; another seed plans others."""

    def plan(seed: int) -> list[dict]:
        factory = PersonFactory(random.Random(seed), REF_DATE)
        spec = data.GRASSROOTS[0].children[0]
        return [factory.plan(spec).fields for _i in range(30)]

    assert plan(7) == plan(7)
    assert plan(7) != plan(8)


# --- tongxin serve --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 240) -> int:
    """Wait for the server (it migrates a fresh database first: slow on a busy machine)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize("dev", [False, True], ids=["gunicorn", "runserver"])
def test_serve_answers_http_with_static_files(tmp_path, dev):
    port = _free_port()
    env = {**os.environ, "TONGXIN_VAR_DIR": str(tmp_path)}
    # Serving is what is tested here: use a SQLite file of its own, not the
    # test run's database server (whose named database need not exist).
    env.pop("DATABASE_URL", None)
    argv = [sys.executable, "-m", "tongxin.cli", "serve", "--port", str(port)]
    if dev:
        argv.append("--dev")
    process = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        assert _wait_for(base + "/admin/login/") == 200
        assert _wait_for(base + "/static/admin/css/base.css") == 200
        assert (tmp_path / "static" / "admin").is_dir()  # collectstatic ran
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=20)[0].decode()
    assert f"http://127.0.0.1:{port}/" in output
    if not dev:
        assert "gunicorn" in output.lower()


def test_the_talent_pool_holds_151_people_in_four_tiers_and_a_roster_of_54(demo, db):
    from tongxin.talent.models import Placement, Review
    from tongxin.talent.selectors import counts

    root = User.objects.filter(is_superuser=True).first()
    c = counts(user=root, on=min(dt.date.today(), REF_DATE))
    assert c.total == 151
    assert all(n > 0 for _t, _l, n in c.tiers)
    assert c.reserve == 54
    assert Review.objects.filter(decision="remove").count() == 5
    assert Placement.objects.filter(end_on__isnull=False).count() > 5


def test_admissions_in_every_state_and_the_2014_class_with_certificates(demo, db):
    from tongxin.lifecycle.models import Application, Certificate, TrainingClass

    states = set(Application.objects.values_list("status", flat=True))
    assert states == {
        "introducing",
        "submitted",
        "reviewed",
        "approved",
        "rejected",
        "withdrawn",
    }
    klass = TrainingClass.objects.get(name="2014年新会员培训班")
    assert klass.sessions.count() == 3
    completed = klass.attendees.filter(completed_on__isnull=False)
    assert completed.count() == klass.attendees.count() - 2
    certs = Certificate.objects.filter(training_class=klass)
    assert certs.count() == completed.count()
    assert all(c.issued_on == klass.end_on for c in certs)
    approved = Application.objects.filter(status="approved")
    assert all(a.member.certificate_no for a in approved)


def test_online_applications_wait_for_huiyuan_and_for_review(demo, db):
    from tongxin.lifecycle.models import Application
    from tongxin.lifecycle.selectors import introductions_pending

    huiyuan = User.objects.get(username="huiyuan")
    waiting = Application.objects.get(status="introducing")
    assert waiting.mobile and waiting.scan
    assert list(introductions_pending(user=huiyuan)) == [waiting]
    confirmed = Application.objects.filter(
        status="submitted", introducer_2_confirmed_on__isnull=False
    )
    assert confirmed.count() == 1
    assert confirmed.get().steps.filter(action="confirm").count() == 2
    client = Client()
    client.force_login(huiyuan)
    page = client.get("/m/").content.decode()
    assert "待我确认的入会介绍" in page and waiting.name in page


def test_publicity_has_columns_journal_issues_and_articles_in_every_state(demo, db):
    from tongxin.publicity.models import Article, Column, JournalIssue, Publication

    assert re.search(r"稿件 [1-9]\d* 篇（已发表 [1-9]\d* 篇），会刊 7 期", demo.output)
    assert {"创先争优专栏", "先进典型"} <= set(
        Column.objects.filter(is_public=True).values_list("name", flat=True)
    )
    assert Column.objects.count() == 3
    issues = {(i.year, i.number) for i in JournalIssue.objects.all()}
    assert issues == {(2025, n) for n in (1, 2, 3, 4)} | {(2026, n) for n in (1, 2, 3)}
    assert 35 <= Article.objects.count() <= 45
    states = set(Article.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "reviewed", "returned", "published"}
    outlets = set(Publication.objects.values_list("outlet", flat=True))
    assert {"journal", "website"} <= outlets
    assert not Article.objects.filter(state="published", publications=None).exists()
    assert Article.objects.filter(events__isnull=False).exists()
    client = Client()
    page = client.get("/public/columns/xianjin/")
    assert page.status_code == 200 and "先进典型" in page.content.decode()


def test_it_holds_a_pending_reset_and_an_unconfirmed_member_link(demo, db):
    from tongxin.accounts.models import CredentialReset, MemberLink

    reset = CredentialReset.objects.get()
    assert reset.state == "pending" and reset.target.username == "shenji"
    assert reset.requested_by.username == "xitong"
    link = MemberLink.objects.get(state="proposed")
    assert link.user.username == "xinhuiyuan" and link.user.member is None
    assert link.proposed_by.username == "zuzhibu"
    assert not User.objects.filter(member=link.member).exists()


def test_last_years_report_has_its_written_sections(demo, db):
    from tongxin.core.periods import Period
    from tongxin.reports.texts import report_texts
    from tongxin.stats.scope import resolve_scope

    year = min(dt.date.today(), dt.date(2026, 9, 30)).year - 1
    texts = report_texts(scope=resolve_scope(), period=Period.for_year(year))
    assert texts["problems"].startswith("一是基层组织工作开展还不平衡")
    assert len(texts["plans"].splitlines()) == 3


def test_moving_an_organization_moves_every_path_copy(demo, db):
    """Every tree path copy, found by introspection, follows a moved subtree.

    The branch chosen is the one whose subtree holds rows of the most kinds;
    a kind with no row there gets one of its rows put inside first, so that
    every copy declared anywhere is seen to move.
    """
    from django.apps import apps as django_apps
    from simple_history.models import HistoricalChanges

    from tongxin.core import tree
    from tongxin.orgs.services import org_move

    columns = [(m, name) for m, names in tree.path_copy_columns() for name in names]
    declared = {(m._meta.label, name) for m, name in columns}
    # No copy escapes the marker: every other field named like a path is one.
    for model in django_apps.get_models():
        if not model.__module__.startswith("tongxin.") or issubclass(
            model, HistoricalChanges
        ):
            continue
        for f in model._meta.concrete_fields:
            named = f.name == "path" or f.name.endswith("_path")
            if named and model is not Organization:
                assert (model._meta.label, f.name) in declared, (model, f.name)
    assert len(columns) >= 40

    values = {
        (m, name): Counter(m._base_manager.values_list(name, flat=True))
        for m, name in columns
    }
    empty = [f"{m._meta.label}.{name}" for (m, name), c in values.items() if not c]
    assert not empty, f"the demo has no rows of {empty}"

    def kinds_inside(org):
        return sum(any(tree.is_within(p, org.path) for p in c) for c in values.values())

    branches = Organization.objects.filter(
        kind=Organization.Kind.BRANCH, closed_on__isnull=True
    )
    org = max(branches, key=kinds_inside)
    for (m, name), c in values.items():
        if not any(tree.is_within(p, org.path) for p in c):
            pk = m._base_manager.values_list("pk", flat=True).first()
            m._base_manager.filter(pk=pk).update(**{name: org.path})

    def inside(path):
        return {
            (m._meta.label, name): dict(
                m._base_manager.filter(tree.subtree_q(path, name)).values_list(
                    "pk", name
                )
            )
            for m, name in columns
        }

    before = inside(org.path)
    assert all(before.values())
    old_path = org.path
    new_parent = (
        Organization.objects.filter(kind=Organization.Kind.GRASSROOTS)
        .exclude(pk=org.parent_id)
        .first()
    )
    staff = User.objects.get(username="zuzhibu")
    moved = org_move(org=org, new_parent=new_parent, by=staff)
    assert moved.path.startswith(new_parent.path)
    left = {k: v for k, v in inside(old_path).items() if v}
    assert not left, f"rows left on the old path: {left}"
    after = inside(moved.path)
    for key, rows in before.items():
        expected = {pk: moved.path + p[len(old_path) :] for pk, p in rows.items()}
        assert {pk: after[key][pk] for pk in rows} == expected, key


def test_the_printed_sms_login_works(demo, db, settings):
    """The demo member signs in by SMS code as the printed line says."""
    match = re.search(
        r"会员短信登录：打开 \S+/m/login/，输入 huiyuan（(\S+)）的手机号 (\d{11})",
        demo.output,
    )
    assert match, demo.output
    name, mobile = match.groups()
    member = User.objects.get(username="huiyuan").member
    assert (member.name, member.mobile) == (name, mobile)
    assert "sms/outbox.log 的最后一行" in demo.output
    assert settings.TONGXIN_SMS_BACKEND == "console"
    client = Client()
    response = client.post("/m/login/", {"phone": mobile})
    assert response.status_code == 302
    outbox = settings.VAR_DIR / "sms" / "outbox.log"
    last = outbox.read_text(encoding="utf-8").splitlines()[-1]
    assert mobile not in last  # the number is masked in the outbox
    code = re.search(r"验证码是 (\d{6})", last).group(1)
    response = client.post("/m/login/code/", {"code": code})
    # They land on 我的, where their branch's full visit shows them waiting.
    assert response.status_code == 302 and response.url == reverse("memberhome:home")
    page = client.get(reverse("memberhome:home"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "参观大连自然博物馆" in text and "候补第 1 位" in text
    assert client.get(reverse("members:me")).status_code == 200


def test_past_year_ledgers_were_imported_with_their_dates(demo, db, ref):
    """The demo imports a base organization's past-year ledgers (台账导入)."""
    from tongxin.activities.models import Attendance, Event
    from tongxin.honors.models import Honor
    from tongxin.participation.models import OpinionReport

    year = ref.year - 2
    planting = Event.objects.get(title="义务植树活动")
    assert planting.start_at.date() == dt.date(year, 3, 12)
    attended = Attendance.objects.filter(event=planting)
    assert attended.count() == 4
    assert {a.method for a in attended} == {Attendance.Method.IMPORT}
    report = OpinionReport.objects.get(title="关于完善社区老年助餐服务的建议")
    assert report.state == "adopted" and report.date == dt.date(year, 4, 2)
    assert report.adoptions.get().adopted_on == dt.date(year, 6, 20)
    assert Honor.objects.get(title="社会服务工作先进集体").awarded_on == dt.date(
        year, 12, 20
    )


def test_two_branches_have_robots_and_five_members_bound_wechat(demo, db):
    """Broadcasts reached the robots through the console adapter (no network)."""
    from tongxin.publicity.models import Delivery, GroupRobot, WeChatBinding

    robots = GroupRobot.objects.filter(active=True)
    assert sorted(robots.values_list("kind", flat=True)) == ["dingtalk", "wecom"]
    assert robots.values("organization").distinct().count() == 2
    assert GroupRobot.objects.get(kind="dingtalk").secret.startswith("SEC")
    assert WeChatBinding.objects.exclude(openid_hash="").count() == 5
    sent = Delivery.objects.filter(robot__isnull=False, status="sent")
    assert sent.exists()
    assert all(d.provider_id.startswith("console-") for d in sent)


def test_the_head_branchs_next_event_was_posted_to_its_group(demo, db):
    """The branch's upcoming event reached its robot as an event notice,
    written to the console outbox (a ``console-`` provider id)."""
    from django.utils import timezone

    from tongxin.publicity.models import Broadcast

    notice = Broadcast.objects.get(kind="event")
    assert notice.event.organization_id == notice.organization_id
    assert notice.event.start_at > timezone.now()
    assert notice.title == f"活动通知：{notice.event.title}"
    assert f"/activities/{notice.event_id}/" in notice.body
    [row] = notice.deliveries.all()
    assert row.robot.kind == "wecom" and row.status == "sent"
    assert row.provider_id.startswith("console-")


def test_the_member_login_was_told_of_the_adoption_of_their_report(demo, db):
    """Workflow feedback: the demo adoption reached its author as a notice."""
    from tongxin.notifications.models import Notification

    user = User.objects.get(username="huiyuan")
    titles = Notification.objects.filter(user=user).values_list("title", flat=True)
    adopted = "您的社情民意信息“关于中小学课后服务经费保障的情况反映”已被采用（市级："
    assert any(t.startswith(adopted) for t in titles)
