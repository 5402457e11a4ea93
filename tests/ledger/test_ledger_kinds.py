"""台账导入 per kind: template round trip, errors as of each row's date, modes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.ledger.helpers import fill, history
from tongxin.activities.models import Attendance, Event
from tongxin.campaigns.models import Task
from tongxin.honors.models import Honor
from tongxin.ledger.services import ledger_import, ledger_template
from tongxin.participation.models import OpinionReport, Proposal, Suggestion
from tongxin.participation.services.setup import session_create
from tongxin.workflows.engine import steps_of


@pytest.fixture
def past(org, people, make_member):
    return history(org, people, make_member)


def run(people, kind, rows, **kwargs):
    data = fill(ledger_template(by=people.root, kind=kind), rows)
    return ledger_import(
        by=kwargs.pop("by", people.root),
        kind=kind,
        source=data,
        filename="台账.xlsx",
        **kwargs,
    )


def messages(report):
    return [(e.row, e.column, e.message) for e in report.errors]


# --- activities ----------------------------------------------------------------------


def activity(**over):
    row = {
        "日期": "2024-05-18",
        "活动名称": "学习座谈会",
        "活动类型": "座谈会",
        "主办组织": "教育一支部",
        "参加人员": "周伯通、黄蓉",
    }
    row.update(over)
    return row


def test_activities_round_trip_dates_the_event_and_attendance(people, past):
    left, late, active, closed, *_ = past
    rows = [
        activity(),
        activity(
            **{
                "日期": "2024-03-02",
                "活动名称": "植树",
                "活动类型": "植树",
                "主办组织": "市直属第一支部",
                "参加人员": "黄蓉",
                "开始时间": "8:30",
            }
        ),
    ]
    preview = run(people, "activities", rows)
    assert (preview.rows, preview.valid, preview.created, preview.errors) == (
        2,
        2,
        2,
        [],
    )
    assert not preview.committed and not Event.objects.exists()
    report = run(people, "activities", rows, commit=True)
    assert report.committed and report.created == 2
    meeting = Event.objects.get(title="学习座谈会")
    assert meeting.start_at.date() == dt.date(2024, 5, 18)
    assert meeting.kind == "seminar"
    attended = Attendance.objects.filter(event=meeting)
    assert {a.member.name for a in attended} == {"周伯通", "黄蓉"}
    assert {a.attended_on for a in attended} == {dt.date(2024, 5, 18)}
    assert {a.method for a in attended} == {Attendance.Method.IMPORT}
    # An organization since closed held an event before its closure.
    planting = Event.objects.get(title="植树")
    assert planting.organization == closed
    assert timezone.localtime(planting.start_at).time() == dt.time(8, 30)
    # The same ledger again adds nothing: every row is already recorded.
    again = run(people, "activities", rows, commit=True, mode="valid")
    assert again.valid == 0 and len(again.errors) == 2


def test_activities_are_checked_as_of_each_rows_date(people, past):
    rows = [
        activity(**{"日期": "2024-08-01"}),  # 周伯通 left on 2024-07-01
        activity(**{"活动名称": "会后走访", "参加人员": "郭靖"}),  # joined 2024-09
        activity(
            **{
                "活动名称": "撤销后",
                "日期": "2024-07-05",
                "主办组织": "市直属第一支部",
                "参加人员": "",
            }
        ),
        activity(**{"活动名称": "将来", "日期": "2099-01-01"}),
        activity(**{"活动名称": "无名氏", "参加人员": "欧阳锋"}),
        activity(**{"活动名称": "类型", "活动类型": "聚餐"}),
    ]
    report = run(people, "activities", rows, commit=True)
    assert not report.committed and report.valid == 0 and report.created == 0
    found = messages(report)
    assert found[0][:2] == (2, "参加人员") and "2024-08-01 不是在册会员" in found[0][2]
    assert found[1][:2] == (3, "参加人员") and "郭靖" in found[1][2]
    assert found[2][:2] == (4, "主办组织") and "已撤销" in found[2][2]
    assert found[3][:2] == (5, "日期") and "晚于今天" in found[3][2]
    assert found[4][:2] == (6, "参加人员") and "找不到会员" in found[4][2]
    assert found[5][:2] == (7, "活动类型") and "座谈会" in found[5][2]
    assert not Event.objects.exists()


def test_mode_all_writes_nothing_and_mode_valid_writes_the_valid_rows(people, past):
    rows = [activity(), activity(**{"活动名称": "坏行", "参加人员": "欧阳锋"})]
    assert not run(people, "activities", rows, commit=True).committed
    assert not Event.objects.exists()
    report = run(people, "activities", rows, commit=True, mode="valid")
    assert report.committed and (report.valid, report.created) == (1, 1)
    assert list(Event.objects.values_list("title", flat=True)) == ["学习座谈会"]
    # The refused row left nothing half-written.
    assert Attendance.objects.count() == 2


# --- participation items ---------------------------------------------------------------


def test_items_round_trip_with_dated_steps(people, past):
    left, late, active, *_ = past
    session_create(
        by=people.root,
        name="市政协十四届三次会议",
        body="市政协",
        level="city",
        year=2024,
        held_on=dt.date(2024, 1, 10),
    )
    rows = [
        {
            "类别": "社情民意",
            "标题": "关于社区养老的建议",
            "提出人": "周伯通",
            "提交日期": "2024-03-05",
            "签批日期": "2024-03-08",
            "报送日期": "2024-03-10",
            "报送单位": "民进省委会",
            "采用日期": "2025-01-15",
            "采用级别": "省级",
            "采用单位": "省委统战部",
        },
        {
            "类别": "建议",
            "标题": "课后服务",
            "提出人": "黄蓉",
            "提交日期": "2024-04-01",
            "采纳日期": "2024-04-20",
        },
        {
            "类别": "团体提案",
            "标题": "职业教育",
            "提出组织": "教育基层委员会",
            "政协会议": "市政协十四届三次会议",
            "提交日期": "2024-01-05",
            "立案日期": "2024-01-20",
            "答复日期": "2024-06-30",
            "答复单位": "市教育局",
        },
    ]
    report = run(people, "items", rows, commit=True)
    assert report.errors == [] and report.created == 3 and report.committed
    opinion = OpinionReport.objects.get()
    assert opinion.state == "adopted" and opinion.date == dt.date(2024, 3, 5)
    assert [a.name for a in opinion.authors.all()] == ["周伯通"]
    days = {
        s.action if hasattr(s, "action") else s.name: s.at.date()
        for s in steps_of(opinion)
    }
    assert sorted(days.values())[-1] == dt.date(2025, 1, 15)
    assert (
        dt.date(2024, 3, 8) in days.values() and dt.date(2024, 3, 10) in days.values()
    )
    assert opinion.adoptions.get().adopted_on == dt.date(2025, 1, 15)
    assert opinion.targets.get().reported_on == dt.date(2024, 3, 10)
    suggestion = Suggestion.objects.get()
    assert suggestion.state == "accepted"
    assert steps_of(suggestion)[-1].at.date() == dt.date(2024, 4, 20)
    proposal = Proposal.objects.get()
    assert proposal.state == "replied" and proposal.reply_on == dt.date(2024, 6, 30)
    assert proposal.reply_unit == "市教育局"


def test_items_refuse_steps_out_of_order_and_authors_not_members_then(people, past):
    rows = [
        {
            "类别": "社情民意",
            "标题": "甲",
            "提出人": "周伯通",
            "提交日期": "2024-08-05",
        },
        {
            "类别": "社情民意",
            "标题": "乙",
            "提出人": "黄蓉",
            "提交日期": "2024-03-05",
            "签批日期": "2024-03-01",
        },
        {
            "类别": "建议",
            "标题": "丙",
            "提出人": "黄蓉",
            "提交日期": "2024-03-05",
            "签批日期": "2024-03-08",
        },
        {
            "类别": "社情民意",
            "标题": "丁",
            "提出人": "黄蓉",
            "提交日期": "2024-03-05",
            "报送日期": "2024-03-09",
            "报送单位": "民进省委会",
        },
    ]
    report = run(people, "items", rows, commit=True, mode="valid")
    found = messages(report)
    assert found[0][:2] == (2, "提出人") and "不是在册会员" in found[0][2]
    assert found[1][:2] == (3, "签批日期") and "早于上一步" in found[1][2]
    assert found[2][:2] == (4, "签批日期") and "不适用" in found[2][2]
    assert found[3][0] == 5 and found[3][1] == "报送日期"
    assert report.created == 0 and not OpinionReport.objects.exists()


# --- honors --------------------------------------------------------------------------


def honor(**over):
    row = {
        "荣誉名称": "统战工作先进个人",
        "类别": "综合",
        "级别": "市级",
        "授予单位": "市委统战部",
        "授予日期": "2024-06-20",
        "登记组织": "民进测试市委员会",
        "获奖会员": "周伯通、黄蓉",
        "获奖组织": "市直属第一支部",
    }
    row.update(over)
    return row


def test_honors_round_trip_with_recipients_as_of_the_award(people, past):
    left, late, active, closed, *_ = past
    report = run(people, "honors", [honor()], commit=True)
    assert report.errors == [] and report.created == 1
    saved = Honor.objects.get()
    assert saved.awarded_on == dt.date(2024, 6, 20) and saved.year == 2024
    recipients = saved.recipients.all()
    assert {r.member.name for r in recipients if r.member_id} == {"周伯通", "黄蓉"}
    assert {r.organization for r in recipients if r.organization_id} == {closed}


def test_honors_refuse_recipients_who_were_not_there_on_the_day(people, past):
    rows = [
        honor(**{"授予日期": "2024-12-20", "获奖组织": ""}),  # 周伯通 left
        honor(**{"荣誉名称": "乙", "获奖会员": "", "授予日期": "2024-12-20"}),  # closed
        honor(**{"荣誉名称": "丙", "级别": "区级"}),
    ]
    report = run(people, "honors", rows, commit=True, mode="valid")
    found = messages(report)
    assert found[0][:2] == (2, "获奖会员")
    assert found[1][:2] == (3, "获奖组织") and "撤销" in found[1][2]
    assert found[2][:2] == (4, "级别")
    assert not report.created and not Honor.objects.exists()


# --- tasks ---------------------------------------------------------------------------


def test_tasks_round_trip_keeps_the_real_completion_date(people, past):
    *_, office, campaign = past
    rows = [
        {
            "专项活动": "凝心铸魂主题活动",
            "任务": "动员部署",
            "负责部室": "组织部",
            "完成期限": "2024-03-31",
            "完成日期": "2024-03-28",
        },
        {
            "专项活动": "凝心铸魂主题活动",
            "任务": "总结",
            "负责部室": "组织部",
            "完成期限": "2024-12-31",
        },
    ]
    report = run(people, "tasks", rows, commit=True)
    assert report.errors == [] and report.created == 2
    done = Task.objects.get(title="动员部署")
    assert done.status == Task.Status.DONE and done.done_on == dt.date(2024, 3, 28)
    assert done.month == dt.date(2024, 3, 1) and done.department == office
    (step,) = steps_of(done)
    assert step.to_state == Task.Status.DONE
    assert timezone.localtime(step.at).date() == dt.date(2024, 3, 28)
    assert Task.objects.get(title="总结").status == Task.Status.TODO


def test_tasks_refuse_unknown_campaigns_and_impossible_dates(people, past):
    rows = [
        {
            "专项活动": "不存在",
            "任务": "甲",
            "负责部室": "组织部",
            "完成期限": "2024-03-31",
        },
        {
            "专项活动": "凝心铸魂主题活动",
            "任务": "乙",
            "负责部室": "组织部",
            "完成期限": "2024-03-31",
            "完成日期": "2023-12-01",
        },
        {
            "专项活动": "凝心铸魂主题活动",
            "任务": "丙",
            "负责部室": "宣传部",
            "完成期限": "2024-03-31",
        },
        {
            "专项活动": "凝心铸魂主题活动",
            "任务": "丁",
            "负责部室": "组织部",
            "完成期限": "2025-03-31",
        },
    ]
    report = run(people, "tasks", rows, commit=True, mode="valid")
    found = messages(report)
    assert found[0][:2] == (2, "专项活动")
    assert found[1][:2] == (3, "完成日期") and "早于活动开始" in found[1][2]
    assert found[2][:2] == (4, "负责部室")
    assert found[3][:2] == (5, "完成期限")
    assert not Task.objects.exists()


# --- inspections ---------------------------------------------------------------------


def test_inspections_round_trip_with_follow_ups_done_on_their_day(org, people, past):
    from tongxin.campaigns.models import FollowUp, Visit
    from tongxin.campaigns.services.inspections import team_create

    team_create(by=people.root, organization=org.city, name="第一督查组")
    visit = {
        "督查组": "第一督查组",
        "督查日期": "2024-07-10",
        "被督查组织": "教育一支部",
        "评价": "较好",
    }
    rows = [
        {
            **visit,
            "整改事项": "完善活动记录",
            "整改期限": "2024-08-31",
            "完成日期": "2024-08-20",
        },
        {**visit, "整改事项": "补齐学习笔记", "整改期限": "2024-09-30"},
        {**visit, "被督查组织": "市直属第一支部"},  # closed on 2024-06-30
        {
            **visit,
            "督查日期": "2024-05-10",
            "被督查组织": "教育二支部",
            "整改事项": "甲",
            "整改期限": "2024-06-30",
            "完成日期": "2024-05-01",
        },
        {**visit, "督查组": "不存在的组"},
    ]
    report = run(people, "inspections", rows, commit=True, mode="valid")
    found = messages(report)
    assert [f[:2] for f in found] == [
        (4, "被督查组织"),
        (5, "完成日期"),
        (6, "派出组织"),  # an unregistered team needs its sender
    ]
    assert "早于督查走访" in found[1][2]
    assert report.created == 2
    saved = Visit.objects.get()
    assert saved.visited_on == dt.date(2024, 7, 10) and saved.rating == "good"
    followups = {f.action: f.done_on for f in FollowUp.objects.filter(visit=saved)}
    assert followups == {"完善活动记录": dt.date(2024, 8, 20), "补齐学习笔记": None}


# --- talent --------------------------------------------------------------------------


def placement(**over):
    row = {"会员": "黄蓉", "层级": "骨干", "入库日期": "2023-03-01"}
    row.update(over)
    return row


def test_talent_round_trip_places_members_as_of_the_first_day(people, past):
    from tongxin.talent.models import Placement

    left, late, active, *_ = past
    rows = [
        placement(**{"入库理由": "市政协委员"}),
        # 周伯通 left on 2024-07-01: placed for a period that ended by then.
        placement(
            **{
                "会员": "周伯通",
                "层级": "后备",
                "入库日期": "2022-01-01",
                "出库日期": "2024-07-01",
            }
        ),
    ]
    preview = run(people, "talent", rows)
    assert (preview.valid, preview.created, preview.errors) == (2, 2, [])
    assert not Placement.objects.exists()
    report = run(people, "talent", rows, commit=True)
    assert report.committed and report.created == 2
    kept = {
        (p.member.name, p.tier, p.start_on, p.end_on, p.reason, p.path)
        for p in Placement.objects.select_related("member")
    }
    assert kept == {
        ("黄蓉", "backbone", dt.date(2023, 3, 1), None, "市政协委员", active.org_path),
        (
            "周伯通",
            "reserve",
            dt.date(2022, 1, 1),
            dt.date(2024, 7, 1),
            "",
            left.org_path,
        ),
    }
    # The same ledger again overlaps what is recorded and adds nothing.
    again = run(people, "talent", rows, commit=True, mode="valid")
    assert again.valid == 0 and Placement.objects.count() == 2
    assert all(e.column == "入库日期" and "重叠" in e.message for e in again.errors)


def test_talent_refuses_members_who_were_not_there_and_open_periods_after_leaving(
    people, past
):
    from tongxin.talent.models import Placement

    rows = [
        placement(**{"会员": "周伯通"}),  # left on 2024-07-01, no end given
        placement(
            **{"会员": "周伯通", "入库日期": "2024-08-01", "出库日期": "2024-09-01"}
        ),
        placement(**{"会员": "郭靖", "入库日期": "2024-03-01"}),  # joined 2024-09-01
        placement(**{"层级": "顶尖"}),
        placement(**{"入库日期": "2024-05-01", "出库日期": "2024-04-01"}),
    ]
    report = run(people, "talent", rows, commit=True, mode="valid")
    assert report.committed and report.created == 0
    found = messages(report)
    assert found[0][:2] == (2, "出库日期") and "不晚于离会日期" in found[0][2]
    assert found[1][:2] == (3, "会员") and "不是在册会员" in found[1][2]
    assert found[2][:2] == (4, "会员") and "郭靖" in found[2][2]
    assert found[3][:2] == (5, "层级") and "骨干" in found[3][2]
    assert found[4][:2] == (6, "出库日期") and "早于入库日期" in found[4][2]
    assert not Placement.objects.exists()
