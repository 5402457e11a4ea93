"""Lockout: 5 failures lock the account and, independently, the address."""

import datetime as dt

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tongxin.accounts.services import password_reset_by_admin
from tongxin.audit.models import AuditEvent

LOGIN = reverse("accounts:login")


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_four_failures_do_not_lock(people):
    client = Client()
    for _i in range(4):
        assert attempt(client, "staff", "wrong-Password-1").status_code == 200
    response = attempt(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_five_failures_lock_the_account_from_any_address(people):
    """The account is locked even when each failure came from another address."""
    client = Client()
    for i in range(4):
        attempt(client, "staff", "wrong-Password-1", ip=f"10.0.1.{i}")
    fifth = attempt(client, "staff", "wrong-Password-1", ip="10.0.1.9")
    assert fifth.status_code == 429
    body = fifth.content.decode()
    assert "登录已被锁定" in body and "15 分钟" in body

    response = attempt(client, "staff", PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert not logged_in(client)

    # Another account from a fresh address is not affected.
    other = Client()
    assert attempt(other, "leader", PASSWORD, ip="10.0.3.1").status_code == 302
    assert logged_in(other)


def test_five_failures_lock_the_address_for_every_account(people):
    """Guessing five different accounts from one address locks the address."""
    client = Client()
    for name in ("a1", "a2", "a3", "a4", "a5"):
        attempt(client, name, "wrong-Password-1", ip="10.9.9.9")
    response = attempt(client, "staff", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert not logged_in(client)

    elsewhere = Client()
    assert attempt(elsewhere, "staff", PASSWORD, ip="10.9.9.10").status_code == 302


def test_the_lock_ends_after_fifteen_minutes(people):
    client = Client()
    for _i in range(5):
        attempt(client, "staff", "wrong-Password-1")
    assert attempt(client, "staff", PASSWORD).status_code == 429

    # Fourteen minutes later: still locked (and the refusal does not extend it).
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=14)
    )
    assert attempt(client, "staff", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=2)
    )
    response = attempt(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_lockout_is_audited_once(people):
    client = Client()
    for _i in range(7):
        attempt(client, "staff", "wrong-Password-1", ip="10.4.4.4")
    events = AuditEvent.objects.filter(action="lockout")
    assert events.count() == 1
    event = events.get()
    assert event.object_repr == "staff"
    assert event.ip == "10.4.4.4"
    assert event.detail["failures"] == 5


def test_a_password_reset_lifts_the_account_lock(people, root):
    client = Client()
    for _i in range(5):
        attempt(client, "staff", "wrong-Password-1", ip="10.5.5.5")
    password = password_reset_by_admin(by=None, user=people.staff)
    response = attempt(client, "staff", password, ip="10.5.5.6")
    assert response.status_code == 302


def test_the_lockout_answers_json_to_scripts(people):
    client = Client()
    for _i in range(5):
        response = client.post(
            LOGIN,
            {"username": "staff", "password": "wrong-Password-1"},
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
    assert response.status_code == 429
    assert "锁定" in response.json()["detail"]
