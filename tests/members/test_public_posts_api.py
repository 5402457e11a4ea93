"""Public posts (人大代表 / 政协委员) over the API, with their real dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tongxin.members.models import PublicPost

pytestmark = pytest.mark.django_db


def test_list_and_create_public_posts(people, org, make_member):
    member = make_member(org.edu1, "钱委员")
    client = Client()
    client.force_login(people.staff)
    url = f"/api/v1/members/{member.pk}/public-posts"
    assert client.get(url).json() == []
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    bad = client.post(
        url,
        {"kind": "cppcc", "level": "city", "start_on": future},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "不能填写将来的日期" in bad.json()["errors"]["start_on"][0]
    backwards = client.post(
        url,
        {
            "kind": "cppcc",
            "level": "city",
            "start_on": "2018-01-01",
            "end_on": "2017-01-01",
        },
        content_type="application/json",
    )
    assert backwards.status_code == 422
    assert "结束日期不能早于开始日期" in backwards.json()["errors"]["end_on"][0]
    ok = client.post(
        url,
        {
            "kind": "cppcc",
            "level": "city",
            "body": "大连市政协",
            "term": "第十三届",
            "start_on": "2018-01-10",
            "end_on": "2022-12-31",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["kind_display"] == "政协委员"
    listed = client.get(url).json()
    assert [(p["body"], p["start_on"], p["end_on"]) for p in listed] == [
        ("大连市政协", "2018-01-10", "2022-12-31")
    ]
    assert PublicPost.objects.get().member == member
    outsider = Client()
    outsider.force_login(people.member)
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            url, {"kind": "npc", "level": "city"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert PublicPost.objects.count() == 1
