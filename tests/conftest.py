"""Shared fixtures: a small committee and the people who use it.

``org`` holds the tree::

    city (committee, C)
    ├── edu (grassroots committee, G1)
    │   ├── edu1 (branch, G1B1)
    │   └── edu2 (branch, G1B2)
    └── direct (directly-affiliated branch, D1)

``people`` holds users: ``root`` (superuser), ``staff`` (organization department
on the whole committee), ``leader`` (reads the whole committee), ``head`` (head
of branch edu1), ``member`` (a member of edu2, self-service only) and
``outsider`` (no grants).
"""

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.test import override_settings

from tests.browser import browser, page  # noqa: F401 - fixtures for browser tests
from tests.speed import caches_for_tests, share_static_scan
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.members.services import member_create
from tongxin.orgs.models import Organization
from tongxin.orgs.services import org_create

PASSWORD = "Tongxin-Test-2026"
_id_counter = itertools.count(1)


def make_id_number(birth: dt.date, female: bool, seq: int | None = None) -> str:
    """Return a valid 18-digit ID number for a Dalian resident born on ``birth``."""
    n = next(_id_counter) if seq is None else seq
    order = (n * 2 + (0 if female else 1)) % 1000
    body = f"210202{birth:%Y%m%d}{order:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


@pytest.fixture(scope="session", autouse=True)
def _cheap_test_run():
    """Cull the file cache now and then and walk static files once (tests/speed.py)."""
    share_static_scan()
    with override_settings(CACHES=caches_for_tests()):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords cheaply; production keeps Django's default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_var_dir(settings, tmp_path_factory):
    """Give each test its own place for uploads and other run-time files."""
    settings.VAR_DIR = tmp_path_factory.mktemp("var")


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


@pytest.fixture
def org(root):
    city = org_create(
        by=root,
        name="民进测试市委员会",
        kind="committee",
        code="C",
        founded_on=dt.date(1988, 5, 1),
    )
    edu = org_create(
        by=root,
        name="教育基层委员会",
        kind="grassroots",
        code="G1",
        parent=city,
        founded_on=dt.date(1990, 1, 1),
    )
    edu1 = org_create(
        by=root,
        name="教育一支部",
        kind="branch",
        code="G1B1",
        parent=edu,
        founded_on=dt.date(1990, 1, 1),
    )
    edu2 = org_create(
        by=root,
        name="教育二支部",
        kind="branch",
        code="G1B2",
        parent=edu,
        founded_on=dt.date(1995, 1, 1),
    )
    direct = org_create(
        by=root,
        name="市直属第一支部",
        kind="direct_branch",
        code="D1",
        parent=city,
        founded_on=dt.date(2000, 1, 1),
    )
    return SimpleNamespace(city=city, edu=edu, edu1=edu1, edu2=edu2, direct=direct)


@pytest.fixture
def make_member(root):
    """Return a function creating a member through the service."""

    def make(organization: Organization, name: str, **fields):
        female = fields.pop("female", False)
        birth = fields.pop("birth", dt.date(1975, 3, 14))
        fields.setdefault("id_number", make_id_number(birth, female))
        fields.setdefault("joined_on", dt.date(2005, 6, 1))
        return member_create(by=root, organization=organization, name=name, **fields)

    return make


@pytest.fixture
def people(org, root, make_member):
    def user(username, role=None, node=None, member=None):
        u = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
        if member is not None:
            u.member = member
            u.save()
        if role:
            grant_role(by=root, user=u, role=role, organization=node)
        return u

    self_member = make_member(org.edu2, "李晓梅", female=True)
    return SimpleNamespace(
        root=root,
        staff=user("staff", "staff_org", org.city),
        leader=user("leader", "leader", org.city),
        head=user("head", "org_head", org.edu1),
        member=user("member", "member", org.edu2, member=self_member),
        member_record=self_member,
        outsider=user("outsider"),
    )
