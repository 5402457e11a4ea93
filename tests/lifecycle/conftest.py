"""Fixtures of the lifecycle tests: introducers, an application factory, a class."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from tests.conftest import make_id_number
from tongxin.lifecycle import services


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def intro(org, make_member):
    return SimpleNamespace(
        a=make_member(org.edu1, "张介绍", birth=dt.date(1960, 1, 2)),
        b=make_member(org.edu1, "刘推荐", female=True, birth=dt.date(1962, 4, 5)),
    )


@pytest.fixture
def apply(org, people, intro):
    """Return a function submitting an application to edu1 as the branch head."""

    def make(name="陈新人", *, by=None, seq=7, **kw):
        kw.setdefault("organization", org.edu1)
        kw.setdefault("introducer_1", intro.a)
        kw.setdefault("introducer_2", intro.b)
        kw.setdefault("applied_on", dt.date(2024, 3, 1))
        kw.setdefault("id_number", make_id_number(dt.date(1988, 8, 8), False, seq))
        return services.application_submit(by=by or people.head, name=name, **kw)

    return make


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c
