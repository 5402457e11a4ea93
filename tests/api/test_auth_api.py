"""Who the API lets in: the browser session (with CSRF) or a bearer token."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tongxin.accounts.models import ApiToken
from tongxin.accounts.services import api_token_create
from tongxin.members.models import Member


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/orgs"),
        ("get", "/api/v1/orgs/tree"),
        ("get", "/api/v1/orgs/1"),
        ("post", "/api/v1/orgs"),
        ("patch", "/api/v1/orgs/1"),
        ("post", "/api/v1/orgs/1/move"),
        ("post", "/api/v1/orgs/1/close"),
        ("get", "/api/v1/orgs/1/posts"),
        ("post", "/api/v1/orgs/1/posts"),
        ("post", "/api/v1/orgs/1/posts/1/end"),
        ("get", "/api/v1/orgs/1/departments"),
        ("post", "/api/v1/orgs/1/departments"),
        ("get", "/api/v1/members"),
        ("post", "/api/v1/members"),
        ("get", "/api/v1/members/1"),
        ("patch", "/api/v1/members/1"),
        ("post", "/api/v1/members/1/transfer"),
        ("post", "/api/v1/members/1/leave"),
        ("get", "/api/v1/members/1/history"),
    ],
)
def test_it_answers_401_to_anonymous_callers(client, people, method, url):
    """Every endpoint refuses a caller with no session and no token."""
    response = getattr(client, method)(url, {}, content_type="application/json")
    assert response.status_code == 401
    assert "请先登录" in response.json()["detail"]


def test_it_accepts_a_bearer_token(db, people):
    """A script with a valid token sees what its user sees."""
    _token, raw = api_token_create(user=people.staff, name="script")
    response = Client().get("/api/v1/members", **bearer(raw))
    assert response.status_code == 200
    assert [m["name"] for m in response.json()["items"]] == ["李晓梅"]


def test_it_scopes_a_bearer_token_to_its_user(db, people):
    """A member's token reads only the member's own record."""
    _token, raw = api_token_create(user=people.outsider, name="script")
    response = Client().get("/api/v1/members", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("header", ["Bearer tx_wrong", "Bearer ", "Basic abc", "tx_"])
def test_it_answers_401_to_a_bad_token(db, people, header):
    """A wrong, empty or foreign authorization header is refused."""
    api_token_create(user=people.staff, name="script")
    response = Client().get("/api/v1/members", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_it_refuses_the_token_of_an_inactive_user(db, people):
    """Disabling a user disables their tokens."""
    _token, raw = api_token_create(user=people.staff, name="script")
    type(people.staff).objects.filter(pk=people.staff.pk).update(is_active=False)
    response = Client().get("/api/v1/members", **bearer(raw))
    assert response.status_code == 401


def test_it_writes_with_a_token_without_csrf(db, people, org):
    """Scripts send no CSRF token; the bearer token is enough for writes."""
    _token, raw = api_token_create(user=people.staff, name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/members",
        {"organization": org.edu1.pk, "name": "王令牌", "gender": "男"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 201, response.content
    member = Member.objects.get(name="王令牌")
    assert member.history.get().history_user == people.staff


def test_it_records_token_use_sparingly(db, people):
    """``last_used_at`` is set on use and not rewritten on every request."""
    token, raw = api_token_create(user=people.staff, name="script")
    client = Client()
    client.get("/api/v1/orgs", **bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/orgs", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    stale = timezone.now() - dt.timedelta(hours=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    client.get("/api/v1/orgs", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > stale


def test_it_checks_csrf_on_session_writes(db, people, org):
    """A browser session must send the CSRF token with unsafe methods."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.staff)
    payload = {"organization": org.edu1.pk, "name": "王跨站", "gender": "男"}
    response = client.post("/api/v1/members", payload, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Member.objects.filter(name="王跨站").exists()

    # What a page does: read the csrftoken cookie, send it as X-CSRFToken.
    token = "abcdefghijklmnopqrstuvwxyz012345"
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/v1/members",
        payload,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content


def test_it_reads_with_a_session_without_csrf(db, people):
    """Safe methods need no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.staff)
    assert client.get("/api/v1/orgs").status_code == 200


def test_the_command_prints_a_working_token_once(db, people):
    """``tongxin create-api-token`` prints a raw token; only its hash is stored."""
    out = io.StringIO()
    call_command("create_api_token", "staff", "--name", "报表脚本", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=people.staff)
    assert token.name == "报表脚本"
    assert token.digest == ApiToken.hash(raw)
    assert raw not in token.digest
    assert Client().get("/api/v1/orgs", **bearer(raw)).status_code == 200


def test_the_command_refuses_an_unknown_user(db, people):
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_api_token", "nobody", stdout=io.StringIO())
    assert not ApiToken.objects.exists()
