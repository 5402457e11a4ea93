"""Schemathesis against the whole OpenAPI schema, as committee staff and as a branch head.

Every operation of ``/api/v1/`` gets generated requests, valid and invalid;
none may crash the server (5xx) and every answer must match the schema: a
documented status code, a body of the documented shape, the documented
content type.  The organization and member operations are also checked to
refuse every schema-invalid request.  Operations added later are fuzzed
too.  The run is bounded (20 examples per operation and role); the last
test checks that every operation was run for both roles.
"""

from __future__ import annotations

import collections
import re

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

#: Cases run, by (role, "METHOD /path").
RUN: collections.Counter[tuple[str, str]] = collections.Counter()
#: Operations whose schema-invalid requests must all be refused.
STRICT = re.compile(r"^/api/v1/(orgs|members)")


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
    names nothing, a stale version, a file that is no roster) and, outside
    the organization and member operations, ``negative_data_rejection`` (a
    query parameter given twice is read as its last value, as Django reads
    every query string; the schema cannot say so).  Invalid values are still
    checked to be refused in Chinese by the API tests; here no answer may be
    a 5xx or break the schema.
    """
    role, token = as_role
    operation = f"{case.operation.method.upper()} {case.operation.path}"
    RUN[role, operation] += 1
    excluded = [checks.ignored_auth, checks.positive_data_acceptance]
    if not STRICT.match(case.operation.path):
        excluded.append(checks.negative_data_rejection)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded
    )


def test_every_operation_was_fuzzed_as_both_roles(request, capsys):
    """Every operation selected for the run got cases as each role (run after).

    A generation that silently produced nothing (an operation the schema
    makes impossible to call, a role never logged in) fails here.
    """
    fuzzed = request.session.items
    wanted = {
        (item.name.rsplit("[", 1)[1].rstrip("]"), item.name.split("[")[1].rstrip("]"))
        for item in fuzzed
        if item.module is request.module
        and item.originalname == "test_every_operation_answers_as_documented"
    }
    missing = sorted(key for key in wanted if RUN[key] == 0)
    assert not missing, f"operations never fuzzed: {missing}"
    operations = {
        f"{method.upper()} {path}"
        for path, ops in schema.raw_schema["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "patch", "delete")
    }
    if len(wanted) == 2 * len(operations):  # the whole module ran
        assert {op for _role, op in wanted} == operations
    with capsys.disabled():
        print(
            f"\nschemathesis: {len(operations)} operations × 2 roles, "
            f"{sum(RUN.values())} cases"
        )
