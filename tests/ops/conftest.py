"""Fixtures of the reliability and deployment tests."""

import pytest
from django.db import connection

from tests.ops.procs import database_url


@pytest.fixture
def test_database_url(db) -> str:
    """Return a DATABASE_URL of the test database (migrated, data per test)."""
    return database_url(connection.settings_dict)
