"""Fixtures of the appraisal tests: ``c``, the known committee of
``tests/appraisal/committee.py``, and ``client_for``."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.appraisal.committee import build_committee


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def c(people, org, root, make_member):
    return build_committee(people, org, root, make_member)
