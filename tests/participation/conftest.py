"""Fixtures of the participation tests.

Besides ``people`` (tests/conftest.py): ``part.staff`` (participation
department, whole committee), ``part.edu_staff`` (participation department
on the edu grassroots committee only), ``part.wang`` (a member of edu1 who
holds a city 政协委员 post and logs in), ``part.zhao`` (a member of the
direct branch without a post, logs in), and ``part.session``.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.members.services import public_post_add
from tongxin.participation import services

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def login_user(username: str, *, root, role=None, node=None, member=None) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    if member is not None:
        user.member = member
        user.save()
    if role:
        grant_role(by=root, user=user, role=role, organization=node)
    return user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def part(people, org, root, make_member):
    wang = make_member(org.edu1, "王委员")
    zhao = make_member(org.direct, "赵普通", female=True)
    public_post_add(
        member=wang,
        by=root,
        kind="cppcc",
        level="city",
        body="大连市政协",
        start_on=dt.date(2017, 1, 1),
    )
    session = services.session_create(
        by=root,
        name="市政协十三届二次会议",
        body="大连市政协",
        level="city",
        year=2024,
        held_on=dt.date(2024, 1, 10),
    )
    return SimpleNamespace(
        staff=login_user("part", root=root, role="staff_participation", node=org.city),
        edu_staff=login_user(
            "part_edu", root=root, role="staff_participation", node=org.edu
        ),
        wang_user=login_user(
            "wang", root=root, role="member", node=org.edu1, member=wang
        ),
        zhao_user=login_user(
            "zhao", root=root, role="member", node=org.direct, member=zhao
        ),
        wang=wang,
        zhao=zhao,
        session=session,
    )


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


__all__ = ["PASSWORD", "PDF"]
