"""Schemathesis against the whole OpenAPI schema, as committee staff and as a branch head.

Every operation of ``/api/v1/`` gets generated requests, valid and invalid;
none may crash the server (5xx) and every answer must match the schema: a
documented status code, a body of the documented shape, the documented
content type.  ``tests/api/test_api_fuzz.py`` covers the organization and
member operations as staff; this covers every operation, for two roles, so
operations added later are fuzzed too.  The run is bounded (20 examples per
operation and role); the number of cases is printed at the end.
"""

from __future__ import annotations

import collections

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tongxin.accounts.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# The token is passed by the test: no generated (or mangled) Authorization header.
schema.config.generation.update(with_security_parameters=False)

#: Cases run, by role, for the closing figures.
RUN: collections.Counter[str] = collections.Counter()


@pytest.fixture
def keep_test_connection():
    """Stop the WSGI handler closing the test transaction's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["staff", "head"])
def as_role(request, people, make_member, org, keep_test_connection):
    """Return ``(role, bearer token)``; a member in each branch gives ids to find."""
    make_member(org.edu1, "王内明")
    make_member(org.direct, "赵外亮")
    _token, raw = api_token_create(user=getattr(people, request.param), name="fuzz")
    return request.param, raw


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_documented(case, as_role):
    """No request crashes the server; every answer matches the schema.

    Left out: ``ignored_auth`` (the token is passed explicitly, which it takes
    for a bypass; ``test_permission_matrix`` checks anonymous calls),
    ``positive_data_acceptance`` (schema-valid requests are rightly refused
    when they break a business rule the schema cannot express: an id that
    names nothing, a stale version, a file that is no roster) and
    ``negative_data_rejection`` (a query parameter given twice is read as
    its last value, as Django reads every query string; the schema cannot
    say so).  Invalid values are still checked to be refused in Chinese by
    the API tests; here no answer may be a 5xx or break the schema.
    """
    role, token = as_role
    RUN[role] += 1
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[
            checks.ignored_auth,
            checks.positive_data_acceptance,
            checks.negative_data_rejection,
        ],
    )


def test_the_number_of_cases_is_reported(capsys):
    """Print the figures for the closing note (run after the fuzzing)."""
    operations = sum(
        1 for _path, ops in schema.raw_schema["paths"].items() for _m in ops
    )
    with capsys.disabled():
        print(
            f"\nschemathesis: {operations} operations × 2 roles, "
            f"{sum(RUN.values())} cases ({dict(RUN)})"
        )
