"""The organization endpoints: tree, detail, edits, departments and posts.

Each endpoint is exercised on the allowed path, the forbidden path (an
organization outside the user's subtree answers 404; one the user sees but
may not change answers 403) and with bad input (a Chinese message, nothing
changed).
"""

import datetime as dt

import pytest

from tests.accounts.support import login_verified
from tongxin.members.models import Member
from tongxin.orgs.models import Department, Organization, Post


def as_user(client, user):
    if user.is_superuser:
        return login_verified(client, user)
    client.force_login(user)
    return client


def send(client, method: str, url: str, data: dict | None = None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


# List and tree -----------------------------------------------------------------


def test_it_lists_every_organization_to_committee_staff(client, people, org):
    """Staff on the committee see the whole tree, in tree order."""
    response = as_user(client, people.staff).get("/api/v1/orgs")
    assert response.status_code == 200
    rows = response.json()
    assert [r["code"] for r in rows] == ["C", "G1", "G1B1", "G1B2", "D1"]
    edu1 = rows[2]
    assert edu1["parent_id"] == org.edu.pk
    assert edu1["kind"] == "branch"
    assert edu1["kind_display"] == "支部"
    assert edu1["path"] == org.edu1.path
    assert edu1["direct_members"] is None


def test_it_lists_only_the_subtree_of_a_branch_head(client, people, org):
    response = as_user(client, people.head).get("/api/v1/orgs")
    assert [r["code"] for r in response.json()] == ["G1B1"]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_it_lists_nothing_to_users_without_an_organization_grant(client, people, who):
    response = as_user(client, getattr(people, who)).get("/api/v1/orgs")
    assert response.status_code == 200
    assert response.json() == []


def test_it_counts_members_when_asked(client, people, org, make_member):
    """``counts=1`` adds direct and subtree counts of active members."""
    make_member(org.edu1, "张三")
    response = as_user(client, people.staff).get("/api/v1/orgs?counts=1")
    counts = {
        r["code"]: (r["direct_members"], r["total_members"]) for r in response.json()
    }
    assert counts == {
        "C": (0, 2),
        "G1": (0, 2),
        "G1B1": (1, 1),
        "G1B2": (1, 1),
        "D1": (0, 0),
    }


def test_it_lists_closed_organizations_only_when_asked(client, people, org):
    client = as_user(client, people.staff)
    response = send(
        client,
        "post",
        f"/api/v1/orgs/{org.direct.pk}/close",
        {"on": "2020-01-01", "version": 1},
    )
    assert response.status_code == 200
    assert "D1" not in [r["code"] for r in client.get("/api/v1/orgs").json()]
    closed = client.get("/api/v1/orgs?include_closed=true").json()
    assert [r["closed_on"] for r in closed if r["code"] == "D1"] == ["2020-01-01"]


def test_it_rejects_a_bad_flag_in_chinese(client, people):
    response = as_user(client, people.staff).get("/api/v1/orgs?counts=maybe")
    assert response.status_code == 422
    assert response.json()["errors"] == {"counts": ["应为 true 或 false。"]}


def test_it_refuses_other_methods_on_the_list(client, people):
    assert as_user(client, people.staff).delete("/api/v1/orgs").status_code == 405


def test_it_nests_the_tree_with_counts(client, people, org, make_member):
    make_member(org.edu1, "张三", joined_on=dt.date(2010, 1, 1))
    response = as_user(client, people.staff).get("/api/v1/orgs/tree")
    assert response.status_code == 200
    (city,) = response.json()
    assert (city["code"], city["direct"], city["total"]) == ("C", 0, 2)
    edu = city["children"][0]
    assert [c["code"] for c in city["children"]] == ["G1", "D1"]
    assert [(c["code"], c["direct"], c["total"]) for c in edu["children"]] == [
        ("G1B1", 1, 1),
        ("G1B2", 1, 1),
    ]


def test_it_counts_the_tree_at_a_date(client, people, org, make_member):
    """At a date, counts come from membership periods; younger organizations vanish."""
    make_member(org.edu1, "张三", joined_on=dt.date(2010, 1, 1))
    response = as_user(client, people.staff).get("/api/v1/orgs/tree?on=2008-01-01")
    (city,) = response.json()
    assert city["total"] == 1  # 李晓梅 joined in 2005, 张三 in 2010
    response = as_user(client, people.staff).get("/api/v1/orgs/tree?on=1992-01-01")
    (city,) = response.json()
    assert [c["code"] for c in city["children"]] == ["G1"]
    assert [c["code"] for c in city["children"][0]["children"]] == ["G1B1"]


def test_it_shows_a_head_only_their_branch_in_the_tree(client, people, org):
    response = as_user(client, people.head).get("/api/v1/orgs/tree")
    assert [n["code"] for n in response.json()] == ["G1B1"]
    assert response.json()[0]["children"] == []


def test_it_rejects_a_bad_tree_date(client, people):
    response = as_user(client, people.staff).get("/api/v1/orgs/tree?on=2013-13-01")
    assert response.status_code == 422
    assert response.json()["errors"]["on"] == ["日期应为 2013-12-31 这样的格式。"]


# Detail ------------------------------------------------------------------------


def test_it_reads_an_organization(client, people, org):
    response = as_user(client, people.staff).get(f"/api/v1/orgs/{org.edu.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["name"], body["version"]) == ("G1", "教育基层委员会", 1)
    assert body["active_members"] == 1


def test_it_hides_an_organization_outside_the_subtree(client, people, org):
    """A head asking for another branch gets the same 404 as for a missing one."""
    client = as_user(client, people.head)
    hidden = client.get(f"/api/v1/orgs/{org.edu2.pk}")
    missing = client.get("/api/v1/orgs/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "对象不存在或您无权查看。"}


# Create ------------------------------------------------------------------------


def test_it_creates_an_organization(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/orgs",
        {
            "parent": org.edu.pk,
            "name": "教育三支部",
            "kind": "branch",
            "code": "G1B3",
            "founded_on": "2024-03-01",
        },
    )
    assert response.status_code == 201, response.content
    created = Organization.objects.get(code="G1B3")
    assert response.json()["id"] == created.pk
    assert created.parent == org.edu
    assert created.founded_on == dt.date(2024, 3, 1)
    assert created.history.get().history_user == people.staff


def test_it_forbids_creating_where_the_user_only_reads(client, people, org):
    """A branch head sees their branch but may not add suborganizations."""
    before = Organization.objects.count()
    response = send(
        as_user(client, people.head),
        "post",
        "/api/v1/orgs",
        {"parent": org.edu1.pk, "name": "小组", "kind": "group", "code": "X"},
    )
    assert response.status_code == 403
    assert "权限" in response.json()["detail"]
    assert Organization.objects.count() == before


def test_it_refuses_a_parent_outside_the_subtree(client, people, org):
    before = Organization.objects.count()
    response = send(
        as_user(client, people.head),
        "post",
        "/api/v1/orgs",
        {"parent": org.edu2.pk, "name": "小组", "kind": "group", "code": "X"},
    )
    assert response.status_code == 422
    assert "无权查看" in response.json()["errors"]["parent"][0]
    assert Organization.objects.count() == before


def test_it_refuses_bad_organization_input_in_chinese(client, people, org):
    before = Organization.objects.count()
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/orgs",
        {"parent": org.edu.pk, "kind": "club", "code": "X", "founded_on": "昨天"},
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["name"] == ["此项为必填项。"]
    assert errors["kind"][0].startswith("取值应为：")
    assert errors["founded_on"] == ["日期应为 2013-12-31 这样的格式。"]
    assert "name" in response.json()["detail"]
    assert Organization.objects.count() == before


def test_it_refuses_a_kind_that_cannot_sit_under_the_parent(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/orgs",
        {
            "parent": org.edu1.pk,
            "name": "基层委员会",
            "kind": "grassroots",
            "code": "X",
        },
    )
    assert response.status_code == 422
    assert "不能设在" in response.json()["errors"]["parent"][0]
    assert not Organization.objects.filter(code="X").exists()


def test_it_refuses_a_duplicate_code(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/orgs",
        {"parent": org.edu.pk, "name": "重复", "kind": "branch", "code": "G1B1"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["code"]
    assert Organization.objects.filter(code="G1B1").count() == 1


# Update, move, close -------------------------------------------------------------


def test_it_renames_an_organization(client, people, org):
    response = send(
        as_user(client, people.staff),
        "patch",
        f"/api/v1/orgs/{org.edu1.pk}",
        {"name": "教育第一支部", "version": 1},
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    org.edu1.refresh_from_db()
    assert (org.edu1.name, org.edu1.code) == ("教育第一支部", "G1B1")


def test_it_refuses_a_stale_organization_version(client, people, org):
    client = as_user(client, people.staff)
    send(client, "patch", f"/api/v1/orgs/{org.edu1.pk}", {"note": "a", "version": 1})
    response = send(
        client, "patch", f"/api/v1/orgs/{org.edu1.pk}", {"name": "旧名", "version": 1}
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    org.edu1.refresh_from_db()
    assert org.edu1.name == "教育一支部"


def test_it_requires_a_version_to_update(client, people, org):
    response = send(
        as_user(client, people.staff),
        "patch",
        f"/api/v1/orgs/{org.edu1.pk}",
        {"name": "无版本"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"version": ["此项为必填项。"]}


def test_it_forbids_a_head_to_rename_their_branch(client, people, org):
    response = send(
        as_user(client, people.head),
        "patch",
        f"/api/v1/orgs/{org.edu1.pk}",
        {"name": "改名", "version": 1},
    )
    assert response.status_code == 403
    org.edu1.refresh_from_db()
    assert org.edu1.name == "教育一支部"


def test_it_hides_another_branch_from_a_head_on_update(client, people, org):
    response = send(
        as_user(client, people.head),
        "patch",
        f"/api/v1/orgs/{org.edu2.pk}",
        {"name": "改名", "version": 1},
    )
    assert response.status_code == 404


def test_it_refuses_put_on_an_organization(client, people, org):
    response = send(as_user(client, people.staff), "put", f"/api/v1/orgs/{org.edu1.pk}")
    assert response.status_code == 405


def test_it_moves_an_organization_with_its_members(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/orgs/{org.edu2.pk}/move",
        {"parent": org.city.pk, "version": 1},
    )
    assert response.status_code == 200, response.content
    org.edu2.refresh_from_db()
    assert org.edu2.parent == org.city
    assert response.json()["path"] == org.edu2.path
    people.member_record.refresh_from_db()
    assert people.member_record.org_path == org.edu2.path


def test_it_refuses_moving_an_organization_under_itself(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/orgs/{org.edu.pk}/move",
        {"parent": org.edu1.pk, "version": 1},
    )
    assert response.status_code == 422
    assert "下级组织" in response.json()["errors"]["parent"][0]
    org.edu.refresh_from_db()
    assert org.edu.parent == org.city


def test_it_forbids_a_head_to_move(client, people, org):
    response = send(
        as_user(client, people.head),
        "post",
        f"/api/v1/orgs/{org.edu1.pk}/move",
        {"parent": org.edu1.pk, "version": 1},
    )
    assert response.status_code == 403


def test_it_closes_an_empty_organization(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/orgs/{org.direct.pk}/close",
        {"on": "2024-12-31", "version": 1},
    )
    assert response.status_code == 200
    org.direct.refresh_from_db()
    assert org.direct.closed_on == dt.date(2024, 12, 31)


def test_it_refuses_closing_an_organization_with_members(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/orgs/{org.edu2.pk}/close",
        {"on": "2024-12-31", "version": 1},
    )
    assert response.status_code == 400
    assert "在册会员" in response.json()["detail"]
    org.edu2.refresh_from_db()
    assert org.edu2.closed_on is None


def test_it_forbids_a_head_to_close(client, people, org):
    response = send(
        as_user(client, people.head),
        "post",
        f"/api/v1/orgs/{org.edu1.pk}/close",
        {"on": "2024-12-31", "version": 1},
    )
    assert response.status_code == 403
    org.edu1.refresh_from_db()
    assert org.edu1.closed_on is None


def test_it_refuses_get_on_an_action(client, people, org):
    client = as_user(client, people.staff)
    assert client.get(f"/api/v1/orgs/{org.edu1.pk}/close").status_code == 405


# Departments -------------------------------------------------------------------


def test_it_lists_and_adds_departments(client, people, org):
    client = as_user(client, people.root)
    response = send(
        client,
        "post",
        f"/api/v1/orgs/{org.city.pk}/departments",
        {"kind": "organization", "name": "组织部", "sort_order": 2},
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind_display"] == "组织部"
    listed = client.get(f"/api/v1/orgs/{org.city.pk}/departments").json()
    assert [d["name"] for d in listed] == ["组织部"]


def test_it_forbids_departments_to_organization_staff(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/orgs/{org.city.pk}/departments",
        {"kind": "office", "name": "办公室"},
    )
    assert response.status_code == 403
    assert not Department.objects.exists()


def test_it_hides_departments_outside_the_subtree(client, people, org):
    response = as_user(client, people.head).get(
        f"/api/v1/orgs/{org.city.pk}/departments"
    )
    assert response.status_code == 404


# Posts -------------------------------------------------------------------------


def test_it_assigns_lists_and_ends_a_post(client, people, org):
    client = as_user(client, people.staff)
    url = f"/api/v1/orgs/{org.edu2.pk}/posts"
    response = send(
        client,
        "post",
        url,
        {
            "member": people.member_record.pk,
            "title": "head",
            "start_on": "2021-01-01",
            "term": "第五届",
        },
    )
    assert response.status_code == 201, response.content
    post_id = response.json()["id"]
    assert response.json()["title_display"] == "负责人"
    listed = client.get(url).json()
    assert [(p["member"]["name"], p["title"]) for p in listed] == [("李晓梅", "head")]

    response = send(client, "post", f"{url}/{post_id}/end", {"on": "2024-01-01"})
    assert response.status_code == 200
    assert response.json()["end_on"] == "2024-01-01"
    assert client.get(url).json() == []
    assert [p["id"] for p in client.get(f"{url}?current=false").json()] == [post_id]

    again = send(client, "post", f"{url}/{post_id}/end", {"on": "2024-02-01"})
    assert again.status_code == 400
    assert "已于 2024-01-01 离任" in again.json()["detail"]


def test_it_refuses_a_post_for_an_invisible_member(client, people, org, make_member):
    """A head cannot name a member of another branch."""
    before = Post.objects.count()
    response = send(
        as_user(client, people.head),
        "post",
        f"/api/v1/orgs/{org.edu1.pk}/posts",
        {"member": people.member_record.pk, "title": "head", "start_on": "2021-01-01"},
    )
    assert response.status_code == 422
    assert "member" in response.json()["errors"]
    assert Post.objects.count() == before


def test_it_forbids_a_head_to_assign_posts(client, people, org, make_member):
    own = make_member(org.edu1, "张三")
    response = send(
        as_user(client, people.head),
        "post",
        f"/api/v1/orgs/{org.edu1.pk}/posts",
        {"member": own.pk, "title": "head", "start_on": "2021-01-01"},
    )
    assert response.status_code == 403
    assert not Post.objects.exists()


def test_it_refuses_a_bad_post_title(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/orgs/{org.edu2.pk}/posts",
        {"member": people.member_record.pk, "title": "king", "start_on": "2021-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["title"][0].startswith("取值应为：")
    assert not Post.objects.exists()


def test_it_hides_posts_of_another_branch(client, people, org):
    client = as_user(client, people.head)
    assert client.get(f"/api/v1/orgs/{org.edu2.pk}/posts").status_code == 404
    response = send(
        client, "post", f"/api/v1/orgs/{org.edu1.pk}/posts/1/end", {"on": "2024-01-01"}
    )
    assert response.status_code == 404


def test_it_answers_404_for_a_post_of_another_organization(client, people, org):
    client = as_user(client, people.staff)
    post = send(
        client,
        "post",
        f"/api/v1/orgs/{org.edu2.pk}/posts",
        {"member": people.member_record.pk, "title": "head", "start_on": "2021-01-01"},
    ).json()
    response = send(
        client,
        "post",
        f"/api/v1/orgs/{org.edu1.pk}/posts/{post['id']}/end",
        {"on": "2024-01-01"},
    )
    assert response.status_code == 404
    assert Post.objects.get().end_on is None
    assert Member.objects.count() == 1
