"""Property-based run of the organization and member endpoints against the schema.

Schemathesis generates requests from the schema, valid and invalid, and checks
that none crashes the server and every answer matches what the schema says.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tongxin.accounts.services import api_token_create

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application()
).include(path_regex=r"^/api/v1/(orgs|members)")


@pytest.fixture
def keep_test_connection():
    """Stop the WSGI handler closing the test transaction's connection.

    Django's own test client does the same for its requests.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(people, keep_test_connection):
    _token, raw = api_token_create(user=people.staff, name="fuzz")
    return raw


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_answers_every_request_as_documented(case, token):
    """No request crashes the server; every answer matches the schema.

    Two checks are left out: the token is passed explicitly, which
    ``ignored_auth`` takes for a bypass (``test_auth_api`` covers bad tokens),
    and schema-valid requests are rightly refused when they break a business
    rule the schema cannot express (an id that names nothing, a stale version).
    """
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[checks.ignored_auth, checks.positive_data_acceptance],
    )
