"""The event services: every rule and every bad input, with Chinese messages,
and nothing half-written when a request is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tongxin.activities import services
from tongxin.activities.models import Attendance, Event, Series, Signup
from tongxin.core.errors import ConflictError, ServiceError
from tongxin.members.services import member_leave
from tongxin.orgs.services import org_close, org_create, org_move


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict


# --- events ---------------------------------------------------------------------------


def test_staff_create_a_committee_event_with_organizers(act, make_event):
    dept_org = act.org.city
    from tongxin.orgs.services import department_create

    office = department_create(
        organization=dept_org, kind="social_service", name="社会服务部", by=act.root
    )
    event = make_event(
        title="第十一届大连国际徒步大会",
        kind="walking",
        place="星海广场",
        capacity=400,
        co_organizers=[act.org.edu],
        departments=[office],
    )
    event.refresh_from_db()
    assert event.path == act.org.city.path
    assert event.status == Event.Status.ACTIVE
    assert list(event.co_organizers.all()) == [act.org.edu]
    assert list(event.departments.all()) == [office]
    assert event.history.count() == 1
    assert event.history.first().history_user == act.staff


def test_a_branch_head_manages_only_their_branch(act, make_event):
    event = make_event(act.org.edu1, by=act.head)
    assert event.organization == act.org.edu1
    for org in (act.org.edu2, act.org.city):
        with pytest.raises(PermissionDenied) as e:
            make_event(org, by=act.head)
        assert "权限" in str(e.value)
    committee_event = make_event()
    with pytest.raises(PermissionDenied):
        services.event_update(event=committee_event, by=act.head, title="改名")
    assert Event.objects.count() == 2


def test_members_and_leaders_cannot_create_events(act, make_event):
    for user in (act.member, act.leader, act.zhang, act.outsider):
        with pytest.raises(PermissionDenied):
            make_event(by=user)
    assert not Event.objects.exists()


def test_an_end_before_the_start_is_refused_and_nothing_is_written(act, make_event):
    with pytest.raises(ValidationError) as e:
        make_event(hours=-2)
    assert "结束时间不能早于开始时间。" in str(e.value)
    assert not Event.objects.exists()


def test_a_deadline_after_the_end_is_refused(act, make_event):
    late = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(ValidationError) as e:
        make_event(signup_deadline=late)
    assert "报名截止时间不能晚于活动结束时间。" in str(e.value)
    assert not Event.objects.exists()


@pytest.mark.parametrize("capacity", [0, -5])
def test_a_capacity_below_one_is_refused(act, make_event, capacity):
    with pytest.raises(ValidationError) as e:
        make_event(capacity=capacity)
    assert "名额" in str(e.value)
    assert not Event.objects.exists()


def test_an_unknown_kind_is_refused(act, make_event):
    with pytest.raises(ValidationError) as e:
        make_event(kind="party")
    assert messages_of(e.value)["kind"] == ["活动类型无效，请从列表中选择。"]


def test_editions_belong_to_a_series_and_are_unique(act, make_event):
    with pytest.raises(ValidationError) as e:
        make_event(edition=3)
    assert "届次只用于系列活动" in str(e.value)
    series = services.series_create(
        by=act.staff, organization=act.org.city, name="大连国际徒步大会", kind="walking"
    )
    make_event(series=series, edition=11)
    with pytest.raises(ValidationError) as e:
        make_event(series=series, edition=11, starts_in=dt.timedelta(days=400))
    assert "该系列已有这一届活动。" in str(e.value)
    assert Event.objects.count() == 1


def test_a_branch_cannot_hold_an_edition_of_another_branchs_series(act, make_event):
    series = services.series_create(
        by=act.staff, organization=act.org.edu1, name="教育一支部读书会"
    )
    with pytest.raises(ValidationError) as e:
        make_event(act.org.edu2, series=series)
    assert "系列“教育一支部读书会”属于“教育一支部”" in str(e.value)
    make_event(act.org.edu1, series=series, edition=1)


def test_a_closed_organization_cannot_organize(act, make_event, root):
    closed = org_create(
        by=root, name="已撤销支部", kind="branch", code="G1B9", parent=act.org.edu
    )
    org_close(org=closed, on=dt.date(2020, 1, 1), by=root)
    with pytest.raises(ValidationError) as e:
        make_event(closed)
    assert "已撤销" in str(e.value)


def test_a_stale_version_is_refused(act, make_event):
    event = make_event()
    services.event_update(event=event, by=act.staff, version=1, place="A")
    with pytest.raises(ConflictError):
        services.event_update(event=event, by=act.staff, version=1, place="B")
    event.refresh_from_db()
    assert event.place == "A"


def test_cancelling_keeps_signups_and_refuses_new_ones(act, make_event):
    event = make_event(capacity=10)
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    services.event_cancel(event=event, by=act.staff, reason="天气原因")
    event.refresh_from_db()
    assert event.is_cancelled and event.cancel_reason == "天气原因"
    assert Signup.objects.filter(event=event).count() == 1
    with pytest.raises(ServiceError) as e:
        services.signup_create(event=event, member=act.wang_record, by=act.wang)
    assert "已取消，不能报名" in e.value.message
    with pytest.raises(ServiceError) as e:
        services.event_cancel(event=event, by=act.staff)
    assert "已于" in e.value.message
    with pytest.raises(ServiceError):
        services.event_update(event=event, by=act.staff, place="X")


# --- sign-up ---------------------------------------------------------------------------


def test_a_member_signs_up_once(act, make_event):
    event = make_event()
    signup = services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    assert signup.status == Signup.Status.CONFIRMED
    assert signup.org_path == act.org.edu1.path
    assert signup.event_path == act.org.city.path
    assert signup.signed_up_by == act.zhang
    with pytest.raises(ServiceError) as e:
        services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    assert e.value.message == "您已报名此活动，不能重复报名。"
    assert Signup.objects.count() == 1


def test_a_full_event_fills_the_waiting_list_and_a_cancellation_promotes(
    act, make_event
):
    event = make_event(capacity=2)
    first = services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    services.signup_create(event=event, member=act.wang_record, by=act.wang)
    third = services.signup_create(event=event, member=act.li_record, by=act.member)
    fourth = services.signup_create(event=event, member=act.zhao_record, by=act.zhao)
    assert third.status == fourth.status == Signup.Status.WAITING
    with pytest.raises(ServiceError) as e:
        services.signup_create(event=event, member=act.li_record, by=act.member)
    assert "候补名单" in e.value.message

    promoted = services.signup_cancel(signup=first, by=act.zhang)
    assert [s.member for s in promoted] == [act.li_record]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Signup.Status.CONFIRMED and third.promoted_at
    assert fourth.status == Signup.Status.WAITING
    assert (
        Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED).count() == 2
    )
    # Cancelling from the waiting list promotes nobody.
    assert services.signup_cancel(signup=fourth, by=act.zhao) == []


def test_signing_up_again_after_cancelling_joins_the_back_of_the_queue(act, make_event):
    event = make_event(capacity=1)
    mine = services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    services.signup_create(event=event, member=act.wang_record, by=act.wang)
    services.signup_cancel(signup=mine, by=act.zhang)
    again = services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    assert again.pk == mine.pk
    assert again.status == Signup.Status.WAITING
    assert again.history.count() == 3


def test_a_larger_capacity_promotes_from_the_waiting_list(act, make_event):
    event = make_event(capacity=1)
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    waiting = services.signup_create(event=event, member=act.wang_record, by=act.wang)
    services.event_update(event=event, by=act.staff, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.CONFIRMED


def test_the_capacity_cannot_drop_below_confirmed_signups(act, make_event):
    event = make_event(capacity=3)
    for user, record in ((act.zhang, act.zhang_record), (act.wang, act.wang_record)):
        services.signup_create(event=event, member=record, by=user)
    with pytest.raises(ValidationError) as e:
        services.event_update(event=event, by=act.staff, capacity=1)
    assert messages_of(e.value)["capacity"] == ["已有 2 人报名确认，名额不能少于此数。"]
    event.refresh_from_db()
    assert event.capacity == 3


def test_signups_close_at_the_deadline(act, make_event):
    past = timezone.now() - dt.timedelta(hours=1)
    event = make_event(signup_deadline=past)
    with pytest.raises(ServiceError) as e:
        services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    assert e.value.message.startswith("报名已于 ")
    assert "截止" in e.value.message
    assert not Signup.objects.exists()


def test_without_a_deadline_signups_close_at_the_start(act, make_event):
    event = make_event(starts_in=dt.timedelta(minutes=-10))
    with pytest.raises(ServiceError):
        services.signup_create(event=event, member=act.zhang_record, by=act.zhang)


def test_an_event_without_signup_refuses_signups(act, make_event):
    event = make_event(allows_signup=False)
    with pytest.raises(ServiceError) as e:
        services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    assert "不接受报名" in e.value.message


def test_a_member_signs_up_only_themselves(act, make_event):
    event = make_event()
    with pytest.raises(PermissionDenied) as e:
        services.signup_create(event=event, member=act.wang_record, by=act.zhang)
    assert str(e.value) == "您只能为自己报名。"
    with pytest.raises(PermissionDenied):
        services.signup_create(event=event, member=act.wang_record, by=act.outsider)
    assert not Signup.objects.exists()


def test_staff_and_heads_sign_up_members_of_their_subtree(act, make_event):
    event = make_event()
    by_head = services.signup_create(event=event, member=act.zhang_record, by=act.head)
    assert by_head.signed_up_by == act.head
    assert "代报" in by_head.history.first().history_change_reason
    with pytest.raises(PermissionDenied) as e:
        services.signup_create(event=event, member=act.li_record, by=act.head)
    assert "您无权为“李晓梅”报名。" == str(e.value)
    services.signup_create(event=event, member=act.li_record, by=act.staff)
    with pytest.raises(PermissionDenied):
        services.signup_create(event=event, member=act.zhao_record, by=act.leader)


def test_a_branch_event_is_open_only_to_the_branch(act, make_event):
    event = make_event(act.org.edu1, by=act.head)
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    with pytest.raises(PermissionDenied) as e:
        services.signup_create(event=event, member=act.li_record, by=act.member)
    assert "只对“教育一支部”及其下级组织的会员开放" in str(e.value)
    with pytest.raises(PermissionDenied):
        services.signup_create(event=event, member=act.li_record, by=act.staff)


def test_only_active_members_sign_up(act, make_event):
    event = make_event()
    member_leave(
        member=act.wang_record,
        status="withdrawn",
        on=timezone.localdate(),
        by=act.root,
    )
    with pytest.raises(ServiceError) as e:
        services.signup_create(event=event, member=act.wang_record, by=act.staff)
    assert "不是在册会员" in e.value.message


def test_cancelling_rules(act, make_event):
    event = make_event()
    signup = services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    with pytest.raises(PermissionDenied) as e:
        services.signup_cancel(signup=signup, by=act.wang)
    assert str(e.value) == "您只能取消自己的报名。"
    services.signup_cancel(signup=signup, by=act.head)
    with pytest.raises(ServiceError) as e:
        services.signup_cancel(signup=signup, by=act.zhang)
    assert e.value.message == "该报名已经取消。"


def test_a_signup_cannot_be_cancelled_once_the_event_started(act, make_event):
    event = make_event(
        starts_in=dt.timedelta(days=1),
        signup_deadline=timezone.now() + dt.timedelta(hours=1),
    )
    signup = services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    Event.objects.filter(pk=event.pk).update(
        start_at=timezone.now() - dt.timedelta(minutes=5)
    )
    with pytest.raises(ServiceError) as e:
        services.signup_cancel(signup=signup, by=act.zhang)
    assert e.value.message == "活动已经开始，不能再取消报名。"
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED


# --- attendance --------------------------------------------------------------------------


@pytest.fixture
def running(act, make_event):
    """A committee event that started an hour ago, two members signed up."""
    event = make_event(
        starts_in=dt.timedelta(days=2),
        title="教育论坛",
        kind="forum",
        capacity=5,
    )
    for user, record in ((act.zhang, act.zhang_record), (act.wang, act.wang_record)):
        services.signup_create(event=event, member=record, by=user)
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    event.refresh_from_db()
    return event


def test_staff_take_attendance_and_walk_ins_are_flagged(act, running):
    created = services.attendance_mark(
        event=running, members=[act.zhang_record, act.zhao_record], by=act.staff
    )
    rows = {a.member.name: a for a in created}
    assert rows["张传吉"].method == Attendance.Method.LIST
    assert rows["张传吉"].walk_in is False
    assert rows["赵明"].walk_in is True
    assert rows["赵明"].method == Attendance.Method.WALK_IN
    assert rows["赵明"].org_path == act.org.direct.path
    assert rows["赵明"].event_path == act.org.city.path
    assert rows["赵明"].attended_on == timezone.localdate(running.start_at)
    # Marking again changes nothing.
    assert (
        services.attendance_mark(
            event=running, members=[act.zhang_record], by=act.staff
        )
        == []
    )
    assert Attendance.objects.count() == 2


def test_attendance_needs_the_right_to_manage_the_event(act, running):
    for user in (act.head, act.leader, act.zhang):
        with pytest.raises(PermissionDenied):
            services.attendance_mark(event=running, members=[act.zhang_record], by=user)
    assert not Attendance.objects.exists()


def test_staff_of_a_subtree_cannot_record_members_outside_it(act, make_event):
    event = make_event(act.org.edu, by=act.edu_staff, starts_in=dt.timedelta(0))
    with pytest.raises(PermissionDenied) as e:
        services.attendance_mark(
            event=event, members=[act.zhao_record], by=act.edu_staff
        )
    assert "您无权为“赵明”登记签到。" == str(e.value)
    assert not Attendance.objects.exists()


def test_attendance_is_refused_before_the_event_and_when_cancelled(act, make_event):
    later = make_event()
    with pytest.raises(ServiceError) as e:
        services.attendance_mark(event=later, members=[act.zhang_record], by=act.staff)
    assert "还不能签到" in e.value.message
    now = make_event(starts_in=dt.timedelta(0))
    services.event_cancel(event=now, by=act.staff)
    with pytest.raises(ServiceError) as e:
        services.attendance_mark(event=now, members=[act.zhang_record], by=act.staff)
    assert e.value.message == "活动已取消，不能签到。"


def test_take_marks_and_removes_in_one_go(act, running):
    services.attendance_mark(event=running, members=[act.zhang_record], by=act.staff)
    created, removed = services.attendance_take(
        event=running,
        by=act.staff,
        present=[act.wang_record],
        absent=[act.zhang_record],
    )
    assert [a.member for a in created] == [act.wang_record]
    assert removed == 1
    assert list(Attendance.objects.values_list("member__name", flat=True)) == ["王芳"]
    with pytest.raises(ServiceError):
        services.attendance_remove(event=running, member=act.zhang_record, by=act.staff)


def test_qr_checkin_by_the_member_themselves(act, running):
    token = services.checkin_token(running)
    attendance = services.attendance_checkin(token=token, by=act.zhang)
    assert attendance.method == Attendance.Method.QR
    assert attendance.walk_in is False
    assert attendance.recorded_by == act.zhang
    with pytest.raises(ServiceError) as e:
        services.attendance_checkin(token=token, by=act.zhang)
    assert "无需重复签到" in e.value.message
    walk_in = services.attendance_checkin(token=token, by=act.zhao)
    assert walk_in.walk_in is True


@pytest.mark.parametrize("token", ["", "abc", "WyIxIiwiYWJjIl0:1tXy:bad", "1:2:3:4"])
def test_a_forged_token_is_refused(act, running, token):
    with pytest.raises(ServiceError) as e:
        services.attendance_checkin(token=token, by=act.zhang)
    assert "签到二维码无效" in e.value.message
    assert not Attendance.objects.exists()


def test_a_rotated_qr_code_stops_working(act, running):
    old = services.checkin_token(running)
    services.event_rotate_checkin(event=running, by=act.staff)
    with pytest.raises(ServiceError):
        services.attendance_checkin(token=old, by=act.zhang)
    running.refresh_from_db()
    services.attendance_checkin(token=services.checkin_token(running), by=act.zhang)


def test_qr_checkin_rules(act, make_event, running):
    token = services.checkin_token(running)
    with pytest.raises(ServiceError) as e:
        services.attendance_checkin(token=token, by=act.staff)
    assert "没有关联会员记录" in e.value.message
    branch = make_event(act.org.edu1, by=act.head, starts_in=dt.timedelta(0))
    with pytest.raises(PermissionDenied):
        services.attendance_checkin(token=services.checkin_token(branch), by=act.member)
    later = make_event()
    with pytest.raises(ServiceError) as e:
        services.attendance_checkin(token=services.checkin_token(later), by=act.zhang)
    assert e.value.message.startswith("扫码签到时间为")
    assert not Attendance.objects.exists()


def test_a_paper_sheet_is_imported_in_bulk(act, make_event):
    event = make_event(starts_in=dt.timedelta(days=-30))
    n = services.attendance_import(
        event=event,
        members=[act.zhang_record, act.wang_record, act.zhang_record],
        by=act.staff,
    )
    assert n == 2
    assert (
        services.attendance_import(
            event=event, members=[act.zhang_record], by=act.staff
        )
        == 0
    )
    rows = Attendance.objects.filter(event=event)
    assert {a.method for a in rows} == {Attendance.Method.IMPORT}
    assert all(a.walk_in for a in rows)
    from tongxin.audit.models import AuditEvent

    assert (
        AuditEvent.objects.filter(action="import", object_id=str(event.pk)).count() == 1
    )
    future = make_event()
    with pytest.raises(ServiceError):
        services.attendance_import(
            event=future, members=[act.zhang_record], by=act.staff
        )


def test_path_copies_follow_a_moved_subtree(act, make_event, running, root):
    branch_event = make_event(act.org.edu1, by=act.head)
    services.attendance_mark(event=running, members=[act.zhang_record], by=act.staff)
    moved = org_move(org=act.org.edu1, new_parent=act.org.city, by=root)
    branch_event.refresh_from_db()
    assert branch_event.path == moved.path
    assert Attendance.objects.get().org_path == moved.path
    assert Signup.objects.filter(member=act.zhang_record).get().org_path == moved.path


def test_series_are_created_by_managers_only(act):
    with pytest.raises(PermissionDenied):
        services.series_create(by=act.zhang, organization=act.org.city, name="同心杯")
    with pytest.raises(ValidationError) as e:
        services.series_create(by=act.staff, organization=act.org.city, name="")
    assert "name" in e.value.message_dict
    services.series_create(by=act.staff, organization=act.org.city, name="同心杯")
    with pytest.raises(ValidationError):
        services.series_create(by=act.staff, organization=act.org.city, name="同心杯")
    assert Series.objects.count() == 1


def test_nobody_is_a_walk_in_at_an_event_without_signup(act, make_event):
    event = make_event(allows_signup=False, starts_in=dt.timedelta(0))
    created = services.attendance_mark(
        event=event, members=[act.zhang_record], by=act.staff
    )
    assert created[0].walk_in is False
    assert created[0].method == Attendance.Method.LIST
    checked_in = services.attendance_checkin(
        token=services.checkin_token(event), by=act.wang
    )
    assert checked_in.walk_in is False


def test_signing_up_several_is_all_or_nothing(act, make_event):
    event = make_event(act.org.edu1, by=act.head)
    with pytest.raises(ValidationError) as e:
        services.signup_create_many(
            event=event, members=[act.zhang_record, act.zhao_record], by=act.staff
        )
    assert e.value.message_dict["members"] == [
        "赵明：活动“文化讲堂：宋词里的大连”只对“教育一支部”及其下级组织的会员开放。"
    ]
    assert not Signup.objects.exists()
    done = services.signup_create_many(
        event=event, members=[act.zhang_record, act.wang_record], by=act.head
    )
    assert [s.member.name for s in done] == ["张传吉", "王芳"]


def test_moving_an_event_moves_its_attendance_date(act, running):
    services.attendance_mark(event=running, members=[act.zhang_record], by=act.staff)
    later = running.start_at - dt.timedelta(days=1)
    services.event_update(
        event=running, by=act.staff, start_at=later, end_at=running.end_at
    )
    assert Attendance.objects.get().attended_on == timezone.localdate(later)
