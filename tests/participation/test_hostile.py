"""Hostile input: NUL characters, scripts in titles, forged download names."""

from __future__ import annotations

import pytest
from django.test import Client

from tongxin.participation import services

pytestmark = pytest.mark.django_db
API = "/api/v1/participation"


def _api(user) -> Client:
    c = Client()
    c.force_login(user)
    c.raise_request_exception = False
    return c


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/suggestions", {"title": "空\x00字符"}),
        ("/opinions", {"title": "信息", "text": "正文\x00"}),
        ("/research", {"title": "课题", "target_body": "省\x00委"}),
        (
            "/drives",
            {
                "theme": "主\x00题",
                "organization": None,
                "start_on": "2024-01-01",
                "end_on": "2024-02-01",
            },
        ),
        (
            "/sessions",
            {"name": "会\x00议", "body": "政协", "level": "city", "year": 2024},
        ),
        (
            "/compilations",
            {"kind": "suggestions", "states": ["x\x00"], "title": "汇\x00编"},
        ),
    ],
)
def test_nul_characters_are_refused_in_chinese_not_a_server_error(
    path, body, part, org
):
    if "organization" in body:
        body["organization"] = org.city.pk
    r = _api(
        part.staff
        if path in ("/drives", "/sessions", "/compilations")
        else part.wang_user
    ).post(API + path, body, content_type="application/json")
    assert r.status_code in (400, 422), r.content
    assert "空字符" in r.json()["detail"] or "没有可汇编" in r.json()["detail"]


def test_nul_in_list_queries_is_ignored(part):
    c = _api(part.staff)
    assert (
        c.get(API + "/suggestions", {"q": "\x00", "state": "\x00"}).status_code == 200
    )
    assert (
        c.get("/participation/suggestions/", {"q": "\x00", "state": "\x00"}).status_code
        == 200
    )


def test_scripts_in_titles_are_escaped(part):
    s = services.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="<script>alert(1)</script>",
        submit=True,
    )
    c = _api(part.staff)
    for url in (
        "/participation/suggestions/",
        f"/participation/suggestions/{s.pk}/",
        "/participation/",
    ):
        page = c.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page


def test_a_transition_value_of_the_wrong_type_is_refused(part, org):
    p = services.proposal_create(
        by=part.staff,
        kind="group",
        session=part.session,
        organization=org.city,
        title="提案",
        submit=True,
    )
    c = _api(part.staff)
    r = c.post(
        f"{API}/proposals/{p.pk}/transitions",
        {"action": "file", "values": {"number": ["x"]}},
        content_type="application/json",
    )
    assert r.status_code == 422
    r = c.post(
        f"{API}/proposals/{p.pk}/transitions",
        {"action": "file", "values": {"nonsense": 1}},
        content_type="application/json",
    )
    assert r.status_code == 400
