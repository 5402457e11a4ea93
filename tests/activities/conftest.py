"""Fixtures of the activity tests: staff of each department, members who log in,
and a factory of events relative to now.

Besides ``people`` (tests/conftest.py): ``act.service`` (social service
department, whole committee), ``act.publicity`` (publicity department),
``act.office`` (office), ``act.edu_staff`` (organization department on the
edu grassroots committee only) and members with logins: ``act.zhang`` and
``act.wang`` (branch edu1), ``act.zhao`` (directly-affiliated branch).
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.activities import services


def login_user(username: str, *, root, role=None, node=None, member=None) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    if member is not None:
        user.member = member
        user.save()
    if role:
        grant_role(by=root, user=user, role=role, organization=node)
    return user


@pytest.fixture
def act(org, people, make_member):
    root = people.root
    zhang = make_member(org.edu1, "张传吉")
    wang = make_member(org.edu1, "王芳", female=True)
    zhao = make_member(org.direct, "赵明")
    return SimpleNamespace(
        **vars(people),
        org=org,
        service=login_user("service", root=root, role="staff_service", node=org.city),
        publicity=login_user(
            "publicity", root=root, role="staff_publicity", node=org.city
        ),
        office=login_user("office", root=root, role="staff_office", node=org.city),
        edu_staff=login_user("edu_staff", root=root, role="staff_org", node=org.edu),
        zhang=login_user("zhang", root=root, member=zhang),
        wang=login_user("wang", root=root, member=wang),
        zhao=login_user("zhao", root=root, member=zhao),
        zhang_record=zhang,
        wang_record=wang,
        zhao_record=zhao,
        li_record=people.member_record,
    )


@pytest.fixture
def make_event(act):
    """Return a function creating an event through the service.

    ``starts_in`` (a timedelta, default 7 days) places the start relative to
    now; the event lasts ``hours`` (default 3).
    """

    def make(
        organization=None,
        *,
        by=None,
        title="文化讲堂：宋词里的大连",
        kind="lecture",
        starts_in=dt.timedelta(days=7),
        hours=3,
        **fields,
    ):
        start = timezone.now().replace(microsecond=0) + starts_in
        return services.event_create(
            by=by or act.staff,
            organization=organization or act.org.city,
            title=title,
            kind=kind,
            start_at=start,
            end_at=start + dt.timedelta(hours=hours),
            **fields,
        )

    return make


@pytest.fixture
def client_as(act):
    """Return a function giving a test client logged in as ``act.<name>``."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(act, name))
        return client

    return make


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Keep uploaded photos and attachments of each test in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg_bytes(size=(64, 48), color=(180, 40, 30), fmt="JPEG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()
