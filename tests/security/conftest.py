"""Fixtures of the security proofs: a committee with something on each side.

``world`` is the committee of the shared ``org`` and ``people`` fixtures
plus what the permission matrix asks for: an object of every kind *inside*
the branch head's subtree (edu1), the same *outside* it (edu2 or the direct
branch), the self-service member's *own* record, and users for the roles the
shared fixtures lack (office staff, who also run social service, and the
three administrators).  It is
built once per test module and every test runs in a savepoint.  ``client_as``
logs a test client in as one of :data:`tests.security.matrix.ROLES`;
``db_writes`` watches the SQL a request sends so a refused request can be
shown to have written nothing; ``db_state`` reads every domain table so an
allowed one can be shown to have changed something.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client, override_settings

from tests.accounts.support import login_verified
from tests.conftest import PASSWORD, make_id_number
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.members.services import member_create, public_post_add
from tongxin.orgs.services import department_create, org_create, post_assign

#: Apps whose tables are compared before and after a refused request.
DOMAIN_APPS = (
    "accounts",
    "otp_totp",
    "orgs",
    "members",
    "activities",
    "honors",
    "campaigns",
    "notifications",
    "talent",
    "lifecycle",
    "participation",
    "workflows",
    "publicity",
    "appraisal",
    "reports",
)
#: Models of other apps compared and watched too: the audit trail's own rows
#: are written by every request, its kept chain checks only by a full walk.
DOMAIN_MODELS = ("audit.ChainCheck",)
#: Columns that change without anyone changing data (bookkeeping).
VOLATILE = frozenset({"last_login", "last_used_at", "updated_at"})


def build_world() -> SimpleNamespace:
    """Create the committee of ``tests/conftest.py`` and the matrix's extras.

    The tree, the people and their grants are those of the shared ``org`` and
    ``people`` fixtures (same names, codes and roles); they are rebuilt here
    because the matrix builds them once per module, which function-scoped
    fixtures cannot.
    """
    root = User.objects.create_superuser("root", "root@example.com", PASSWORD)

    def node(name, kind, code, parent=None, founded=None):
        return org_create(
            by=root, name=name, kind=kind, code=code, parent=parent, founded_on=founded
        )

    city = node("民进测试市委员会", "committee", "C", founded=dt.date(1988, 5, 1))
    edu = node("教育基层委员会", "grassroots", "G1", city, dt.date(1990, 1, 1))
    edu1 = node("教育一支部", "branch", "G1B1", edu, dt.date(1990, 1, 1))
    edu2 = node("教育二支部", "branch", "G1B2", edu, dt.date(1995, 1, 1))
    direct = node("市直属第一支部", "direct_branch", "D1", city, dt.date(2000, 1, 1))
    g_in = node("教育一支部第一小组", "group", "G1B1Z1", edu1)
    g_out = node("教育二支部第一小组", "group", "G1B2Z1", edu2)

    def member(organization, name, female=False, **fields):
        birth = dt.date(1975, 3, 14)
        return member_create(
            by=root,
            organization=organization,
            name=name,
            id_number=make_id_number(birth, female),
            joined_on=dt.date(2005, 6, 1),
            **fields,
        )

    own = member(edu2, "李晓梅", female=True)
    m_in = member(edu1, "王内明", mobile="13812345678")
    m_out = member(direct, "赵外亮", female=True)

    def user(username, role=None, node=None, record=None):
        u = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
        if record is not None:
            u.member = record
            u.save()
        if role:
            grant_role(by=root, user=u, role=role, organization=node)
        return u

    users = {
        "outsider": user("outsider"),
        "member": user("member", "member", edu2, own),
        "head": user("head", "org_head", edu1),
        "leader": user("leader", "leader", city),
        "staff": user("staff", "staff_org", city),
        "office": user("office", "staff_office", city),  # + social service
        "sysadmin": user("sysadmin", "sysadmin", city),
        "secadmin": user("secadmin", "secadmin", city),
        "auditadmin": user("auditadmin", "auditadmin", city),
    }

    def post(organization, holder):
        return post_assign(
            organization=organization,
            member=holder,
            title="head",
            start_on=dt.date(2020, 1, 1),
            by=root,
        )

    def public_post(holder):
        return public_post_add(
            member=holder, by=root, kind="cppcc", level="city", body="大连市政协"
        )

    grant_role(by=root, user=users["office"], role="staff_service", organization=city)
    # The office also stands for the participation department (参政议政部).
    grant_role(
        by=root, user=users["office"], role="staff_participation", organization=city
    )
    department_create(organization=city, kind="office", name="办公室", by=root)
    # Accounts a system administrator manages: attached to a member in edu1
    # (inside) and in the direct branch (outside).
    accounts = {
        "inside": user("acct_in", record=m_in),
        "outside": user("acct_out", record=m_out),
    }
    places = {"inside": edu1, "outside": direct, "own": edu2}
    # A pending change request of each side's member, asked by the member.
    from tongxin.members.services_changes import change_request_submit

    change_requests = {
        "inside": change_request_submit(
            member=m_in, by=accounts["inside"], job="教研组长"
        ),
        "outside": change_request_submit(
            member=m_out, by=accounts["outside"], job="主任医师"
        ),
        "own": change_request_submit(member=own, by=users["member"], job="教师"),
    }
    # The matrix first: it gathers the app modules' entries when imported, and
    # an app module imported before it would meet itself half-initialized.
    import tests.security.matrix  # noqa: F401
    from tests.security.matrix_campaigns import build_campaigns
    from tests.security.matrix_honors import build_honors

    people = {"inside": m_in, "outside": m_out, "own": own}
    public_posts = {
        t: public_post(m)
        for t, m in (("inside", m_in), ("outside", m_out), ("own", own))
    }
    from tests.security.matrix_participation import build_participation

    _subscriptions(root, [edu1, direct])
    return SimpleNamespace(
        honors=build_honors(root, places, people),
        honors_places=places,
        campaigns=build_campaigns(root, places, people, users),
        activities=build_activities(root, places),
        participation=build_participation(
            root, {"inside": m_in, "outside": m_out, "own": own}, city
        ),
        root=root,
        org=SimpleNamespace(city=city, edu=edu, edu1=edu1, edu2=edu2, direct=direct),
        users=users,
        orgs={"inside": edu1, "outside": edu2},
        groups={"inside": g_in, "outside": g_out},
        members={"inside": m_in, "outside": m_out, "own": own},
        posts={"inside": post(edu1, m_in), "outside": post(edu2, own)},
        accounts=accounts,
        change_requests=change_requests,
        grants={
            "inside": users["head"].grants.get(),
            "outside": users["member"].grants.get(),
        },
        public_posts=public_posts,
    )


def _subscriptions(root, organizations) -> None:
    """Subscribe each organization to this year's magazine (the publicity list)."""
    from tongxin.publicity.services import subscription_set

    for organization in organizations:
        subscription_set(
            by=root, organization=organization, year=dt.date.today().year, copies=5
        )


def build_activities(root, places: dict) -> SimpleNamespace:
    """Create one of each activity record per side, organized at ``places``.

    Inside is edu1; outside the direct branch; own edu2, the self-service
    member's branch (its events are open to that member).  ``events`` start
    in a week (sign-ups are open), ``held`` ones are under way (attendance).
    """
    from django.utils import timezone

    from tongxin.activities import services as act

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)

    def each(make):
        return {t: make(t, o) for t, o in places.items()}

    series = each(
        lambda t, o: act.series_create(by=root, organization=o, name=f"文化讲堂{t}")
    )
    events = each(
        lambda t, o: act.event_create(
            by=root,
            organization=o,
            title=f"讲座{t}",
            kind="lecture",
            start_at=start,
            end_at=start + dt.timedelta(hours=3),
            allows_signup=True,
            series=series[t],
            edition=1,
        )
    )
    # Under way: attendance is taken and members check in.
    held = each(
        lambda t, o: act.event_create(
            by=root,
            organization=o,
            title=f"座谈会{t}",
            kind="seminar",
            start_at=start - dt.timedelta(days=7, hours=1),
            end_at=start - dt.timedelta(days=7, hours=-2),
        )
    )
    partners = each(
        lambda t, o: act.partner_create(
            by=root, organization=o, name=f"希望小学{t}", kind="school"
        )
    )
    programs = each(
        lambda t, o: act.program_create(
            by=root, organization=o, name=f"助学项目{t}", kind="teaching"
        )
    )
    service_activities = {
        t: act.service_activity_create(
            program=p, by=root, title=f"送书{t}", held_on=dt.date(2024, 5, 1)
        )
        for t, p in programs.items()
    }
    funds = each(
        lambda t, o: act.fund_create(by=root, organization=o, name=f"助学基金{t}")
    )
    return SimpleNamespace(
        events=events,
        held=held,
        series=series,
        partners=partners,
        programs=programs,
        service_activities=service_activities,
        funds=funds,
    )


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Keep photos and attachments a test uploads in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """Build the world once per module, inside a transaction rolled back at the end.

    Each test's own ``db`` transaction is a savepoint within it, so what a
    test writes is gone before the next one runs.
    """
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db):
    """Return the matrix's objects and users, keyed by role and by side."""
    return _module_world


#: Roles that log in with a second factor (TOTP).
ADMIN_ROLES = frozenset({"sysadmin", "secadmin", "auditadmin"})


def login(client: Client, user: User) -> Client:
    """Log ``client`` in as ``user`` the way the real login would leave it.

    Administrators and superusers pass the second factor, as they must.
    """
    if user.is_superuser or any(g.role in ADMIN_ROLES for g in user.grants.all()):
        return login_verified(client, user)
    client.force_login(user)
    return client


@pytest.fixture
def client_as(world):
    """Return a function giving a client logged in as a matrix role."""

    def make(role: str) -> Client:
        client = Client()
        if role == "anonymous":
            return client
        return login(client, world.users[role])

    return make


def _select(model) -> str:
    """Return the SQL reading a model's table, bookkeeping columns left out."""
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(f.column) for f in model._meta.concrete_fields if f.name not in VOLATILE
    )
    pk = quote(model._meta.pk.column)
    return f"SELECT {columns} FROM {quote(model._meta.db_table)} ORDER BY {pk}"


@functools.cache
def _state_queries(alias: str, name: str) -> dict[str, str]:
    """Return the statements reading the domain tables of database ``name``."""
    tables = set(connection.introspection.table_names())
    queries = {
        model._meta.label: _select(model)
        for label in DOMAIN_APPS
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models()
        if model._meta.db_table in tables  # an app still without its migration
    }
    queries.update(
        (label, _select(apps.get_model(label)))
        for label in DOMAIN_MODELS
        if apps.get_model(label)._meta.db_table in tables
    )
    return queries


@pytest.fixture
def db_state(db):
    """Return a function reading every row of the domain tables.

    Plain SQL, one statement per table: it runs twice in every matrix case
    that writes.  The statements are written once per database (most cases
    never read them).
    """
    queries = _state_queries(connection.alias, connection.settings_dict["NAME"])

    def read() -> dict[str, list[tuple]]:
        with connection.cursor() as cursor:
            state = {}
            for label, sql in queries.items():
                cursor.execute(sql)
                state[label] = cursor.fetchall()
        return state

    return read


# --- writes seen in the SQL ------------------------------------------------------

#: A statement writing to a table: the verb, then the (quoted) table name.
_WRITE = re.compile(
    r"""\b(?P<verb>INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|DELETE\s+FROM
        |UPDATE(?:\s+OR\s+\w+)?
        |TRUNCATE(?:\s+TABLE)?|ALTER\s+TABLE|DROP\s+TABLE)
        \s+(?P<table>["`]?\w+["`]?(?:\s*,\s*["`]?\w+["`]?)*)""",
    re.IGNORECASE | re.VERBOSE,
)
_IDENTIFIER = re.compile(r"""["`]?(\w+)["`]?""")
_SET = re.compile(r"\s+SET\b", re.IGNORECASE)
_SET_END = re.compile(r"\s(?:WHERE|RETURNING|FROM)\b", re.IGNORECASE)


@functools.cache
def domain_tables() -> frozenset[str]:
    """Return the tables of :data:`DOMAIN_APPS`, many-to-many tables included."""
    return frozenset(
        model._meta.db_table
        for label in DOMAIN_APPS
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ) | frozenset(apps.get_model(label)._meta.db_table for label in DOMAIN_MODELS)


def _set_columns(sql: str, start: int) -> set[str]:
    """Return the columns an ``UPDATE ... SET`` assigns (SET at ``start``)."""
    clause = sql[start:]
    parts, depth, begin = [], 0, 0
    for i, char in enumerate(clause):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == ",":
            parts.append(clause[begin:i])
            begin = i + 1
        elif depth == 0 and _SET_END.match(clause, i):
            break
    else:
        i = len(clause)
    parts.append(clause[begin:i])
    return {m.group(1) for part in parts if (m := _IDENTIFIER.match(part.strip()))}


def statement_writes(sql: str, tables: frozenset[str]) -> list[str]:
    """Return the tables among ``tables`` that the statement ``sql`` writes to.

    INSERT, UPDATE, DELETE, REPLACE, TRUNCATE, ALTER and DROP count wherever
    they stand (a CTE, a trigger-like subquery); ``SELECT ... FOR UPDATE``
    and ``ON CONFLICT DO UPDATE`` are not writes of their own.  An UPDATE
    that sets nothing but bookkeeping columns (:data:`VOLATILE`) does not
    count, as the table comparison it replaces did not see them either.
    """
    written = []
    for match in _WRITE.finditer(sql):
        names = [m.group(1) for m in _IDENTIFIER.finditer(match.group("table"))]
        hit = [name for name in names if name in tables]
        if not hit:
            continue
        if match.group("verb").upper().startswith("UPDATE"):
            set_at = _SET.match(sql, match.end())
            if set_at is None:  # FOR UPDATE OF "t", DO UPDATE SET: no write
                continue
            if _set_columns(sql, set_at.end()) <= VOLATILE:
                continue
        written += hit
    return written


@dataclass
class WriteLog:
    """The statements a block of code sent that write to a domain table."""

    tables: frozenset[str]
    writes: list[tuple[str, str]] = field(default_factory=list)
    statements: int = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        for table in statement_writes(sql, self.tables):
            self.writes.append((table, sql))
        return execute(sql, params, many, context)

    @property
    def written(self) -> list[str]:
        """Return the tables written to, each once, in the order first seen."""
        return list(dict.fromkeys(table for table, _sql in self.writes))

    def __str__(self) -> str:
        return "; ".join(sql[:200] for _table, sql in self.writes)


@pytest.fixture
def db_writes(db):
    """Return a context manager logging the domain writes sent inside it.

    Every statement on the connection passes through the log (Django's
    ``connection.execute_wrapper``), executemany and raw SQL included, so a
    refused request is shown to have written nothing without reading a
    single table.  Sessions, axes' access log, the audit trail and the
    bookkeeping columns are not domain data and are left out, as
    ``db_state`` leaves them out.
    """
    tables = domain_tables()

    @contextmanager
    def watch() -> Iterator[WriteLog]:
        log = WriteLog(tables)
        with connection.execute_wrapper(log):
            yield log

    return watch
