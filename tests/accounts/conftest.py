"""Fixtures of the account tests: the three administrators and a sub-sysadmin.

``admins.sys``, ``admins.sec`` and ``admins.audit`` hold their role on the
whole committee; ``admins.branch_sys`` is a system administrator of the edu
grassroots committee only. ``as_admin(name)`` returns a client logged in with
a verified second factor.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from tests.accounts.support import login_verified
from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role


@pytest.fixture
def admins(org, people, root):
    def admin(username: str, role: str, node) -> User:
        u = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
        grant_role(by=root, user=u, role=role, organization=node)
        return u

    return SimpleNamespace(
        sys=admin("sysadmin", "sysadmin", org.city),
        sec=admin("secadmin", "secadmin", org.city),
        audit=admin("auditadmin", "auditadmin", org.city),
        branch_sys=admin("edusys", "sysadmin", org.edu),
    )


@pytest.fixture
def as_admin(admins):
    def make(name: str) -> Client:
        return login_verified(Client(), getattr(admins, name))

    return make


@pytest.fixture
def client_for(people):
    """Return a client logged in as ``people.<name>`` (no administrator)."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(people, name))
        return client

    return make
