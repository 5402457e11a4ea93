"""Fixtures of the web UI tests: a logged-in test client per person."""

import pytest
from django.test import Client

from tests.accounts.support import login_verified


@pytest.fixture
def client_for(people):
    """Return a function giving a test client logged in as ``people.<name>``."""

    def make(name: str) -> Client:
        client = Client()
        user = getattr(people, name)
        if user.is_superuser:
            return login_verified(client, user)
        client.force_login(user)
        return client

    return make
