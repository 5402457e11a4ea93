"""Campaigns, leading group, work plan, goals and reminders: the services."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from tests.campaigns.conftest import PDF
from tongxin.campaigns import services
from tongxin.campaigns.models import Goal, GroupMember, Task, TaskEvidence
from tongxin.campaigns.selectors import goal_progress, overdue_tasks, task_list
from tongxin.core.errors import ServiceError
from tongxin.honors import services as honors
from tongxin.notifications.models import Notification
from tongxin.workflows import engine


def test_the_leading_group_is_filled_from_current_posts(cmp):
    """Chair → leader, vice-chairs → deputies, heads of base orgs → members."""
    added = services.group_fill_from_posts(
        campaign=cmp.campaign, by=cmp.staff, on=dt.date(2014, 1, 2)
    )
    roles = {r.member.name: r.role for r in cmp.campaign.group.select_related("member")}
    assert added == 6
    assert roles == {
        "陈主委": "leader",
        "王副主委": "deputy",
        "李副主委": "deputy",
        "张一支": "member",
        "赵二支": "member",
        "孙直属": "member",
    }
    # Again: nothing new.  Editable afterwards.
    assert services.group_fill_from_posts(campaign=cmp.campaign, by=cmp.staff) == 0
    services.group_add(
        campaign=cmp.campaign, by=cmp.staff, member=cmp.heads[0], role="deputy"
    )
    row = GroupMember.objects.get(member=cmp.heads[0])
    assert row.role == "deputy"
    services.group_remove(row=row, by=cmp.staff)
    assert cmp.campaign.group.count() == 5


def test_only_campaign_managers_change_the_group(cmp):
    with pytest.raises(PermissionDenied):
        services.group_fill_from_posts(campaign=cmp.campaign, by=cmp.publicity)
    with pytest.raises(PermissionDenied):
        services.group_fill_from_posts(campaign=cmp.campaign, by=cmp.head)
    assert not cmp.campaign.group.exists()


def test_a_task_due_outside_the_period_is_refused(cmp, make_task):
    with pytest.raises(ValidationError) as err:
        make_task(due_on=dt.date(2015, 1, 5), month="2014-12")
    assert "不在活动期间" in err.value.message_dict["due_on"][0]
    with pytest.raises(ValidationError):
        make_task(due_on=dt.date(2013, 12, 31), month="2014-01")
    assert not Task.objects.exists()


def test_a_campaign_cannot_shrink_past_its_tasks(cmp, make_task):
    make_task(due_on=dt.date(2014, 11, 30), month="2014-11")
    with pytest.raises(ValidationError):
        services.campaign_update(
            campaign=cmp.campaign, by=cmp.staff, end_on=dt.date(2014, 6, 30)
        )
    cmp.campaign.refresh_from_db()
    assert cmp.campaign.end_on == dt.date(2014, 12, 31)


def test_the_task_workflow_is_data(cmp, make_task):
    task = make_task()
    services.task_transition(task=task, by=cmp.staff, to="doing")
    services.task_transition(
        task=task, by=cmp.staff, to="done", on=dt.date(2014, 3, 20)
    )
    task.refresh_from_db()
    assert task.status == "done" and task.done_on == dt.date(2014, 3, 20)
    with pytest.raises(ServiceError) as err:
        services.task_transition(task=task, by=cmp.staff, to="cancelled")
    assert "不能改为" in err.value.message
    # Dated steps, in the order they happened: the completion was entered
    # second but dated 2014-03-20, before the start entered today.
    steps = engine.steps_of(task)
    assert [(s.from_state, s.to_state) for s in steps] == [
        ("doing", "done"),
        ("todo", "doing"),
    ]
    assert [s.actor for s in steps] == [cmp.staff, cmp.staff]
    assert timezone.localtime(steps[0].at).date() == dt.date(2014, 3, 20)
    assert steps[0].recorded_at > steps[1].recorded_at


def test_department_staff_and_owners_work_on_their_tasks_only(cmp, make_task):
    """Access by department: publicity staff move publicity tasks, not others."""
    publicity_task = make_task(title="宣传报道", department=cmp.dep.publicity)
    office_task = make_task(title="总结", department=cmp.dep.office, owner=cmp.owner)
    services.task_transition(task=publicity_task, by=cmp.publicity, to="doing")
    with pytest.raises(PermissionDenied):
        services.task_transition(task=office_task, by=cmp.publicity, to="doing")
    services.task_transition(task=office_task, by=cmp.owner, to="doing")
    with pytest.raises(PermissionDenied):
        services.task_transition(task=publicity_task, by=cmp.owner, to="done")
    with pytest.raises(PermissionDenied):
        services.task_create(
            campaign=cmp.campaign,
            by=cmp.publicity,
            title="不该有",
            department=cmp.dep.publicity,
            due_on=dt.date(2014, 5, 1),
        )


def test_a_head_sees_no_committee_tasks_but_an_owner_sees_theirs(cmp, make_task):
    make_task(owner=cmp.head)
    make_task(title="其他")
    assert [t.title for t in task_list(user=cmp.head)] == ["召开动员大会"]
    assert task_list(user=cmp.member).count() == 0


def test_evidence_of_every_kind(cmp, make_task, act_event):
    task = make_task()
    services.evidence_add(task=task, by=cmp.staff, kind="event", event=act_event)
    doc = services.document_add(
        campaign=cmp.campaign,
        by=cmp.staff,
        upload=SimpleUploadedFile("方案.pdf", PDF),
        kind="work_plan",
        title="工作方案",
    )
    services.evidence_add(task=task, by=cmp.staff, kind="document", document=doc)
    services.evidence_add(
        task=task, by=cmp.staff, kind="link", url="http://intranet/article/1"
    )
    services.evidence_add(
        task=task,
        by=cmp.staff,
        kind="file",
        upload=SimpleUploadedFile("照片.pdf", PDF),
    )
    assert sorted(task.evidence.values_list("kind", flat=True)) == [
        "document",
        "event",
        "file",
        "link",
    ]
    with pytest.raises(ValidationError) as err:
        services.evidence_add(
            task=task,
            by=cmp.staff,
            kind="file",
            upload=SimpleUploadedFile("病毒.pdf", b"MZ not a pdf"),
        )
    assert "文件类型" in " ".join(err.value.messages)
    with pytest.raises(ValidationError):
        services.evidence_add(task=task, by=cmp.staff, kind="link")
    assert TaskEvidence.objects.count() == 4


def test_overdue_lists_open_tasks_past_their_date(cmp, make_task):
    late = make_task(title="逾期的", due_on=dt.date(2014, 2, 28), month="2014-02")
    done = make_task(title="完成的", due_on=dt.date(2014, 2, 28), month="2014-02")
    services.task_transition(task=done, by=cmp.staff, to="done")
    make_task(title="未到期的", due_on=dt.date(2014, 6, 30), month="2014-06")
    overdue = overdue_tasks(user=cmp.staff, today=dt.date(2014, 3, 1))
    assert list(overdue) == [late]


def test_reminders_are_sent_once_per_due_date(cmp, make_task):
    task = make_task(owner=cmp.owner, due_on=dt.date(2014, 3, 10))
    make_task(title="没有责任人", due_on=dt.date(2014, 3, 10))
    make_task(
        title="还早", owner=cmp.owner, due_on=dt.date(2014, 4, 30), month="2014-04"
    )
    sent = services.send_task_reminders(days=3, today=dt.date(2014, 3, 8))
    assert [s["task"] for s in sent] == [task.pk]
    assert services.send_task_reminders(days=3, today=dt.date(2014, 3, 9)) == []
    notice = Notification.objects.get(user=cmp.owner)
    assert "召开动员大会" in notice.title and notice.read_at is None


def test_the_reminder_command_prints_json(cmp, make_task):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    campaign = services.campaign_create(
        by=cmp.staff,
        organization=cmp.org.city,
        title="今年的活动",
        start_on=today - datetime.timedelta(days=30),
        end_on=today + datetime.timedelta(days=30),
    )
    services.task_create(
        campaign=campaign,
        by=cmp.staff,
        title="马上到期",
        department=cmp.dep.office,
        due_on=today + datetime.timedelta(days=1),
        owner=cmp.owner,
    )
    out = io.StringIO()
    call_command("send_reminders", "--days", "2", "--json", stdout=out)
    assert json.loads(out.getvalue())["sent"] == 1
    out = io.StringIO()
    call_command("send_reminders", "--days", "2", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"sent": 0, "reminders": []}


def test_goals_are_tracked_against_honors_in_the_period(cmp):
    services.goal_add(
        campaign=cmp.campaign,
        by=cmp.staff,
        kind="organization",
        level="provincial",
        count=1,
    )
    services.goal_add(
        campaign=cmp.campaign,
        by=cmp.staff,
        kind="organization",
        level="national",
        count=1,
        strength="strive",
    )
    services.goal_add(
        campaign=cmp.campaign, by=cmp.staff, kind="individual", level="city", count=2
    )

    def honor(level, year, **recipients):
        honors.honor_create(
            by=cmp.root,
            organization=cmp.org.city,
            title="先进",
            category="overall",
            level=level,
            awarding_body="某单位",
            year=year,
            **recipients,
        )

    honor("provincial", 2014, organizations=[cmp.org.edu1])
    honor("provincial", 2013, organizations=[cmp.org.edu2])  # before the period
    honor("national", 2014, members=[cmp.heads[0]])  # an individual: counts as city+
    honor("committee", 2014, members=[cmp.heads[1]])  # below city level
    progress = [
        (p.goal.level, p.achieved, p.met) for p in goal_progress(campaign=cmp.campaign)
    ]
    assert progress == [
        ("provincial", 1, True),
        ("national", 0, False),
        ("city", 1, False),
    ]


def test_a_negative_goal_is_refused(cmp):
    with pytest.raises(ValidationError) as err:
        services.goal_add(
            campaign=cmp.campaign,
            by=cmp.staff,
            kind="individual",
            level="city",
            count=-1,
        )
    assert "不能为负数" in err.value.message_dict["count"][0]
    assert not Goal.objects.exists()


def test_a_head_sees_the_committee_campaign_but_not_its_tasks(cmp, make_task):
    from tongxin.campaigns.selectors import campaign_list

    make_task()
    other = services.campaign_create(
        by=cmp.root,
        organization=cmp.org.edu2,
        title="二支部活动",
        start_on=dt.date(2014, 1, 1),
        end_on=dt.date(2014, 6, 30),
    )
    assert list(campaign_list(user=cmp.head)) == [cmp.campaign]
    assert other in set(campaign_list(user=cmp.staff))
    assert not task_list(user=cmp.head).exists()
    assert not campaign_list(user=cmp.member).exists()
