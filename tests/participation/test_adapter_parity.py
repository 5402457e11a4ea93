"""The web form and the API create the same item from the same input.

Each case sends one input through the page and through the API, in two
otherwise identical databases states (the first item is deleted before the
second request), and compares what was stored: who wrote it, for which
organization, which members — or the same refusal on the same field.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tongxin.participation.models import (
    OpinionReport,
    Proposal,
    ResearchTopic,
    Suggestion,
)

pytestmark = pytest.mark.django_db

MODELS = {
    "suggestions": Suggestion,
    "proposals": Proposal,
    "opinions": OpinionReport,
    "research": ResearchTopic,
}


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _stored(kind: str) -> dict:
    item = MODELS[kind].objects.get()
    return {
        "organization": item.organization_id,
        "path": item.path,
        "authors": sorted(m.pk for m in item.author_members()),
        "title": item.title,
    }


def _web(user, kind: str, data: dict):
    form = {k: v for k, v in data.items() if v not in (None, [])}
    r = _client(user).post(reverse("participation:create", args=[kind]), form)
    return r.status_code in (302, 303), r


def _api(user, kind: str, data: dict):
    body = {k: v for k, v in data.items() if v is not None}
    r = _client(user).post(
        f"/api/v1/participation/{kind}", body, content_type="application/json"
    )
    return r.status_code == 201, r


def _both(user, kind: str, web: dict, api: dict):
    ok_web, r_web = _web(user, kind, web)
    state_web = _stored(kind) if ok_web else None
    MODELS[kind].objects.all().delete()
    ok_api, r_api = _api(user, kind, api)
    state_api = _stored(kind) if ok_api else None
    assert ok_web == ok_api, (r_web.status_code, r_api.content)
    assert state_web == state_api
    return ok_web, state_web, r_web, r_api


def test_a_member_is_the_author_of_their_own_items(part):
    for kind, extra in (
        ("suggestions", {}),
        ("opinions", {}),
        ("research", {"target_body": "民进省委会"}),
    ):
        ok, state, *_ = _both(
            part.wang_user,
            kind,
            {"title": "同一条", **extra},
            {"title": "同一条", **extra},
        )
        assert ok and state["authors"][0] == part.wang.pk, kind
        assert state["organization"] == part.wang.organization_id


def test_a_member_naming_a_member_they_cannot_see_is_refused_by_both(part):
    data = {"title": "合写", "authors": [part.zhao.pk]}
    ok, state, *_ = _both(part.wang_user, "opinions", data, data)
    assert not ok and state is None
    assert not OpinionReport.objects.exists()


def test_a_member_who_manages_nowhere_is_always_an_author(part):
    from tongxin.participation import services

    item = services.opinion_create(by=part.wang_user, authors=[part.zhao], title="合写")
    assert sorted(m.pk for m in item.author_members()) == sorted(
        [part.wang.pk, part.zhao.pk]
    )


def test_a_member_proposal_is_their_own_when_no_member_is_named(part):
    data = {"title": "关于夜班公交的提案", "proposal_kind": "member", "session": None}
    web = {**data, "session": part.session.pk}
    ok, state, *_ = _both(part.wang_user, "proposals", web, web)
    assert ok and state["authors"] == [part.wang.pk]


def test_staff_without_a_member_record_must_name_the_organization(part, org):
    data = {"title": "无组织的课题", "target_body": "民进省委会"}
    ok, _state, r_web, r_api = _both(part.staff, "research", data, data)
    assert not ok
    assert "请选择申报组织" in r_web.content.decode()
    assert "请选择申报组织" in r_api.content.decode()
    named = {**data, "organization": org.edu1.pk, "members": [part.wang.pk]}
    ok, state, *_ = _both(part.staff, "research", named, named)
    assert ok and state["organization"] == org.edu1.pk


def test_staff_enter_an_opinion_report_for_the_members_they_name(part):
    data = {"title": "代录", "authors": [part.zhao.pk]}
    ok, state, *_ = _both(part.staff, "opinions", data, data)
    assert ok and state["authors"] == [part.zhao.pk]
