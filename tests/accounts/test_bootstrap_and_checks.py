"""Bootstrapping the three administrators, recovery commands, deploy checks."""

import io
import json

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.support import confirmed_device
from tongxin.accounts.models import ApiToken, Grant, User
from tongxin.accounts.services import grant_role, user_create
from tongxin.audit.models import AuditEvent
from tongxin.demo.builder import DEMO_PASSWORD


def bootstrap(*extra) -> str:
    out = io.StringIO()
    call_command(
        "bootstrap_admins",
        "--sysadmin",
        "xitong",
        "--secadmin",
        "anquan",
        "--auditadmin",
        "shenji",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_it_creates_three_separate_administrators(org):
    created = json.loads(bootstrap("--json"))
    assert [row["role"] for row in created] == ["sysadmin", "secadmin", "auditadmin"]
    for row in created:
        user = User.objects.get(username=row["username"])
        assert user.check_password(row["password"])
        assert user.must_change_password
        assert list(user.grants.values_list("role", "organization")) == [
            (row["role"], org.city.pk)
        ]
    assert (
        AuditEvent.objects.filter(action="user_create", detail__via="cli").count() == 3
    )


def test_the_first_login_asks_for_the_second_factor_then_a_new_password(org):
    created = {row["role"]: row for row in json.loads(bootstrap("--json"))}
    client = Client()
    row = created["secadmin"]
    client.post(
        reverse("accounts:login"),
        {"username": row["username"], "password": row["password"]},
    )
    assert client.get("/").url.startswith(reverse("accounts:otp"))
    session = client.session
    device = confirmed_device(User.objects.get(username=row["username"]))
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.get("/").url.startswith(reverse("accounts:password_change"))


def test_it_prints_the_passwords_once_in_chinese(org):
    out = bootstrap()
    assert "系统管理员" in out and "安全管理员" in out and "审计管理员" in out
    assert "超级用户只用于初始化" in out


def test_it_refuses_once_an_administrator_exists(org, root):
    admin = User.objects.create_user("old-sys")
    grant_role(by=root, user=admin, role="sysadmin", organization=org.city)
    with pytest.raises(CommandError, match="已存在管理员账户"):
        bootstrap()
    assert not User.objects.filter(username="xitong").exists()


def test_it_refuses_one_account_for_two_roles(org):
    with pytest.raises(CommandError, match="三个不同的账户"):
        call_command(
            "bootstrap_admins",
            "--sysadmin",
            "a",
            "--secadmin",
            "a",
            "--auditadmin",
            "b",
            stdout=io.StringIO(),
        )


def test_it_changes_nothing_when_a_name_is_taken(org, people):
    with pytest.raises(CommandError, match="已存在"):
        call_command(
            "bootstrap_admins",
            "--sysadmin",
            "xitong",
            "--secadmin",
            "staff",
            "--auditadmin",
            "shenji",
            stdout=io.StringIO(),
        )
    assert not User.objects.filter(username="xitong").exists()
    assert not Grant.objects.filter(role="sysadmin").exists()


def test_it_needs_an_organization(db):
    with pytest.raises(CommandError, match="还没有组织"):
        bootstrap()
    with pytest.raises(CommandError, match="不存在"):
        bootstrap("--org", "NOPE")


def test_the_recovery_commands(people):
    out = io.StringIO()
    call_command("reset_password", "staff", stdout=out)
    staff = User.objects.get(username="staff")
    assert staff.check_password(out.getvalue().strip()) and staff.must_change_password
    confirmed_device(staff)
    call_command("reset_otp", "staff", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=staff).exists()
    with pytest.raises(CommandError, match="不存在"):
        call_command("reset_password", "nobody", stdout=io.StringIO())


def test_the_token_command_serves_administrators_but_not_the_superuser(admins, root):
    out = io.StringIO()
    call_command(
        "create_api_token",
        "sysadmin",
        "--name",
        "迁移",
        "--expires-days",
        "7",
        "--read-only",
        stdout=out,
    )
    token = ApiToken.objects.get(user=admins.sys)
    assert token.digest == ApiToken.hash(out.getvalue().strip())
    assert token.name == "迁移" and token.read_only
    days = (token.expires_at - token.created_at).total_seconds() / 86400
    assert 6.99 < days < 7.01
    with pytest.raises(CommandError, match="有效期应为 1 至 90 天"):
        call_command(
            "create_api_token",
            "sysadmin",
            "--expires-days",
            "365",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="超级用户"):
        call_command("create_api_token", "root", stdout=io.StringIO())
    assert ApiToken.objects.count() == 1


# --- deploy checks -----------------------------------------------------------------


def deploy_warnings() -> dict[str, str]:
    found = run_checks(tags=["security"], include_deployment_checks=True)
    return {m.id: m.msg for m in found if m.id.startswith("accounts.")}


def test_the_checks_are_quiet_after_bootstrap_and_disabling_the_superuser(org, root):
    bootstrap()
    assert set(deploy_warnings()) == {"accounts.W001"}
    User.objects.filter(pk=root.pk).update(is_active=False)
    assert deploy_warnings() == {}


def test_the_checks_warn_about_superusers_demo_names_and_the_demo_password(
    db, org, root
):
    user_create(by=None, username="zhibu", password=DEMO_PASSWORD)
    staff = user_create(by=None, username="wang", password=DEMO_PASSWORD)
    grant_role(by=None, user=staff, role="staff_org", organization=org.city)
    found = deploy_warnings()
    assert "root" in found["accounts.W001"]
    assert "zhibu" in found["accounts.W002"]
    assert "wang" in found["accounts.W003"] and "zhibu" in found["accounts.W003"]


def test_the_checks_run_only_for_deployment(db, root):
    found = run_checks(tags=["security"])
    assert not [m for m in found if m.id.startswith("accounts.")]
