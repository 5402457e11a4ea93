"""Idle timeout and the forced password change, on the web and the API."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tongxin.accounts.middleware import LAST_SEEN_KEY
from tongxin.accounts.models import User
from tongxin.accounts.services import password_reset_by_admin, user_create
from tongxin.audit.models import AuditEvent

NEW_PASSWORD = "Xin-Mima-2027"


def set_last_seen(client: Client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


# --- idle timeout ------------------------------------------------------------------


def test_an_active_session_stays(client, people):
    client.force_login(people.staff)
    set_last_seen(client, 29 * 60)
    assert client.get(reverse("members:list")).status_code == 200
    assert "_auth_user_id" in client.session


def test_an_idle_session_ends_with_a_chinese_message(client, people):
    client.force_login(people.staff)
    set_last_seen(client, 31 * 60)
    response = client.get(reverse("members:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url
    assert "_auth_user_id" not in client.session
    page = client.get(response.url)
    assert "您已超过 30 分钟未操作，已自动退出，请重新登录。" in page.content.decode()


def test_the_idle_limit_is_configurable(client, people, settings):
    settings.TONGXIN_SESSION_IDLE_MINUTES = 5
    client.force_login(people.staff)
    set_last_seen(client, 6 * 60)
    assert client.get(reverse("members:list")).status_code == 302


def test_activity_slides_the_deadline(client, people):
    client.force_login(people.staff)
    set_last_seen(client, 20 * 60)
    client.get(reverse("members:list"))
    assert time.time() - client.session[LAST_SEEN_KEY] < 5


def test_an_idle_api_session_gets_401(client, people):
    client.force_login(people.staff)
    set_last_seen(client, 31 * 60)
    response = client.get("/api/v1/orgs")
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


# --- forced password change ------------------------------------------------------


@pytest.fixture
def fresh(db, org):
    """An account just created by an administrator (must change its password)."""
    return user_create(by=None, username="xinren", password="Chushi-Mima-01")


def test_created_accounts_must_change_their_password(fresh):
    assert fresh.must_change_password
    demo_like = user_create(
        by=None, username="yanshi", password=PASSWORD, must_change_password=False
    )
    assert not demo_like.must_change_password
    token_only = user_create(by=None, username="jiaoben", password=None)
    assert not token_only.must_change_password
    assert not token_only.has_usable_password()


def test_every_page_leads_to_the_change_form(client, fresh):
    client.force_login(fresh)
    for url in (reverse("members:list"), reverse("orgs:tree"), "/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:password_change")), url
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "请先修改为只有您自己知道的新密码" in page.content.decode()


def test_logout_stays_possible(client, fresh):
    client.force_login(fresh)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_until_the_change(client, fresh):
    client.force_login(fresh)
    response = client.get("/api/v1/orgs")
    assert response.status_code == 403
    assert response.json() == {"detail": "请先修改初始密码。"}


def test_changing_the_password_opens_the_site(client, fresh):
    client.force_login(fresh)
    response = client.post(
        reverse("accounts:password_change") + "?next=/orgs/",
        {
            "old_password": "Chushi-Mima-01",
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
            "next": "/orgs/",
        },
    )
    assert response.status_code == 302
    assert response.url == "/orgs/"
    fresh.refresh_from_db()
    assert not fresh.must_change_password
    assert fresh.check_password(NEW_PASSWORD)
    assert "_auth_user_id" in client.session  # still logged in
    assert client.get(reverse("members:list")).status_code == 200
    assert AuditEvent.objects.filter(action="password_change", actor=fresh).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"old_password": "wrong", "new_password": NEW_PASSWORD},
            "old_password",
            "原密码不正确。",
        ),
        (
            {"old_password": "Chushi-Mima-01", "new_password": "Chushi-Mima-01"},
            "new_password",
            "新密码不能与原密码相同。",
        ),
        (
            {"old_password": "Chushi-Mima-01", "new_password": "abcdefgh"},
            "new_password",
            "密码须包含小写字母、大写字母、数字和符号这四类中的至少 3 类。",
        ),
        (
            {"old_password": "Chushi-Mima-01", "new_password": "Xx-xinren-2026"},
            "new_password",
            "密码不能包含用户名。",
        ),
    ],
)
def test_a_bad_change_is_refused_with_a_message(client, fresh, data, field, message):
    client.force_login(fresh)
    data = {**data, "new_password_again": data["new_password"]}
    response = client.post(reverse("accounts:password_change"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    fresh.refresh_from_db()
    assert fresh.must_change_password
    assert fresh.check_password("Chushi-Mima-01")


def test_the_two_new_passwords_must_match(client, fresh):
    client.force_login(fresh)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Chushi-Mima-01",
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD + "x",
        },
    )
    assert (
        "两次输入的新密码不一致。"
        in response.context["form"].errors["new_password_again"]
    )


def test_the_change_page_needs_login_and_refuses_other_methods(client, people):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(people.staff)
    assert client.put(reverse("accounts:password_change")).status_code == 405
    assert client.get(reverse("accounts:password_change")).status_code == 200


def test_the_api_changes_the_password(client, fresh):
    client.force_login(fresh)
    response = client.post(
        "/api/v1/accounts/password",
        {"old_password": "Chushi-Mima-01", "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 204, response.content
    assert client.get("/api/v1/orgs").status_code == 200
    bad = client.post(
        "/api/v1/accounts/password",
        {"old_password": NEW_PASSWORD, "new_password": "short"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "密码太短，至少需要 8 个字符。" in bad.json()["errors"]["new_password"]


def test_a_reset_forces_a_change_and_ends_sessions(client, people):
    client.force_login(people.staff)
    password = password_reset_by_admin(by=None, user=people.staff)
    # The old session is no longer valid: the password hash changed.
    response = client.get(reverse("members:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"username": "staff", "password": password})
    response = client.get(reverse("members:list"))
    assert response.url.startswith(reverse("accounts:password_change"))
    assert User.objects.get(username="staff").must_change_password
