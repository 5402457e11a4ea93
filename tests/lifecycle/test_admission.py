"""Admission: introducers, the registry check, the workflow table, dated steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.lifecycle import services
from tongxin.lifecycle.models import ADMISSION_TRANSITIONS, Application, ApplicationStep
from tongxin.lifecycle.services.admission import TransitionError, allowed_actions
from tongxin.members.models import Member

D = dt.date


def test_a_full_admission_creates_the_member_with_dated_steps(people, apply, org):
    app = apply()
    assert allowed_actions(people.head, app) == ["review", "reject", "withdraw"]
    services.application_transition(
        by=people.head,
        application=app,
        action="review",
        on=D(2024, 3, 10),
        comment="同意",
    )
    with pytest.raises(PermissionDenied):
        services.application_transition(
            by=people.head, application=app, action="approve", on=D(2024, 4, 1)
        )
    app = services.application_transition(
        by=people.staff, application=app, action="approve", on=D(2024, 4, 1)
    )
    assert app.status == "approved"
    member = app.member
    assert member.name == "陈新人" and member.organization == org.edu1
    assert member.joined_on == D(2024, 4, 1)
    assert member.introducers == "张介绍、刘推荐"
    assert Member.objects.with_id_number(app.id_number).get() == member
    steps = list(app.steps.order_by("id").values_list("action", "on", "by__username"))
    assert steps == [
        ("submit", D(2024, 3, 1), "head"),
        ("review", D(2024, 3, 10), "head"),
        ("approve", D(2024, 4, 1), "staff"),
    ]
    with pytest.raises(TransitionError):
        services.application_transition(
            by=people.staff, application=app, action="reject"
        )


def test_introducers_must_be_two_different_active_members(people, apply, intro, root):
    from tongxin.members.services import member_leave

    with pytest.raises(ValidationError) as err:
        apply(introducer_2=intro.a)
    assert "同一人" in str(err.value)
    member_leave(member=intro.b, by=root, status="withdrawn", on=D(2023, 1, 1))
    intro.b.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        apply()
    assert "不是在册会员" in str(err.value)
    assert not Application.objects.exists()


def test_an_applicant_already_a_member_is_refused(people, apply, intro):
    with pytest.raises(ValidationError) as err:
        apply(id_number=intro.a.id_number)
    assert "已是会员" in str(err.value)
    apply(seq=3)
    with pytest.raises(ValidationError) as err:
        apply(seq=3)
    assert "正在办理" in str(err.value)
    assert Application.objects.count() == 1
    assert ApplicationStep.objects.count() == 1


def test_rejected_and_withdrawn_keep_their_history(people, apply):
    a = apply("甲申请", seq=11)
    b = apply("乙申请", seq=12)
    with pytest.raises(ValidationError):
        services.application_transition(by=people.head, application=a, action="reject")
    services.application_transition(
        by=people.head, application=a, action="reject", comment="条件不符"
    )
    services.application_transition(by=people.head, application=b, action="withdraw")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("rejected", "withdrawn")
    assert [s.action for s in a.steps.all()] == ["submit", "reject"]
    assert a.steps.last().comment == "条件不符"
    assert not Member.objects.filter(name__in=["甲申请", "乙申请"]).exists()
    # A later application by the same person is possible again.
    apply("甲申请", seq=11)


def test_heads_apply_only_in_their_subtree_and_the_table_is_data(people, apply, org):
    with pytest.raises(PermissionDenied):
        apply(organization=org.edu2)
    assert ("approve", "reviewed") in ADMISSION_TRANSITIONS
    # Only the introducers' confirmation leads into review's first stage.
    assert all(
        to != "submitted" or source == "introducing"
        for (_action, source), (to, _right) in ADMISSION_TRANSITIONS.items()
    )


def test_bad_applicant_details_are_refused_in_chinese(people, apply):
    with pytest.raises(ValidationError) as err:
        apply(id_number="210202198808081234")
    assert "身份证" in str(err.value)
    with pytest.raises(ValidationError):
        apply(applied_on=dt.date.today() + dt.timedelta(days=3))
    assert not Application.objects.exists()
