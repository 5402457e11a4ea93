"""Registering, editing, transferring and leaving: dated and with history."""

import datetime as dt

import pytest

from tests.conftest import make_id_number
from tongxin.core.errors import (
    ConflictError,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from tongxin.members.models import Member, Membership
from tongxin.members.selectors import MemberFilters, member_list, members_at
from tongxin.members.services import (
    member_create,
    member_leave,
    member_set_stroke_key,
    member_transfer,
    member_update,
)


def test_create_cleans_human_values_and_opens_a_membership(org, people):
    idn = make_id_number(dt.date(1980, 5, 19), female=True)
    m = member_create(
        by=people.staff,
        organization=org.edu1,
        name=" 张传吉 ",
        ethnicity="满",
        education="本科",
        joined_on="2013.05",
        id_number=" " + idn.replace("1", "１") + " ",
        mobile="138 1234 5678",
    )
    assert m.name == "张传吉"
    assert m.ethnicity == "11"  # GB/T 3304: 满族
    assert m.education == "21"
    assert m.joined_on == dt.date(2013, 5, 1)
    assert m.id_number == idn
    assert m.birth_date == dt.date(1980, 5, 19) and m.gender == "F"
    assert m.mobile == "13812345678"
    assert m.org_path == org.edu1.path
    assert "zcj" in m.search_text and "zhangchuanji" in m.search_text
    period = Membership.objects.get(member=m)
    assert period.start_on == dt.date(2013, 5, 1) and period.end_on is None


def test_create_reports_every_bad_field_in_chinese_and_writes_nothing(org, people):
    before = Member.objects.count()
    with pytest.raises(ValidationError) as e:
        member_create(
            by=people.staff,
            organization=org.edu1,
            name="",
            gender="男",
            id_number="210202198005190000",
            joined_on="2013.13",
            education="幼儿园",
        )
    errors = e.value.message_dict
    assert set(errors) >= {"name", "id_number", "joined_on", "education"}
    assert "校验" in " ".join(errors["id_number"])
    assert Member.objects.count() == before


def test_id_number_must_agree_with_gender_and_birth_date(org, people):
    idn = make_id_number(dt.date(1970, 1, 2), female=False)
    with pytest.raises(ValidationError) as e:
        member_create(
            by=people.staff,
            organization=org.edu1,
            name="王芳",
            gender="女",
            birth_date="1971-01-02",
            id_number=idn,
        )
    assert set(e.value.message_dict) == {"gender", "birth_date"}


def test_duplicate_id_number_is_refused(org, people, make_member):
    first = make_member(org.edu1, "刘洋")
    with pytest.raises(ValidationError) as e:
        member_create(
            by=people.staff,
            organization=org.edu2,
            name="刘阳",
            id_number=first.id_number,
        )
    assert "刘洋" in e.value.message_dict["id_number"][0]


def test_a_branch_head_registers_only_in_their_subtree(org, people):
    member_create(by=people.head, organization=org.edu1, name="周新", gender="男")
    with pytest.raises(PermissionDenied):
        member_create(by=people.head, organization=org.edu2, name="吴新", gender="男")
    with pytest.raises(PermissionDenied):
        member_create(by=people.leader, organization=org.edu1, name="郑新", gender="男")


def test_update_records_before_and_after_and_refuses_stale_versions(
    org, people, make_member
):
    m = make_member(org.edu1, "孙立")
    member_update(member=m, by=people.head, version=1, work_unit="大连理工大学")
    with pytest.raises(ConflictError) as e:
        member_update(member=m, by=people.staff, version=1, work_unit="辽宁师范大学")
    assert "刷新" in e.value.message
    m.refresh_from_db()
    assert m.work_unit == "大连理工大学" and m.version == 2
    last = m.history.latest("history_id")
    delta = last.diff_against(last.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("work_unit", "", "大连理工大学")
    ]
    assert last.history_user == people.head


def test_update_refuses_organization_and_status_fields(org, people, make_member):
    m = make_member(org.edu1, "钱进")
    with pytest.raises(ServiceError):
        member_update(member=m, by=people.staff, status="deceased")


def test_transfer_is_dated_so_past_counts_stay_exact(org, people, make_member):
    m = make_member(org.edu1, "何平", joined_on=dt.date(2005, 3, 1))
    member_transfer(
        member=m, to_org=org.direct, on=dt.date(2014, 1, 1), by=people.staff
    )
    m.refresh_from_db()
    assert m.organization == org.direct and m.org_path == org.direct.path

    def names(on, node):
        return list(
            members_at(user=people.staff, on=on, org=node).values_list(
                "name", flat=True
            )
        )

    assert "何平" in names(dt.date(2013, 12, 31), org.edu1)
    assert "何平" not in names(dt.date(2013, 12, 31), org.direct)
    assert "何平" in names(dt.date(2014, 1, 1), org.direct)
    assert "何平" not in names(dt.date(2014, 1, 1), org.edu)
    assert "何平" not in names(dt.date(2004, 12, 31), org.city)
    periods = list(
        Membership.objects.filter(member=m).values_list("end_reason", "end_on")
    )
    assert periods == [("transfer", dt.date(2014, 1, 1)), ("", None)]
    assert "调至" in m.history.latest("history_id").history_change_reason


def test_a_head_cannot_transfer_out_of_or_into_foreign_branches(
    org, people, make_member
):
    mine = make_member(org.edu1, "高山")
    theirs = make_member(org.edu2, "高水")
    with pytest.raises(PermissionDenied):
        member_transfer(
            member=mine, to_org=org.edu2, on=dt.date(2020, 1, 1), by=people.head
        )
    with pytest.raises(PermissionDenied):
        member_transfer(
            member=theirs, to_org=org.edu1, on=dt.date(2020, 1, 1), by=people.head
        )
    assert Membership.objects.filter(member=mine, end_on__isnull=True).count() == 1


def test_transfer_refuses_a_date_before_the_current_period(org, people, make_member):
    m = make_member(org.edu1, "林海", joined_on=dt.date(2010, 1, 1))
    with pytest.raises(ValidationError):
        member_transfer(
            member=m, to_org=org.edu2, on=dt.date(2009, 1, 1), by=people.staff
        )
    assert Member.objects.get(pk=m.pk).organization == org.edu1


def test_leaving_ends_the_period_and_posts(org, people, make_member):
    from tongxin.orgs.models import Post
    from tongxin.orgs.services import post_assign

    m = make_member(org.edu1, "马骏", joined_on=dt.date(1999, 1, 1))
    post_assign(
        organization=org.edu1,
        member=m,
        title="chair",
        start_on=dt.date(2010, 1, 1),
        by=people.staff,
    )
    member_leave(
        member=m,
        status="deceased",
        on=dt.date(2020, 8, 8),
        by=people.staff,
        note="病故",
    )
    m.refresh_from_db()
    assert m.status == "deceased" and m.status_on == dt.date(2020, 8, 8)
    assert Post.objects.get(member=m).end_on == dt.date(2020, 8, 8)
    assert m not in member_list(user=people.staff, filters=MemberFilters(org=org.edu1))
    assert m in members_at(user=people.staff, on=dt.date(2020, 8, 7), org=org.edu1)
    assert m not in members_at(user=people.staff, on=dt.date(2020, 8, 8), org=org.edu1)
    with pytest.raises(ServiceError):
        member_leave(
            member=m, status="withdrawn", on=dt.date(2021, 1, 1), by=people.staff
        )
    with pytest.raises(ValidationError):
        member_leave(
            member=make_member(org.edu1, "马力"),
            status="active",
            on=dt.date(2021, 1, 1),
            by=people.staff,
        )


def test_staff_can_override_the_stroke_order_of_a_name(org, people, make_member):
    m = make_member(org.edu1, "单田芳")
    member_set_stroke_key(member=m, by=people.staff, stroke_key="0000")
    m.refresh_from_db()
    assert m.stroke_key == "0000" and m.stroke_key_manual
    member_update(member=m, by=people.staff, name="单田方")
    m.refresh_from_db()
    assert m.stroke_key == "0000"
    member_set_stroke_key(member=m, by=people.staff, stroke_key=None)
    m.refresh_from_db()
    assert m.stroke_key != "0000" and not m.stroke_key_manual


def test_transfer_ends_posts_in_the_old_branch_but_not_in_the_committee(
    org, people, make_member
):
    from tongxin.orgs.models import Post
    from tongxin.orgs.services import post_assign

    m = make_member(org.edu1, "宋江", joined_on=dt.date(2000, 1, 1))
    head = post_assign(
        organization=org.edu1,
        member=m,
        title="chair",
        start_on=dt.date(2010, 1, 1),
        by=people.staff,
    )
    seat = post_assign(
        organization=org.city,
        member=m,
        title="committee_member",
        start_on=dt.date(2012, 1, 1),
        by=people.staff,
    )
    member_transfer(
        member=m, to_org=org.direct, on=dt.date(2015, 3, 1), by=people.staff
    )
    assert Post.objects.get(pk=head.pk).end_on == dt.date(2015, 3, 1)
    assert Post.objects.get(pk=seat.pk).end_on is None
