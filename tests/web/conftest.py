"""Fixtures of the web UI tests: a logged-in test client per person."""

import pytest
from django.test import Client


@pytest.fixture
def client_for(people):
    """Return a function giving a test client logged in as ``people.<name>``."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(people, name))
        return client

    return make
