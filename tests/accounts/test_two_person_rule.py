"""Resetting another administrator's credentials takes two people."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.support import confirmed_device
from tongxin.accounts.models import CredentialReset, User
from tongxin.accounts.services import (
    credential_reset_decide,
    credential_reset_request,
    otp_reset_by_admin,
    password_reset_by_admin,
)
from tongxin.audit.models import AuditEvent
from tongxin.core.errors import PermissionDenied, ServiceError
from tongxin.notifications.models import Notification

V1 = "/api/v1/accounts"


def test_the_sysadmin_cannot_reset_another_administrator_directly(admins, root):
    for target in (admins.audit, admins.sec, root):
        before = User.objects.get(pk=target.pk).password
        with pytest.raises(ServiceError, match="须提交申请"):
            password_reset_by_admin(by=admins.sys, user=target)
        with pytest.raises(ServiceError, match="须提交申请"):
            otp_reset_by_admin(by=admins.sys, user=target)
        assert User.objects.get(pk=target.pk).password == before


def test_ordinary_users_are_still_reset_directly(admins, people):
    password = password_reset_by_admin(by=admins.sys, user=people.staff)
    assert User.objects.get(pk=people.staff.pk).check_password(password)


def test_a_request_is_approved_by_another_security_admin_then_takes_effect(
    admins, client_for
):
    device = confirmed_device(admins.audit)
    reset = credential_reset_request(
        by=admins.sys, user=admins.audit, kind="otp", reason="换手机"
    )
    assert TOTPDevice.objects.filter(pk=device.pk).exists()  # nothing yet
    assert Notification.objects.filter(user=admins.audit).exists()  # told
    assert Notification.objects.filter(user=admins.sec).exists()  # asked
    with pytest.raises(PermissionDenied):
        credential_reset_decide(by=admins.sys, reset=reset, approve=True)
    reset, password = credential_reset_decide(by=admins.sec, reset=reset, approve=True)
    assert password is None and reset.state == "approved"
    assert not TOTPDevice.objects.filter(user=admins.audit).exists()
    with pytest.raises(ServiceError, match="已经处理"):
        credential_reset_decide(by=admins.sec, reset=reset, approve=True)
    assert Notification.objects.filter(user=admins.audit).count() == 2


def test_the_requester_and_the_target_cannot_approve(admins, root):
    reset = credential_reset_request(by=admins.sys, user=admins.sec, kind="password")
    # The target is the only security administrator: it may not approve.
    with pytest.raises(PermissionDenied, match="双人规则"):
        credential_reset_decide(by=admins.sec, reset=reset, approve=True)
    assert CredentialReset.objects.get().state == "pending"


def test_the_first_login_after_a_reset_is_flagged(admins):
    reset = credential_reset_request(by=admins.sys, user=admins.audit, kind="password")
    _reset, password = credential_reset_decide(by=admins.sec, reset=reset, approve=True)
    login = reverse("accounts:login")
    response = Client().post(login, {"username": "auditadmin", "password": password})
    assert response.status_code == 302
    flagged = AuditEvent.objects.filter(action="login_after_reset")
    assert flagged.get().actor == admins.audit
    Client().post(login, {"username": "auditadmin", "password": password})
    assert flagged.count() == 1


def test_the_web_pages_request_approve_and_refuse(as_admin, admins):
    sys_client = as_admin("sys")
    url = reverse("accounts:user_reset_password", args=[admins.audit.pk])
    response = sys_client.post(url, {"reason": "忘记密码"})
    assert response.status_code == 302
    reset = CredentialReset.objects.get()
    assert reset.kind == "password" and reset.reason == "忘记密码"
    assert not User.objects.get(pk=admins.audit.pk).must_change_password
    detail = sys_client.get(reverse("accounts:user_detail", args=[admins.audit.pk]))
    assert "申请重置密码" in detail.content.decode()
    listing = sys_client.get(reverse("accounts:resets")).content.decode()
    assert "待审批" in listing and "批准并执行" not in listing
    assert (
        sys_client.post(reverse("accounts:reset_approve", args=[reset.pk])).status_code
        == 403
    )
    sec_client = as_admin("sec")
    assert "批准并执行" in sec_client.get(reverse("accounts:resets")).content.decode()
    done = sec_client.post(
        reverse("accounts:reset_approve", args=[reset.pk]), {"note": "已核实"}
    )
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    assert User.objects.get(pk=admins.audit.pk).check_password(done.context["secret"])
    # A second request, refused: nothing changes.
    sys_client.post(
        reverse("accounts:user_reset_otp", args=[admins.audit.pk]), {"reason": "x"}
    )
    confirmed_device(admins.audit)
    second = CredentialReset.objects.get(state="pending")
    assert (
        sec_client.post(reverse("accounts:reset_refuse", args=[second.pk])).status_code
        == 302
    )
    assert CredentialReset.objects.get(pk=second.pk).state == "refused"
    assert TOTPDevice.objects.filter(user=admins.audit).exists()


def test_the_api_requests_approves_and_refuses(as_admin, admins, root):
    sys_client = as_admin("sys")
    response = sys_client.post(
        f"{V1}/users/{root.pk}/reset-password",
        {"reason": "初始化"},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == "pending" and body["username"] == "root"
    assert not User.objects.get(pk=root.pk).must_change_password
    otp = sys_client.post(
        f"{V1}/users/{admins.audit.pk}/reset-otp", content_type="application/json"
    )
    assert otp.status_code == 202
    listed = sys_client.get(f"{V1}/credential-resets").json()
    assert len(listed) == 2
    assert (
        sys_client.post(
            f"{V1}/credential-resets/{body['id']}/approve",
            content_type="application/json",
        ).status_code
        == 403
    )
    sec_client = as_admin("sec")
    approved = sec_client.post(
        f"{V1}/credential-resets/{body['id']}/approve", content_type="application/json"
    )
    assert approved.status_code == 200, approved.content
    assert User.objects.get(pk=root.pk).check_password(approved.json()["password"])
    refused = sec_client.post(
        f"{V1}/credential-resets/{otp.json()['id']}/refuse",
        content_type="application/json",
    )
    assert refused.json()["request"]["state"] == "refused"
    assert refused.json()["password"] is None
    assert as_admin("audit").get(f"{V1}/credential-resets").status_code == 403


@pytest.mark.parametrize("requester", ["sys", "sec", "audit", "branch_sys"])
@pytest.mark.parametrize("target", ["sys", "sec", "audit", "root"])
def test_no_administrator_resets_another_alone(admins, root, requester, target):
    """Every administrator × every other administrator's credentials."""
    by = getattr(admins, requester)
    user = root if target == "root" else getattr(admins, target)
    if by.pk == user.pk:
        return
    before = User.objects.get(pk=user.pk).password
    with pytest.raises((PermissionDenied, ServiceError)):
        password_reset_by_admin(by=by, user=user)
    with pytest.raises((PermissionDenied, ServiceError)):
        otp_reset_by_admin(by=by, user=user)
    assert User.objects.get(pk=user.pk).password == before
