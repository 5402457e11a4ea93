"""Side doors and 500s found on the demo committee, each through the web and the API.

- honor detail and statistics name only the recipients within the reader's reach;
- the system and security administrators see the tree, not leadership posts
  or member counts;
- ``since=%00`` and other control characters in a period are no choice, not a 500;
- a member's history after a change of a choice field (gender) renders;
- the audit list filtered by an object type whose writes name reverse
  relations (a service activity's beneficiaries) renders;
- a member's own items are dated within the time they can have happened;
- an adopting body written under another of its names is kept under one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.accounts.support import login_verified
from tests.participation.conftest import (
    login_user,
    part,  # noqa: F401  (the fixture)
)
from tongxin.audit.services import audit_record
from tongxin.honors import services as honors
from tongxin.members.services import member_update
from tongxin.orgs.services import post_assign
from tongxin.participation import services as ps
from tongxin.participation.bodies import body_save, canonical
from tongxin.participation.models import Adoption, Suggestion


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- honors --------------------------------------------------------------------------


def test_honor_detail_and_statistics_name_only_recipients_within_reach(
    org, people, make_member
):
    inside = make_member(org.edu1, "支部会员")
    outside = make_member(org.direct, "外支部会员")
    honor = honors.honor_create(
        by=people.root,
        title="优秀会员",
        level="city",
        category="participation",
        awarding_body="市委会",
        year=2025,
        organization=org.city,
        members=[inside, outside],
    )
    head = _client(people.head)
    html = head.get(f"/honors/{honor.pk}/").content.decode()
    assert "支部会员" in html and "外支部会员" not in html
    assert "另有 1 名（个）获奖者不在您的查看范围内" in html
    body = head.get(f"/api/v1/honors/{honor.pk}").json()
    assert "外支部会员" not in str(body) and "支部会员" in str(body)
    stats = head.get("/api/v1/honors/stats", {"by": "level"}).json()
    assert sum(r["members"] for r in stats) == 1
    staff = _client(people.staff)
    stats = staff.get("/api/v1/honors/stats", {"by": "level"}).json()
    assert sum(r["members"] for r in stats) == 2
    assert "外支部会员" in staff.get(f"/honors/{honor.pk}/").content.decode()


# --- administrators and business data ---------------------------------------------------


@pytest.mark.parametrize("role", ["sysadmin", "secadmin"])
def test_administrators_see_the_tree_not_posts_or_member_counts(
    org, people, make_member, role
):
    holder = make_member(org.edu1, "主委甲")
    post_assign(
        by=people.root,
        organization=org.edu1,
        member=holder,
        title="chair",
        start_on=dt.date(2020, 1, 1),
    )
    admin = login_user(f"adm_{role}", root=people.root, role=role, node=org.city)
    c = login_verified(Client(), admin)
    html = c.get(f"/orgs/{org.edu1.pk}/").content.decode()
    assert "教育一支部" in html
    assert "主委甲" not in html and "现任领导职务" not in html
    assert "在册会员" not in html
    assert c.get(f"/api/v1/orgs/{org.edu1.pk}/posts").json() == []
    tree = c.get("/api/v1/orgs/tree").json()
    assert tree[0]["total"] == 0 and tree[0]["counted"] is False
    assert "在册会员" not in c.get("/orgs/").content.decode()
    staff = _client(people.staff)
    assert "主委甲" in staff.get(f"/orgs/{org.edu1.pk}/").content.decode()
    assert staff.get("/api/v1/orgs/tree").json()[0]["total"] >= 2


# --- input ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["\x00", "\x01\x00", " \x00 "])
@pytest.mark.parametrize(
    "url",
    [
        "/appraisal/members/{pk}/record/",
        "/api/v1/appraisal/members/{pk}/record",
        "/stats/",
        "/api/v1/stats/figures",
    ],
)
def test_control_characters_in_a_period_are_no_choice(people, url, value):
    c = _client(people.staff)
    r = c.get(url.format(pk=people.member_record.pk), {"since": value})
    assert r.status_code == 200, r.content[:300]
    r = c.get(url.format(pk=people.member_record.pk), {"since": "2025-13-45\x00"})
    assert r.status_code == 400
    assert "无法识别" in r.content.decode()


def test_history_after_a_change_of_gender_renders(people):
    member = people.member_record
    member_update(member=member, by=people.root, gender="M")
    r = _client(people.staff).get(f"/api/v1/members/{member.pk}/history")
    assert r.status_code == 200
    changes = [c for e in r.json() for c in e["changes"] if c["field"] == "性别"]
    assert changes and changes[0]["old"] == "女" and changes[0]["new"] == "男"
    assert _client(people.staff).get(f"/members/{member.pk}/").status_code == 200


def test_the_audit_list_by_an_object_type_with_reverse_relations_renders(org, people):
    auditor = login_user("shenji", root=people.root, role="auditadmin", node=org.city)
    audit_record(
        actor=people.root,
        action="update",
        object_type="activities.serviceactivity",
        object_id="1",
        detail={"after": {"beneficiaries": {}, "outcomes": [], "volunteers": []}},
    )
    c = login_verified(Client(), auditor)
    r = c.get("/audit/", {"object_type": "activities.serviceactivity"})
    assert r.status_code == 200
    assert "受益对象" in r.content.decode()


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,message",
    [("1800-01-01", "早于"), ("9999-12-31", "晚于今天"), ("2001-01-01", "入会")],
)
def test_a_members_own_items_are_dated_within_their_membership(part, day, message):  # noqa: F811
    # 王委员 joined 2005-06-01 (tests/conftest.py make_member).
    api = _client(part.wang_user).post(
        "/api/v1/participation/suggestions",
        {"title": "远古的建议", "date": day},
        content_type="application/json",
    )
    assert api.status_code in (400, 422) and message in api.content.decode()
    web = _client(part.wang_user).post(
        "/participation/suggestions/new/", {"title": "远古的建议", "date": day}
    )
    assert web.status_code in (200, 400) and message in web.content.decode()
    for make in (
        lambda: ps.opinion_create(
            by=part.wang_user,
            authors=[part.wang],
            title="远古的信息",
            date=dt.date.fromisoformat(day),
        ),
    ):
        with pytest.raises(Exception, match=message):
            make()
    assert not Suggestion.objects.exists()
    ok = ps.suggestion_create(
        by=part.wang_user,
        author=part.wang,
        title="今年的建议",
        date=dt.date(2025, 3, 1),
    )
    with pytest.raises(Exception, match=message):
        ps.item_update(by=part.wang_user, item=ok, date=dt.date.fromisoformat(day))


# --- bodies ---------------------------------------------------------------------------


def test_an_adopting_body_is_kept_under_one_name(part, root):  # noqa: F811
    assert canonical("中共大连市委统战部") == "市委统战部"
    assert canonical(" 市委 统战部 ") == "市委统战部"
    assert canonical("某个新单位") == "某个新单位"
    report = ps.opinion_create(
        by=part.staff,
        authors=[part.wang],
        title="信息",
        date=dt.date(2025, 2, 1),
        submit=True,
    )
    ps.item_transition(
        by=root, item=report, action="sign_off", occurred_on=dt.date(2025, 2, 2)
    )
    ps.item_transition(
        by=root,
        item=report,
        action="report",
        values={"targets": ["中共大连市委统战部"]},
        occurred_on=dt.date(2025, 2, 3),
    )
    assert list(report.targets.values_list("body", flat=True)) == ["市委统战部"]
    ps.adoption_add(
        by=part.staff,
        report=report,
        level="city",
        body="中共大连市委统战部",
        adopted_on=dt.date(2025, 3, 1),
    )
    ps.adoption_add(
        by=part.staff,
        report=report,
        level="city",
        body="市委统战部",
        adopted_on=dt.date(2025, 4, 1),
    )
    assert set(Adoption.objects.values_list("body", flat=True)) == {"市委统战部"}
    data = (
        _client(part.staff)
        .get(
            "/api/v1/participation/stats", {"start": "2025-01-01", "end": "2025-12-31"}
        )
        .json()
    )
    assert [(r["body"], r["count"]) for r in data["adoptions_by_body"]] == [
        ("市委统战部", 2)
    ]
    # An adoption dated in the future, or before any record, is refused.
    for day in (dt.date(1800, 1, 1), dt.date(9999, 1, 1)):
        with pytest.raises(Exception, match="采用日期"):
            ps.adoption_add(
                by=part.staff,
                report=report,
                level="city",
                body="市政协",
                adopted_on=day,
            )
    # The list grows: a new body with its aliases; an alias of another is refused.
    body_save(by=part.staff, name="市人大", aliases=["大连市人大常委会"])
    assert canonical("大连市人大常委会") == "市人大"
    with pytest.raises(Exception, match="已是"):
        body_save(by=part.staff, name="统战部", aliases=["中共大连市委统战部"])
