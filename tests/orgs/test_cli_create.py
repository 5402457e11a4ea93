"""``tongxin create-org`` and ``tongxin create-user``: a committee's tree and its
ordinary accounts set up from the command line, with the web's checks."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tongxin.accounts.models import Grant, User
from tongxin.orgs.models import Organization

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_org_builds_a_tree_with_the_web_checks():
    out = run("create_org", "C9", "民进某市委员会", "--kind", "committee", "--json")
    created = json.loads(out)
    assert created["code"] == "C9" and created["name"] == "民进某市委员会"
    text = run(
        "create_org",
        "C9B1",
        "教育支部",
        "--kind",
        "branch",
        "--parent",
        "C9",
        "--founded-on",
        "1995-03-01",
    )
    assert text.strip() == "已新建组织“教育支部”（C9B1）。"
    branch = Organization.objects.get(code="C9B1")
    assert branch.parent.code == "C9" and branch.founded_on == dt.date(1995, 3, 1)
    with pytest.raises(CommandError, match="上级组织代码“X”不存在"):
        run("create_org", "C9B2", "x", "--kind", "branch", "--parent", "X")
    with pytest.raises(CommandError, match="应为 2013-12-31"):
        run(
            "create_org",
            "C9B3",
            "x",
            "--kind",
            "branch",
            "--parent",
            "C9",
            "--founded-on",
            "1995/3",
        )
    with pytest.raises(CommandError):
        run("create_org", "C9B1", "重复代码", "--kind", "branch", "--parent", "C9")
    assert Organization.objects.filter(code__startswith="C9").count() == 2


def test_create_user_makes_an_ordinary_account_with_a_role(org):
    password = run(
        "create_user",
        "secretary",
        "--display-name",
        "秘书",
        "--role",
        "staff_org",
        "--org",
        org.city.code,
    ).strip()
    user = User.objects.get(username="secretary")
    assert not user.is_superuser and not user.is_staff
    assert user.check_password(password) and user.must_change_password
    assert Grant.objects.filter(
        user=user, role="staff_org", organization=org.city
    ).exists()
    with pytest.raises(CommandError, match="已存在"):
        run("create_user", "secretary")
    with pytest.raises(CommandError, match="须同时填写"):
        run("create_user", "other", "--role", "staff_org")
    with pytest.raises(CommandError, match="不存在"):
        run("create_user", "other", "--role", "staff_org", "--org", "NOPE")
    assert not User.objects.filter(username="other").exists()
