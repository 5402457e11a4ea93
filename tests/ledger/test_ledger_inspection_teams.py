"""台账导入 of last year's inspections in one file: a team not yet registered is
registered by its first row in the name of its 派出组织 and found by the next."""

from __future__ import annotations

import pytest

from tests.ledger.helpers import fill, history
from tongxin.campaigns.models import FollowUp, InspectionTeam, Visit
from tongxin.campaigns.services.inspections import team_create
from tongxin.ledger.services import ledger_import, ledger_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def past(org, people, make_member):
    return history(org, people, make_member)


def run(people, rows, **kwargs):
    data = fill(ledger_template(by=people.root, kind="inspections"), rows)
    return ledger_import(
        by=people.root, kind="inspections", source=data, filename="台账.xlsx", **kwargs
    )


def visit(**over):
    row = {
        "督查组": "2024年第二督查组",
        "派出组织": "教育基层委员会",
        "督查日期": "2024-05-10",
        "被督查组织": "教育一支部",
        "评价": "较好",
    }
    row.update(over)
    return row


def test_a_team_named_in_the_ledger_is_registered_once(org, people, past):
    rows = [
        visit(**{"整改事项": "完善活动记录", "整改期限": "2024-06-30"}),
        visit(**{"被督查组织": "教育二支部", "督查日期": "2024-05-12"}),
        # Rows after the first may leave the sender out.
        visit(**{"被督查组织": "市直属第一支部", "派出组织": ""}),
    ]
    preview = run(people, rows)
    assert preview.errors == [] and preview.created == 3
    assert not InspectionTeam.objects.exists()  # a preview writes nothing
    report = run(people, rows, commit=True)
    assert report.committed and report.created == 3
    team = InspectionTeam.objects.get()
    assert team.name == "2024年第二督查组" and team.organization == org.edu
    assert Visit.objects.filter(team=team).count() == 3
    assert FollowUp.objects.get().action == "完善活动记录"
    # Imported again: the team is found, every visit is already recorded.
    again = run(people, rows, commit=True, mode="valid")
    assert again.created == 0 and InspectionTeam.objects.count() == 1


def test_an_unregistered_team_without_a_sender_or_with_a_closed_one(org, people, past):
    team_create(by=people.root, organization=org.city, name="重名组")
    team_create(by=people.root, organization=org.edu, name="重名组")
    rows = [
        visit(**{"派出组织": ""}),
        # 市直属第一支部 closed on 2024-06-30.
        visit(
            **{"督查组": "新组", "派出组织": "市直属第一支部", "督查日期": "2024-07-05"}
        ),
        visit(**{"督查组": "重名组"}),
    ]
    report = run(people, rows, commit=True, mode="valid")
    found = [(e.row, e.column, e.message) for e in report.errors]
    assert found[0][:2] == (2, "派出组织") and "未登记" in found[0][2]
    assert found[1][:2] == (3, "派出组织") and "撤销" in found[1][2]
    assert found[2][:2] == (4, "督查组") and "多个" in found[2][2]
    assert report.created == 0
    assert not InspectionTeam.objects.filter(name="新组").exists()
    assert not Visit.objects.exists()
