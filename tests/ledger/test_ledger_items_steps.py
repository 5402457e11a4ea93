"""台账导入 of items: research topics and the proposal steps besides filing and
reply (不予立案, 办结 with the proposers' satisfaction), each with its date."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.ledger.helpers import fill, history
from tongxin.ledger.services import ledger_import, ledger_template
from tongxin.participation.models import Proposal, ResearchTopic
from tongxin.participation.services.setup import session_create
from tongxin.workflows.engine import steps_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def past(org, people, make_member):
    found = history(org, people, make_member)
    session_create(
        by=people.root,
        name="市政协十四届三次会议",
        body="市政协",
        level="city",
        year=2024,
        held_on=dt.date(2024, 1, 10),
    )
    return found


def run(people, rows, **kwargs):
    data = fill(ledger_template(by=people.root, kind="items"), rows)
    return ledger_import(
        by=people.root, kind="items", source=data, filename="台账.xlsx", **kwargs
    )


def proposal(**over):
    row = {
        "类别": "团体提案",
        "标题": "职业教育",
        "提出组织": "教育基层委员会",
        "政协会议": "市政协十四届三次会议",
        "提交日期": "2024-01-05",
    }
    row.update(over)
    return row


def topic(**over):
    row = {
        "类别": "调研课题",
        "标题": "县域职业教育调研",
        "提出组织": "教育一支部",
        "提出人": "周伯通、黄蓉",
        "报送单位": "民进省委会",
        "提交日期": "2024-02-01",
    }
    row.update(over)
    return row


def test_proposals_not_filed_or_closed_and_research_topics_keep_their_days(
    people, past
):
    rows = [
        proposal(
            **{
                "标题": "不予立案的提案",
                "不予立案日期": "2024-01-25",
                "不予立案理由": "不属于政协提案范围",
            }
        ),
        proposal(
            **{
                "标题": "办结的提案",
                "立案日期": "2024-01-20",
                "答复日期": "2024-06-30",
                "答复单位": "市教育局",
                "办结日期": "2024-07-15",
                "满意度": "基本满意",
            }
        ),
        topic(**{"立项日期": "2024-03-01"}),  # 周伯通 left on 2024-07-01
        topic(**{"标题": "未立项的课题", "未立项日期": "2024-02-20"}),
    ]
    report = run(people, rows, commit=True)
    assert report.errors == [] and report.created == 4 and report.committed
    rejected = Proposal.objects.get(title="不予立案的提案")
    assert rejected.state == "not_filed"
    assert rejected.not_filed_reason == "不属于政协提案范围"
    assert steps_of(rejected)[-1].at.date() == dt.date(2024, 1, 25)
    closed = Proposal.objects.get(title="办结的提案")
    assert closed.state == "closed" and closed.satisfaction == "basic"
    assert [s.at.date() for s in steps_of(closed)][-3:] == [
        dt.date(2024, 1, 20),
        dt.date(2024, 6, 30),
        dt.date(2024, 7, 15),
    ]
    approved = ResearchTopic.objects.get(title="县域职业教育调研")
    assert approved.state == "approved"
    assert approved.approved_on == dt.date(2024, 3, 1)
    assert approved.date == dt.date(2024, 2, 1)
    assert approved.target_body == "民进省委会"
    assert {m.name for m in approved.members.all()} == {"周伯通", "黄蓉"}
    assert steps_of(approved)[-1].at.date() == dt.date(2024, 3, 1)
    not_approved = ResearchTopic.objects.get(title="未立项的课题")
    assert not_approved.state == "rejected"
    assert steps_of(not_approved)[-1].at.date() == dt.date(2024, 2, 20)


def test_refusals_name_the_column_in_chinese(people, past):
    rows = [
        # Closed without the proposers' satisfaction.
        proposal(
            **{
                "立案日期": "2024-01-20",
                "答复日期": "2024-06-30",
                "办结日期": "2024-07-15",
            }
        ),
        # Closed before a reply: the workflow refuses it.
        proposal(**{"标题": "未答复", "办结日期": "2024-07-15", "满意度": "满意"}),
        # A topic after a member left, without a body, a step of another kind.
        topic(**{"提交日期": "2024-08-01"}),
        topic(**{"标题": "无单位", "报送单位": ""}),
        topic(**{"标题": "立案", "立案日期": "2024-03-01"}),
        # A topic of an organization closed on 2024-06-30.
        topic(
            **{
                "标题": "撤销后",
                "提出组织": "市直属第一支部",
                "提出人": "黄蓉",
                "提交日期": "2024-07-05",
            }
        ),
    ]
    report = run(people, rows, commit=True, mode="valid")
    found = [(e.row, e.column, e.message) for e in report.errors]
    assert found[0][:2] == (2, "满意度") and "满意度" in found[0][2]
    assert found[1][:2] == (3, "办结日期")
    assert found[2][:2] == (4, "提出人") and "不是在册会员" in found[2][2]
    assert found[3][:2] == (5, "报送单位") and "报送单位" in found[3][2]
    assert found[4][:2] == (6, "立案日期") and "不适用" in found[4][2]
    assert found[5][:2] == (7, "提出组织") and "撤销" in found[5][2]
    assert report.created == 0
    assert not Proposal.objects.exists() and not ResearchTopic.objects.exists()
