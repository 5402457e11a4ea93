"""The permission matrix: every endpoint × every role × inside and outside.

``test_every_endpoint_has_a_policy`` walks every URL pattern of the project
and every operation of the OpenAPI schema and fails on one that has no entry
in :mod:`tests.security.matrix` -- an endpoint added without a policy.
``test_it_answers_as_the_matrix_says`` then asks each endpoint as each role
for an object inside and outside the role's reach and asserts the status
code, that a refused write changed nothing and an allowed one changed
something, and that lists show exactly what the role may see.
"""

from __future__ import annotations

import functools
import json
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security import matrix
from tests.security.conftest import login
from tests.security.matrix import ENTRIES, EXEMPT, ROLES, Call, Entry
from tongxin.api.main import api

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


# --- enumeration -------------------------------------------------------------


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """Yield ``(route, name, namespace)`` for every URL pattern; names namespaced."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), full)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name or ""
            yield prefix + str(p.pattern), name, namespace


@functools.cache
def api_operations() -> frozenset[str]:
    """Return ``"METHOD /path"`` for every operation in the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return frozenset(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in HTTP_METHODS
    )


def _schema_path(route: str) -> str:
    """Turn ninja's Django route ``api/v1/orgs/<org_id>`` into ``/api/v1/orgs/{org_id}``."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


WEB_NAMES = {e.endpoint for e in ENTRIES if not e.is_api}
API_KEYS = {e.endpoint for e in ENTRIES if e.is_api}


def test_every_endpoint_has_a_policy(db):
    """Every URL pattern and API operation is in the matrix or exempt by name."""
    missing = []
    operations = api_operations()
    api_paths = {op.split(" ", 1)[1] for op in operations}
    for route, name, namespace in url_patterns():
        if namespace == matrix.ADMIN_NAMESPACE or name in EXEMPT:
            continue
        if name.startswith("api:"):
            if _schema_path(route) not in api_paths:
                missing.append(f"{route} ({name}): an API route not in the schema")
            continue
        if not name:
            missing.append(f"{route}: an unnamed URL pattern")
        elif name not in WEB_NAMES:
            missing.append(f"{route} ({name})")
    missing += sorted(operations - API_KEYS)
    assert not missing, (
        "an endpoint added without a policy -- add it to tests/security/matrix.py: "
        + "; ".join(missing)
    )


def test_every_matrix_entry_names_an_existing_endpoint(db):
    """A stale entry (a renamed or removed endpoint) fails too."""
    names = {name for _route, name, _ns in url_patterns()}
    assert not WEB_NAMES - names
    assert not API_KEYS - api_operations()
    assert not set(EXEMPT) - names


# --- the matrix ----------------------------------------------------------------


def _cases():
    for entry in ENTRIES:
        for role in ROLES:
            for target in entry.targets:
                yield pytest.param(
                    entry, role, target, id=f"{entry.id}|{role}|{target}"
                )


CASES = list(_cases())


def send(client: Client, method: str, call: Call):
    if method == "GET":
        return client.get(call.path, call.data or {})
    if call.json is not None:
        return client.generic(
            method,
            call.path,
            json.dumps(call.json),
            content_type="application/json",
        )
    return (
        client.generic(method, call.path)
        if call.data is None
        else client.post(call.path, call.data)
    )


def _text(entry: Entry, response, streamed: bytes) -> str:
    if entry.endpoint.endswith(("export", "export_print")):
        return matrix.xlsx_text(streamed)
    return response.content.decode()


@pytest.mark.parametrize(("entry", "role", "target"), CASES)
def test_it_answers_as_the_matrix_says(
    entry: Entry, role: str, target: str, world, client_as, db_writes, db_state
):
    client = client_as(role)
    call = entry.build(world, target, client)
    expected = entry.rule.expect(role, target)
    # An allowed write must change the data: the tables are compared.  For
    # every other request the SQL it sends is watched instead (cheaper, and
    # it also sees a write undone or rewritten to the same value).
    # A dry run that writes through the services and rolls back (a ledger
    # preview) is checked by comparing the tables as well.
    before = db_state() if expected.changes or entry.rule.rolls_back else None
    with db_writes() as log:
        response = send(client, entry.method, call)
        body = b"" if response.streaming else response.content[:400]
        assert response.status_code == expected.status, (
            f"got {response.status_code}, want {expected.status}: "
            + body.decode(errors="replace")
        )
        if expected.changes:
            assert db_state() != before, "an allowed write changed nothing"
        # A streamed answer runs its queries as it is read: read it here.
        streamed = b"".join(response.streaming_content) if response.streaming else b""
    if not expected.changes and entry.rule.rolls_back:
        assert db_state() == before, "a dry run kept a write"
    elif not expected.changes:
        assert not log.writes, (
            f"a refused or read-only request wrote to {log.written}: {log}"
        )
    if (
        role == "anonymous"
        and not entry.is_api
        and entry.endpoint != "home"
        and expected.status == 302  # the public pages answer anonymous users
    ):
        assert response["Location"].startswith(reverse("accounts:login"))
    if entry.secret:
        secret = entry.secret(world, target)
        shown = secret in response.content.decode()
        assert shown == (expected.status == entry.rule.ok), "the secret is shown"
    if entry.markers and expected.status == entry.rule.ok:
        text = _text(entry, response, streamed)
        for side, marker in entry.markers(world).items():
            shown = entry.rule.shows(role, side)
            assert (marker in text) == shown, (
                side,
                marker,
                "shown" if shown else "hidden",
            )


# --- methods an endpoint does not take -------------------------------------------


def _wrong_methods():
    by_name: dict[str, list[Entry]] = {}
    for entry in ENTRIES:
        by_name.setdefault(
            entry.endpoint if not entry.is_api else entry.endpoint.split(" ", 1)[1], []
        ).append(entry)
    for name, entries in by_name.items():
        taken = {e.method for e in entries}
        if entries[0].is_api:
            taken |= {
                op.split(" ", 1)[0]
                for op in api_operations()
                if op.split(" ", 1)[1] == name
            }
        if entries[0].any_method:
            continue
        for method in HTTP_METHODS:
            if method not in taken:
                yield pytest.param(entries[0], method, id=f"{method} {name}")


@pytest.mark.parametrize(("entry", "method"), list(_wrong_methods()))
def test_it_refuses_methods_the_endpoint_does_not_take(
    entry: Entry, method: str, world, client_as, db_writes
):
    client = client_as("staff")
    call = entry.build(world, entry.targets[0], client)
    with db_writes() as log:
        response = client.generic(method, call.path)
    assert response.status_code == 405
    assert not log.writes, f"a refused method wrote to {log.written}: {log}"


# --- the exempt ------------------------------------------------------------------


def test_login_and_logout_are_open(db, world):
    client = Client()
    assert client.get(reverse("accounts:login")).status_code == 200
    client.force_login(world.users["staff"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("members:list")).status_code == 302


def test_the_member_sign_in_pages_are_open_and_show_nothing_personal(db, client_as):
    """会员之家's sign-in and the text switch answer every role alike."""
    for role in ROLES:
        client = client_as(role)
        page = client.get(reverse("memberhome:login"))
        assert page.status_code == 200, role
        assert client.get(reverse("memberhome:login_code")).status_code == 302
        switch = client.post(reverse("memberhome:text_size"), {"size": "large"})
        assert switch.status_code == 302, role
        assert client.get(reverse("memberhome:phone_login")).status_code == 405


def test_the_join_pages_are_open_and_only_introducers_confirm(db, client_as):
    """Applying to join is open to everyone; a code and a verified number come
    first.  Confirming or declining an application answers 404 to everyone
    but its two introducers (tests/memberhome/test_join.py covers those)."""
    from tongxin.lifecycle.models import Application

    last = Application.objects.order_by("-pk").values_list("pk", flat=True).first()
    unknown = (last or 0) + 1000
    for role in ROLES:
        client = client_as(role)
        assert client.get(reverse("memberhome:join")).status_code == 200, role
        assert client.get(reverse("memberhome:join_code")).status_code == 302
        assert client.get(reverse("memberhome:join_apply")).status_code == 302
        status = reverse("memberhome:join_status", args=["nothing-here"])
        assert client.get(status).status_code == 404
        for action in ("confirm", "decline"):
            url = reverse("memberhome:introduction_act", args=[unknown, action])
            assert client.get(url).status_code in (302, 405), role
            answer = client.post(url, {"comment": "x"}).status_code
            assert answer == (302 if role == "anonymous" else 404), (role, answer)


def test_the_api_description_is_public(db, client_as):
    """The schema and docs describe the interface and hold no data: open to all.

    Scripts read the schema before they authenticate, and
    ``tests/api/test_openapi.py`` relies on it.  The docs page loads nothing
    from outside (the platform runs on an isolated intranet).
    """
    for role in ("anonymous", "member", "staff"):
        client = client_as(role)
        schema = client.get("/api/v1/openapi.json")
        assert schema.status_code == 200
        assert schema.json()["paths"]
        docs = client.get("/api/v1/docs")
        assert docs.status_code == 200
        sources = re.findall(rb"""(?:src|href)=["']([^"']+)""", docs.content)
        assert sources and all(
            not s.startswith((b"http:", b"https:", b"//")) for s in sources
        )


def test_the_api_root_is_not_found(db, client_as):
    for role in ("anonymous", "staff"):
        assert client_as(role).get("/api/v1/").status_code == 404


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse("admin:app_list", args=[meta.app_label]))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ROLES)
def test_the_django_admin_needs_a_superuser(role, world, client_as):
    """Every admin page sends anyone but a superuser to the admin login."""
    client = client_as(role)
    for url in _admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_the_django_admin_opens_for_a_superuser(world):
    client = login(Client(), world.root)
    for url in _admin_urls():
        assert client.get(url).status_code == 200, url


def test_the_matrix_covers_every_role_on_both_sides(capsys):
    """Every entry is asked as every role, inside and outside the subtree.

    An object endpoint is asked for an object inside the branch head's
    subtree and one outside it.  The figures are printed for the closing
    note.
    """
    asked: dict[str, set[tuple[str, str]]] = {}
    for param in CASES:
        entry, role, target = param.values
        asked.setdefault(entry.id, set()).add((role, target))
    for entry in ENTRIES:
        assert asked[entry.id] == {(r, t) for r in ROLES for t in entry.targets}
        if entry.targets not in (matrix.ANY, matrix.LIST):
            assert {"inside", "outside"} <= set(entry.targets), entry.id
    endpoints = {e.endpoint for e in ENTRIES}
    assert endpoints == WEB_NAMES | API_KEYS
    assert len(asked) == len(ENTRIES), "two entries share an id"
    wrong = list(_wrong_methods())
    assert {p.values[0].endpoint for p in wrong} <= endpoints
    with capsys.disabled():
        print(
            f"\npermission matrix: {len(endpoints)} endpoints, {len(ENTRIES)} "
            f"endpoint×method entries, {len(CASES)} role×target cases, "
            f"{len(wrong)} wrong-method cases, "
            f"{len(EXEMPT)} exempt + the admin"
        )
