"""The permission matrix's write detector can fail.

The matrix shows a refused or read-only request wrote nothing by watching
the SQL it sends (``db_writes`` in ``conftest.py``).  Here the matrix's own
test functions are run against views of a test-only URLconf that write to
a domain table in every way a view could -- a queryset update, a save of
unchanged values, a row created, a row deleted with raw SQL, a
many-to-many link, a write undone by a rollback -- and then refuse: each must
fail.  Views that touch only what is not domain data (the session, the
login time) must pass.
"""

from __future__ import annotations

import contextlib

import pytest
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import include, path
from django.utils import timezone

from tests.security.conftest import domain_tables, statement_writes
from tests.security.matrix import Call, Entry, Rule
from tests.security.test_permission_matrix import (
    test_it_answers_as_the_matrix_says as matrix_case,
)
from tests.security.test_permission_matrix import (
    test_it_refuses_methods_the_endpoint_does_not_take as wrong_method_case,
)
from tongxin.activities.models import Event
from tongxin.members.models import Member
from tongxin.orgs.models import Organization

# --- a test-only URLconf: views that write, then refuse ---------------------------


def _update(request):
    Organization.objects.filter(code="G1B1").update(note="改过")
    return HttpResponseForbidden()


def _save_unchanged(request):
    Organization.objects.get(code="G1B1").save()  # same values written back
    return HttpResponseForbidden()


def _create(request):
    root = Organization.objects.get(code="C")
    Organization.objects.create(
        name="临时", kind="group", code="TMP", parent=root, path=root.path + "TMP/"
    )
    return HttpResponseForbidden()


def _raw_delete(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(Member._meta.db_table)}"
            " WHERE 1 = 0"
        )
    return HttpResponseForbidden()


def _link(request):
    event = Event.objects.order_by("pk").first()
    event.co_organizers.add(Organization.objects.get(code="D1"))
    return HttpResponseForbidden()


def _undone(request):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        Organization.objects.filter(code="G1B1").update(note="改过")
        raise RuntimeError
    return HttpResponseForbidden()


def _wrong_method(request):
    Organization.objects.filter(code="G1B1").update(note="改过")
    return HttpResponse(status=405)


def _bookkeeping_only(request):
    """Touch what is not domain data: the session and the login time."""
    request.session["seen"] = True
    request.user.last_login = timezone.now()
    request.user.save(update_fields=["last_login"])
    Organization.objects.get(code="G1B1")  # a read
    return HttpResponseForbidden()


WRITERS = {
    "update": _update,
    "save-unchanged": _save_unchanged,
    "create": _create,
    "raw-delete": _raw_delete,
    "many-to-many": _link,
    "rolled-back": _undone,
}

urlpatterns = [
    *(path(f"w/{name}", view) for name, view in WRITERS.items()),
    path("w/wrong-method", _wrong_method),
    path("w/bookkeeping", _bookkeeping_only),
    path("", include("tongxin.urls")),  # the login policy reverses the project's names
]

#: Staff may see the inside but not act: the matrix expects 403 and no write.
REFUSED = Rule(view=frozenset({"staff"}), act=frozenset(), ok=200)


def _entry(route: str) -> Entry:
    return Entry(
        endpoint=f"detector:{route}",
        method="POST",
        targets=("inside",),
        build=lambda w, t, c: Call(f"/w/{route}", data={}),
        rule=REFUSED,
    )


# --- the matrix fails on every write ---------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("route", list(WRITERS))
def test_a_refused_request_that_writes_fails_the_matrix(
    route, world, client_as, db_writes, db_state
):
    assert REFUSED.expect("staff", "inside").status == 403
    with pytest.raises(AssertionError, match="a refused or read-only request wrote"):
        matrix_case(
            _entry(route), "staff", "inside", world, client_as, db_writes, db_state
        )


@pytest.mark.urls(__name__)
def test_a_wrong_method_that_writes_fails_the_matrix(world, client_as, db_writes):
    entry = _entry("wrong-method")
    with pytest.raises(AssertionError, match="a refused method wrote"):
        wrong_method_case(entry, "GET", world, client_as, db_writes)


@pytest.mark.urls(__name__)
def test_sessions_and_login_times_are_not_domain_writes(
    world, client_as, db_writes, db_state
):
    matrix_case(
        _entry("bookkeeping"), "staff", "inside", world, client_as, db_writes, db_state
    )


# --- what the SQL parser reads as a write ----------------------------------------

TABLES = frozenset({"orgs_organization", "members_member"})


@pytest.mark.parametrize(
    ("sql", "written"),
    [
        ('INSERT INTO "orgs_organization" ("code") VALUES (%s)', ["orgs_organization"]),
        (
            'INSERT OR IGNORE INTO "orgs_organization" ("a") VALUES (1)',
            ["orgs_organization"],
        ),
        (
            'UPDATE "orgs_organization" SET "note" = %s WHERE "id" = 1',
            ["orgs_organization"],
        ),
        (
            'UPDATE "orgs_organization" SET "updated_at" = %s, "note" = ('
            'SELECT 1, 2) WHERE "id" = 1',
            ["orgs_organization"],
        ),
        ('DELETE FROM "members_member" WHERE "id" IN (1, 2)', ["members_member"]),
        ("delete from members_member", ["members_member"]),
        ('TRUNCATE "django_session", "members_member"', ["members_member"]),
        (
            'WITH x AS (DELETE FROM "members_member" RETURNING 1) SELECT * FROM x',
            ["members_member"],
        ),
        # Not writes, or not to a domain table:
        ('SELECT * FROM "orgs_organization" FOR UPDATE OF "orgs_organization"', []),
        ('SELECT "update" FROM "orgs_organization"', []),
        ('UPDATE "orgs_organization" SET "last_login" = %s WHERE "id" = 1', []),
        (
            'UPDATE "orgs_organization" SET "updated_at" = %s, "last_used_at" = %s'
            ' WHERE "note" = 1',
            [],
        ),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', []),
        ('UPDATE "django_session" SET "session_data" = %s', []),
        ('SAVEPOINT "s1"', []),
    ],
)
def test_the_sql_parser_finds_writes(sql, written):
    assert statement_writes(sql, TABLES) == written


def test_the_domain_tables_include_many_to_many_and_history(db):
    tables = domain_tables()
    assert Event.co_organizers.through._meta.db_table in tables
    assert Organization.history.model._meta.db_table in tables
    assert "django_session" not in tables
    assert "axes_accesslog" not in tables
