"""TOTP second factor for superusers and administrator roles, web and API."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.support import confirmed_device, login_verified, totp_code
from tests.conftest import PASSWORD
from tongxin.accounts.models import ApiToken
from tongxin.accounts.services import api_token_create, grant_role
from tongxin.audit.models import AuditEvent
from tongxin.core.errors import ServiceError

OTP = reverse("accounts:otp")


def password_login(client: Client, username: str) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302


def unthrottle(device: TOTPDevice) -> None:
    """Move the last failure into the past, as waiting would."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp
        - dt.timedelta(minutes=5)
    )


@pytest.mark.parametrize("name", ["sys", "sec", "audit"])
def test_administrators_must_enroll_before_any_page(client, admins, name):
    user = getattr(admins, name)
    password_login(client, user.username)
    for url in ("/", reverse("members:list"), reverse("accounts:grants")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(OTP), url


def test_the_superuser_must_pass_the_second_factor(client, root):
    client.force_login(root)
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302
    assert response.url.startswith(OTP)
    assert client.get("/admin/").url.startswith(OTP)


def test_other_users_are_not_asked(client, people):
    password_login(client, "staff")
    assert client.get(reverse("members:list")).status_code == 200
    response = client.get(OTP)
    assert response.status_code == 403
    assert "无需双因素验证" in response.content.decode()


def test_enrollment_shows_a_qr_code_and_accepts_a_real_code(client, admins):
    password_login(client, "sysadmin")
    page = client.get(OTP + "?next=/accounts/users/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "双因素验证" in body
    device = TOTPDevice.objects.get(user=admins.sys, confirmed=False)
    assert page.context["secret"] in body
    # Reloading keeps the same secret (the app may already have scanned it).
    client.get(OTP)
    assert TOTPDevice.objects.get(user=admins.sys).pk == device.pk

    wrong = client.post(
        OTP, {"token": "000000" if totp_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "验证码不正确或已过期" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    unthrottle(device)
    response = client.post(
        OTP, {"token": totp_code(device), "next": "/accounts/users/"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/users/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:users")).status_code == 200
    assert AuditEvent.objects.filter(action="otp_enroll", actor=admins.sys).exists()


def test_an_enrolled_administrator_verifies_a_code_at_each_login(client, admins):
    device = confirmed_device(admins.sec)
    password_login(client, "secadmin")
    page = client.get(OTP)
    assert page.status_code == 200
    assert "<svg" not in page.content.decode()
    response = client.post(OTP, {"token": totp_code(device, steps=1)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:grants")).status_code == 200
    # Once verified, the OTP page sends the user on.
    assert client.get(OTP).status_code == 302


def test_a_wrong_code_is_refused_and_throttled(client, admins):
    device = confirmed_device(admins.audit)
    password_login(client, "auditadmin")
    good = totp_code(device)
    bad = "123456" if good != "123456" else "654321"
    response = client.post(OTP, {"token": bad})
    assert "验证码不正确或已过期" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="login_failed", actor=admins.audit, detail__stage="otp"
    ).exists()
    # At once after a failure even the right code waits (django-otp back-off).
    response = client.post(OTP, {"token": good})
    assert response.status_code == 200
    assert "验证码错误次数过多" in response.content.decode()
    device.refresh_from_db()
    unthrottle(device)
    assert client.post(OTP, {"token": good}).status_code == 302


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567"])
def test_malformed_codes_get_a_chinese_message(client, admins, token):
    confirmed_device(admins.sys)
    password_login(client, "sysadmin")
    response = client.post(OTP, {"token": token})
    assert response.status_code == 200
    errors = response.context["form"].errors["token"]
    assert errors[0] in (
        "请填写验证器上显示的 6 位数字验证码。",
        "验证码应为 6 位数字。",
    )


def test_the_otp_page_needs_login_and_refuses_other_methods(client, admins):
    response = client.get(OTP)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    password_login(client, "sysadmin")
    assert client.delete(OTP).status_code == 405


def test_the_api_refuses_an_unverified_administrator(client, admins):
    password_login(client, "sysadmin")
    response = client.get("/api/v1/accounts/users")
    assert response.status_code == 403
    assert "双因素验证" in response.json()["detail"]
    assert client.get("/api/v1/orgs").status_code == 403


def test_the_api_serves_a_verified_administrator(admins):
    client = login_verified(Client(), admins.sys)
    assert client.get("/api/v1/accounts/users").status_code == 200


def test_the_superuser_gets_no_api_tokens(admins, people, org, root):
    with pytest.raises(ServiceError, match="超级用户"):
        api_token_create(user=root, name="script")
    # A token held before becoming an administrator is revoked by the grant.
    _token, raw = api_token_create(user=people.outsider, name="script")
    grant_role(by=root, user=people.outsider, role="auditadmin", organization=org.city)
    assert ApiToken.objects.get(user=people.outsider).state() == "revoked"
    response = Client().get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_the_api_refuses_a_superusers_token_however_made(root):
    """Even a token slipped past the service (SQL) is refused for the superuser."""
    raw = ApiToken.generate()
    ApiToken.objects.create(user=root, name="x", digest=ApiToken.hash(raw))
    response = Client().get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403
    assert "超级用户" in response.json()["detail"]


def test_ordinary_tokens_still_work(people):
    _token, raw = api_token_create(user=people.staff, name="script")
    response = Client().get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
