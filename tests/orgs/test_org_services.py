"""Creating, renaming, moving and closing organizations; departments; posts."""

import datetime as dt

import pytest

from tongxin.core import tree
from tongxin.core.errors import (
    ConflictError,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from tongxin.members.models import Member, Membership
from tongxin.orgs.models import Organization, Post
from tongxin.orgs.services import (
    department_create,
    org_close,
    org_create,
    org_move,
    org_update,
    post_assign,
    post_end,
)


def test_it_gives_children_paths_under_the_parent(org):
    assert org.edu.path.startswith(org.city.path)
    assert org.edu1.path.startswith(org.edu.path)
    assert len(org.edu1.path) == 3 * tree.SEGMENT
    assert org.edu1.depth == 2
    assert org.edu1.path != org.edu2.path


def test_staff_creates_a_branch_and_history_records_the_actor(org, people):
    branch = org_create(
        by=people.staff, name="教育三支部", kind="branch", code="G1B3", parent=org.edu
    )
    assert branch.parent == org.edu
    rec = branch.history.get()
    assert rec.history_user == people.staff


def test_a_branch_head_cannot_create_organizations(org, people):
    with pytest.raises(PermissionDenied):
        org_create(
            by=people.head, name="新支部", kind="branch", code="X1", parent=org.edu1
        )
    assert not Organization.objects.filter(code="X1").exists()


def test_it_refuses_a_kind_under_the_wrong_parent(org, people):
    with pytest.raises(ValidationError) as e:
        org_create(
            by=people.staff, name="错误", kind="grassroots", code="X2", parent=org.edu1
        )
    assert "不能设在" in str(e.value)


def test_it_refuses_a_duplicate_code_with_a_message(org, people):
    with pytest.raises(ValidationError) as e:
        org_create(
            by=people.staff, name="重复", kind="branch", code="G1B1", parent=org.edu
        )
    assert "code" in e.value.message_dict


def test_rename_keeps_history_and_checks_the_version(org, people):
    renamed = org_update(org=org.edu1, by=people.staff, version=1, name="教育第一支部")
    assert renamed.name == "教育第一支部"
    assert renamed.version == 2
    with pytest.raises(ConflictError):
        org_update(org=org.edu1, by=people.staff, version=1, name="旧名字")
    assert Organization.objects.get(pk=org.edu1.pk).name == "教育第一支部"
    names = list(org.edu1.history.order_by("history_id").values_list("name", flat=True))
    assert names == ["教育一支部", "教育第一支部"]


def test_move_carries_the_subtree_and_members_along(org, people, make_member):
    m = make_member(org.edu1, "王建国")
    group = org_create(
        by=people.staff, name="一组", kind="group", code="G1B1G1", parent=org.edu1
    )
    moved = org_move(org=org.edu1, new_parent=org.city, by=people.staff)
    group.refresh_from_db()
    m.refresh_from_db()
    assert moved.parent == org.city and moved.depth == 1
    assert group.path.startswith(moved.path) and group.depth == 2
    assert m.org_path == moved.path
    assert Membership.objects.get(member=m).org_path == moved.path
    assert not tree.is_within(moved.path, org.edu.path)


def test_it_refuses_to_move_a_node_under_its_own_descendant(org, people):
    with pytest.raises(ValidationError):
        org_move(org=org.edu, new_parent=org.edu1, by=people.staff)


def test_close_refuses_while_members_remain_then_succeeds(org, people, make_member):
    m = make_member(org.direct, "赵敏", female=True)
    with pytest.raises(ServiceError) as e:
        org_close(org=org.direct, on=dt.date(2026, 1, 1), by=people.staff)
    assert "在册会员" in e.value.message
    from tongxin.members.services import member_transfer

    member_transfer(member=m, to_org=org.edu1, on=dt.date(2025, 12, 1), by=people.staff)
    closed = org_close(org=org.direct, on=dt.date(2026, 1, 1), by=people.staff)
    assert closed.closed_on == dt.date(2026, 1, 1)
    with pytest.raises(ValidationError):
        from tongxin.members.services import member_transfer as mt

        mt(member=m, to_org=org.direct, on=dt.date(2026, 2, 1), by=people.staff)


def test_departments_and_posts(org, people, make_member):
    dept = department_create(
        organization=org.city, kind="organization", name="组织部", by=people.root
    )
    assert dept.organization == org.city
    chair = make_member(org.edu1, "陈立新")
    post = post_assign(
        organization=org.edu1,
        member=chair,
        title=Post.Title.CHAIR,
        start_on=dt.date(2012, 6, 1),
        by=people.staff,
        term="第五届",
    )
    assert post.is_current
    ended = post_end(post=post, on=dt.date(2017, 6, 1), by=people.staff)
    assert ended.end_on == dt.date(2017, 6, 1)
    with pytest.raises(ServiceError):
        post_end(post=post, on=dt.date(2018, 1, 1), by=people.staff)
    with pytest.raises(ValidationError):
        post_assign(
            organization=org.edu1,
            member=chair,
            title=Post.Title.VICE_CHAIR,
            start_on=dt.date(2020, 1, 1),
            end_on=dt.date(2019, 1, 1),
            by=people.staff,
        )
    assert Member.objects.filter(pk=chair.pk).exists()
