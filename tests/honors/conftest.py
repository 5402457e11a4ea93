"""Fixtures of the honors tests: department staff and members to honor.

Besides ``people`` (tests/conftest.py): ``hon.publicity`` (publicity staff on
the whole committee), ``hon.edu_staff`` (organization staff on the edu
grassroots committee only), members ``hon.zhang`` and ``hon.wang`` in edu1,
``hon.zhao`` in the direct branch.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.activities.conftest import login_user
from tongxin.honors import services


@pytest.fixture
def hon(org, people, make_member):
    root = people.root
    return SimpleNamespace(
        **vars(people),
        org=org,
        publicity=login_user(
            "publicity", root=root, role="staff_publicity", node=org.city
        ),
        edu_staff=login_user("edu_staff", root=root, role="staff_org", node=org.edu),
        zhang=make_member(org.edu1, "张传吉"),
        wang=make_member(org.edu1, "王芳", female=True),
        zhao=make_member(org.direct, "赵明"),
    )


@pytest.fixture
def make_honor(hon):
    def make(*, members=(), organizations=(), by=None, **fields):
        fields.setdefault("organization", hon.org.city)
        fields.setdefault("title", "宣传工作先进个人")
        fields.setdefault("category", "publicity")
        fields.setdefault("level", "provincial")
        fields.setdefault("awarding_body", "民进辽宁省委员会")
        fields.setdefault("year", 2013)
        return services.honor_create(
            by=by or hon.root, members=members, organizations=organizations, **fields
        )

    return make


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
ON = dt.date(2013, 12, 20)
