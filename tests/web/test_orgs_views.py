"""The organization pages: tree, detail, create, edit, move, close, posts."""

import datetime as dt

from django.urls import reverse

from tongxin.orgs.models import Department, Organization, Post
from tongxin.orgs.services import post_assign


def _body(response) -> str:
    return response.content.decode()


# Tree ---------------------------------------------------------------------


def test_it_shows_the_tree_with_direct_and_total_counts(client_for, org, make_member):
    make_member(org.edu1, "张传吉")
    make_member(org.edu1, "王芳", female=True)
    make_member(org.edu, "赵一")
    response = client_for("staff").get(reverse("orgs:tree"))
    assert response.status_code == 200
    body = _body(response)
    for o in (org.city, org.edu, org.edu1, org.edu2, org.direct):
        assert o.name in body
    # The fixture's member of edu2 plus the three above.
    assert response.context["total"] == 4
    edu = response.context["roots"][0].children[0]
    assert (edu.org, edu.direct, edu.total) == (org.edu, 1, 4)


def test_it_counts_members_at_a_past_date(client_for, org, make_member):
    make_member(org.edu1, "张传吉", joined_on=dt.date(2020, 1, 1))
    response = client_for("staff").get(reverse("orgs:tree"), {"on": "2010-01-01"})
    assert response.status_code == 200
    assert response.context["on"] == dt.date(2010, 1, 1)
    # The fixture's member joined in 2005, 张传吉 only in 2020.
    assert response.context["total"] == 1


def test_it_reports_a_bad_tree_date_in_chinese(client_for, org):
    response = client_for("staff").get(reverse("orgs:tree"), {"on": "2013-13-01"})
    assert response.status_code == 200
    assert "统计日期应为" in _body(response)
    assert response.context["on"] is None


def test_it_toggles_closed_organizations(client_for, org, people):
    from tongxin.orgs.services import org_close

    org_close(org=org.direct, on=dt.date(2024, 1, 1), by=people.root)
    client = client_for("staff")
    assert org.direct.name not in _body(client.get(reverse("orgs:tree")))
    assert org.direct.name in _body(client.get(reverse("orgs:tree"), {"closed": "1"}))


def test_a_branch_head_sees_only_their_subtree_in_the_tree(client_for, org):
    body = _body(client_for("head").get(reverse("orgs:tree")))
    assert org.edu1.name in body
    assert org.edu2.name not in body and org.direct.name not in body


def test_members_and_outsiders_see_no_organizations(client_for, org):
    for name in ("member", "outsider"):
        response = client_for(name).get(reverse("orgs:tree"))
        assert response.status_code == 200
        assert response.context["roots"] == []
        assert "没有您可以查看的组织" in _body(response)


def test_the_tree_refuses_post(client_for, org):
    assert client_for("staff").post(reverse("orgs:tree")).status_code == 405


# Detail -------------------------------------------------------------------


def test_detail_shows_children_posts_departments_and_history(
    client_for, org, people, make_member
):
    chair = make_member(org.edu1, "张传吉")
    post_assign(
        organization=org.city,
        member=chair,
        title="chair",
        start_on=dt.date(2017, 1, 1),
        term="第十一届",
        by=people.root,
    )
    response = client_for("staff").get(reverse("orgs:detail", args=[org.city.pk]))
    assert response.status_code == 200
    body = _body(response)
    assert org.edu.name in body and org.direct.name in body
    assert "主委" in body and "张传吉" in body and "第十一届" in body
    assert "机关部室" in body
    assert "新建组织" in body  # history: the creation reason
    assert response.context["can_add"] and response.context["can_change"]
    assert reverse("members:list") + f"?org={org.city.pk}" in body


def test_detail_hides_actions_from_readers(client_for, org):
    response = client_for("leader").get(reverse("orgs:detail", args=[org.edu.pk]))
    assert response.status_code == 200
    assert not response.context["can_change"]
    assert reverse("orgs:edit", args=[org.edu.pk]) not in _body(response)


def test_detail_of_an_organization_outside_the_subtree_is_404(client_for, org):
    head = client_for("head")
    assert head.get(reverse("orgs:detail", args=[org.edu1.pk])).status_code == 200
    assert head.get(reverse("orgs:detail", args=[org.edu2.pk])).status_code == 404
    assert head.get(reverse("orgs:detail", args=[org.city.pk])).status_code == 404
    assert (
        client_for("outsider")
        .get(reverse("orgs:detail", args=[org.city.pk]))
        .status_code
        == 404
    )
    assert (
        client_for("member").get(reverse("orgs:detail", args=[org.edu2.pk])).status_code
        == 404
    )


def test_detail_refuses_post(client_for, org):
    url = reverse("orgs:detail", args=[org.city.pk])
    assert client_for("staff").post(url).status_code == 405


# Create -------------------------------------------------------------------


def test_staff_creates_a_child_branch(client_for, org, people):
    url = reverse("orgs:create", args=[org.edu.pk])
    client = client_for("staff")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "教育三支部",
            "code": "G1B3",
            "kind": "branch",
            "founded_on": "2024-03-01",
        },
    )
    child = Organization.objects.get(code="G1B3")
    assert response.status_code == 302 and response.url == reverse(
        "orgs:detail", args=[child.pk]
    )
    assert child.parent == org.edu and child.founded_on == dt.date(2024, 3, 1)
    assert child.history.get().history_user == people.staff


def test_create_shows_service_errors_in_chinese_and_creates_nothing(client_for, org):
    url = reverse("orgs:create", args=[org.edu1.pk])
    before = Organization.objects.count()
    response = client_for("staff").post(
        url, {"name": "错误", "code": "X9", "kind": "grassroots"}
    )
    assert response.status_code == 200
    assert "不能设在" in _body(response)
    response = client_for("staff").post(
        url, {"name": "", "code": "X9", "kind": "group", "founded_on": "2024-02-30"}
    )
    body = _body(response)
    assert "请填写名称" in body and "成立日期应为有效日期" in body
    assert Organization.objects.count() == before


def test_a_branch_head_cannot_create_organizations(client_for, org):
    head = client_for("head")
    assert head.get(reverse("orgs:create", args=[org.edu1.pk])).status_code == 403
    response = head.post(
        reverse("orgs:create", args=[org.edu1.pk]),
        {"name": "小组", "code": "X1", "kind": "group"},
    )
    assert response.status_code == 403
    assert head.get(reverse("orgs:create", args=[org.edu2.pk])).status_code == 404
    assert not Organization.objects.filter(code="X1").exists()


def test_create_refuses_put(client_for, org):
    url = reverse("orgs:create", args=[org.edu.pk])
    assert client_for("staff").put(url).status_code == 405


# Edit ---------------------------------------------------------------------


def test_staff_renames_an_organization_and_history_shows_before_and_after(
    client_for, org
):
    url = reverse("orgs:edit", args=[org.edu1.pk])
    client = client_for("staff")
    form = client.get(url)
    assert form.status_code == 200
    assert f'name="version" value="{org.edu1.version}"' in _body(form)
    response = client.post(
        url,
        {"name": "教育第一支部", "code": "G1B1", "version": org.edu1.version},
    )
    assert response.status_code == 302
    org.edu1.refresh_from_db()
    assert org.edu1.name == "教育第一支部"
    detail = _body(client.get(reverse("orgs:detail", args=[org.edu1.pk])))
    assert "教育一支部" in detail and "教育第一支部" in detail
    assert "修改组织信息" in detail


def test_a_stale_version_is_refused_and_nothing_is_overwritten(client_for, org):
    url = reverse("orgs:edit", args=[org.edu1.pk])
    version = org.edu1.version
    first = client_for("staff").post(
        url, {"name": "甲支部", "code": "G1B1", "version": version}
    )
    assert first.status_code == 302
    second = client_for("root").post(
        url, {"name": "乙支部", "code": "G1B1", "version": version}
    )
    assert second.status_code == 200
    assert "已被他人修改" in _body(second)
    org.edu1.refresh_from_db()
    assert org.edu1.name == "甲支部"
    # The form is reloaded with the current values and version.
    assert second.context["form"].initial["name"] == "甲支部"


def test_a_branch_head_cannot_edit_organizations(client_for, org):
    url = reverse("orgs:edit", args=[org.edu1.pk])
    head = client_for("head")
    assert head.get(url).status_code == 403
    assert (
        head.post(url, {"name": "改", "code": "G1B1", "version": 1}).status_code == 403
    )
    org.edu1.refresh_from_db()
    assert org.edu1.name == "教育一支部"


def test_edit_refuses_delete(client_for, org):
    url = reverse("orgs:edit", args=[org.edu1.pk])
    assert client_for("staff").delete(url).status_code == 405


# Move and close -------------------------------------------------------------


def test_staff_moves_a_branch_under_another_parent(client_for, org, make_member):
    m = make_member(org.edu1, "张传吉")
    url = reverse("orgs:move", args=[org.edu1.pk])
    client = client_for("staff")
    page = client.get(url)
    assert page.status_code == 200
    choices = list(page.context["form"].fields["parent"].queryset)
    assert org.edu1 not in choices and org.city in choices
    response = client.post(url, {"parent": org.city.pk, "version": org.edu1.version})
    assert response.status_code == 302
    org.edu1.refresh_from_db()
    m.refresh_from_db()
    assert org.edu1.parent == org.city
    assert m.org_path == org.edu1.path


def test_move_into_its_own_subtree_or_a_wrong_kind_is_refused(client_for, org):
    url = reverse("orgs:move", args=[org.edu.pk])
    client = client_for("staff")
    response = client.post(url, {"parent": org.edu1.pk, "version": org.edu.version})
    assert response.status_code == 200
    assert "所选组织不存在或您无权操作" in _body(response)
    response = client.post(
        reverse("orgs:move", args=[org.edu1.pk]),
        {"parent": org.direct.pk, "version": org.edu1.version},
    )
    assert "不能设在" in _body(response)
    org.edu1.refresh_from_db()
    assert org.edu1.parent == org.edu


def test_move_is_forbidden_to_a_branch_head_and_refuses_put(client_for, org):
    url = reverse("orgs:move", args=[org.edu1.pk])
    assert client_for("head").get(url).status_code == 403
    assert client_for("staff").put(url).status_code == 405


def test_staff_closes_an_empty_organization(client_for, org):
    url = reverse("orgs:close", args=[org.direct.pk])
    client = client_for("staff")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"closed_on": "2025-06-30", "version": org.direct.version}
    )
    assert response.status_code == 302
    org.direct.refresh_from_db()
    assert org.direct.closed_on == dt.date(2025, 6, 30)


def test_closing_an_organization_with_members_is_refused_with_a_message(
    client_for, org
):
    url = reverse("orgs:close", args=[org.edu2.pk])
    response = client_for("staff").post(
        url, {"closed_on": "2025-06-30", "version": org.edu2.version}
    )
    assert response.status_code == 200
    assert "在册会员" in _body(response)
    org.edu2.refresh_from_db()
    assert org.edu2.closed_on is None


def test_close_needs_a_valid_date(client_for, org):
    url = reverse("orgs:close", args=[org.direct.pk])
    response = client_for("staff").post(
        url, {"closed_on": "明天", "version": org.direct.version}
    )
    assert "撤销日期应为有效日期" in _body(response)
    org.direct.refresh_from_db()
    assert org.direct.closed_on is None


def test_close_is_forbidden_to_readers_and_refuses_put(client_for, org):
    url = reverse("orgs:close", args=[org.direct.pk])
    assert (
        client_for("leader").post(url, {"closed_on": "2025-01-01"}).status_code == 403
    )
    assert client_for("staff").put(url).status_code == 405
    org.direct.refresh_from_db()
    assert org.direct.closed_on is None


# Posts --------------------------------------------------------------------


def test_staff_searches_a_member_by_initials_and_assigns_a_post(
    client_for, org, make_member
):
    zhang = make_member(org.edu1, "张传吉")
    make_member(org.direct, "张传义")  # outside edu's subtree
    url = reverse("orgs:post_assign", args=[org.edu.pk])
    client = client_for("staff")
    search = client.get(url, {"member_q": "zcj"}, headers={"HX-Request": "true"})
    assert search.status_code == 200
    assert [m.name for m in search.context["candidates"]] == ["张传吉"]
    assert "<html" not in _body(search)
    response = client.post(
        url,
        {
            "member": zhang.pk,
            "title": "chair",
            "start_on": "2022-01-01",
            "term": "第五届",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(organization=org.edu)
    assert (post.member, post.title, post.term) == (zhang, "chair", "第五届")


def test_a_member_outside_the_subtree_cannot_be_assigned(client_for, org, make_member):
    outside = make_member(org.direct, "张传义")
    url = reverse("orgs:post_assign", args=[org.edu.pk])
    response = client_for("staff").post(
        url, {"member": outside.pk, "title": "chair", "start_on": "2022-01-01"}
    )
    assert response.status_code == 200
    assert "所选会员不在本组织范围内" in _body(response)
    assert not Post.objects.exists()


def test_post_assign_is_forbidden_to_a_branch_head_and_refuses_put(client_for, org):
    url = reverse("orgs:post_assign", args=[org.edu1.pk])
    assert client_for("head").get(url).status_code == 403
    assert client_for("staff").put(url).status_code == 405


def test_staff_ends_a_post_and_it_moves_to_past_posts(
    client_for, org, people, make_member
):
    zhang = make_member(org.edu1, "张传吉")
    post = post_assign(
        organization=org.edu1,
        member=zhang,
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=people.root,
    )
    url = reverse("orgs:post_end", args=[org.edu1.pk, post.pk])
    client = client_for("staff")
    assert client.get(url).status_code == 200
    assert client.post(url, {"end_on": "2019-01-01"}).status_code == 200
    post.refresh_from_db()
    assert post.end_on is None  # before the start: refused by the database check
    response = client.post(url, {"end_on": "2024-12-31"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.end_on == dt.date(2024, 12, 31)
    detail = client.get(reverse("orgs:detail", args=[org.edu1.pk]))
    assert detail.context["past_posts"] == [post]
    assert client.get(url).status_code == 404  # already ended


def test_post_end_is_forbidden_to_a_head_and_refuses_put(
    client_for, org, people, make_member
):
    zhang = make_member(org.edu1, "张传吉")
    post = post_assign(
        organization=org.edu1,
        member=zhang,
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=people.root,
    )
    url = reverse("orgs:post_end", args=[org.edu1.pk, post.pk])
    assert client_for("head").post(url, {"end_on": "2024-01-01"}).status_code == 403
    assert client_for("staff").put(url).status_code == 405
    post.refresh_from_db()
    assert post.end_on is None


# Departments --------------------------------------------------------------


def test_office_staff_add_a_department(client_for, org, people):
    from tongxin.accounts.services import grant_role

    grant_role(
        by=people.root, user=people.staff, role="staff_office", organization=org.city
    )
    url = reverse("orgs:departments", args=[org.city.pk])
    client = client_for("staff")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "organization", "name": "组织部", "sort_order": "2"}
    )
    assert response.status_code == 302
    assert Department.objects.get(organization=org.city).name == "组织部"
    again = client.post(url, {"kind": "organization", "name": "组织部"})
    assert again.status_code == 200
    assert Department.objects.count() == 1


def test_departments_are_read_only_without_the_office_role(client_for, org):
    url = reverse("orgs:departments", args=[org.city.pk])
    client = client_for("staff")  # organization department, not the office
    page = client.get(url)
    assert page.status_code == 200 and not page.context["can_manage"]
    assert client.post(url, {"kind": "office", "name": "办公室"}).status_code == 403
    assert client_for("head").get(url).status_code == 404
    assert client.put(url).status_code == 405
    assert not Department.objects.exists()
