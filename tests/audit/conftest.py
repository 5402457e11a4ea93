"""Fixtures of the audit tests: the audit administrator and verified clients.

Administrators must pass the second factor before any page opens, so
``verified_client`` logs a user in with a confirmed TOTP device in the
session, as the real OTP step leaves it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.audit.models import AuditEvent


def verified_client(user: User) -> Client:
    """Return a client logged in as ``user`` with the second factor passed."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="totp", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admins(org, people, root):
    """Return the three administrators, each granted on the whole committee."""

    def admin(username: str, role: str) -> User:
        u = User.objects.create_user(username, f"{username}@example.com", "x")
        grant_role(by=root, user=u, role=role, organization=org.city)
        return u

    return SimpleNamespace(
        sysadmin=admin("sysadmin", "sysadmin"),
        secadmin=admin("secadmin", "secadmin"),
        auditadmin=admin("auditadmin", "auditadmin"),
    )


@pytest.fixture
def clients(people, admins):
    """Return a client for every role the audit pages are tried with."""
    return {
        "anonymous": Client(),
        "member": verified_client(people.member),
        "head": verified_client(people.head),
        "leader": verified_client(people.leader),
        "staff": verified_client(people.staff),
        "outsider": verified_client(people.outsider),
        "root": verified_client(people.root),
        "sysadmin": verified_client(admins.sysadmin),
        "secadmin": verified_client(admins.secadmin),
        "auditadmin": verified_client(admins.auditadmin),
    }


def last_event(**filters) -> AuditEvent:
    """Return the newest event matching ``filters``."""
    return AuditEvent.objects.filter(**filters).order_by("-id").first()
