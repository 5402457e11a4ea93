"""Inspections, liaison and regulations: the services and selectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.campaigns.conftest import PDF
from tongxin.campaigns import services
from tongxin.campaigns.models import FollowUp, Visit
from tongxin.campaigns.selectors import (
    coverage,
    leader_assignments,
    recent_happenings,
    visit_list,
)
from tongxin.core.errors import ServiceError
from tongxin.orgs.services import org_close, org_create


@pytest.fixture
def team(cmp):
    return services.team_create(
        by=cmp.staff,
        organization=cmp.org.city,
        name="第一督查组",
        team=[cmp.staff, cmp.owner],
        campaign=cmp.campaign,
    )


def visit(cmp, team, org, on, **fields):
    fields.setdefault("rating", "good")
    return services.visit_create(
        team=team, by=cmp.staff, organization=org, visited_on=on, **fields
    )


def test_a_visit_records_people_met_and_findings(cmp, team):
    v = visit(
        cmp,
        team,
        cmp.org.edu1,
        dt.date(2013, 10, 15),
        people_met="支部主委、会员代表",
        host_party_org="某中学党委 王书记",
        findings="组织生活规范",
    )
    assert v.path == cmp.org.edu1.path and v.host_party_org.startswith("某中学")
    assert list(visit_list(user=cmp.head)) == [v]
    assert team.team.count() == 2


def test_a_visit_to_an_org_that_did_not_exist_is_refused(cmp, team):
    young = org_create(
        by=cmp.root,
        name="新成立支部",
        kind="branch",
        code="G1B9",
        parent=cmp.org.edu,
        founded_on=dt.date(2014, 5, 1),
    )
    with pytest.raises(ValidationError) as err:
        visit(cmp, team, young, dt.date(2014, 4, 30))
    assert "不存在" in err.value.message_dict["organization"][0]
    org_close(org=young, on=dt.date(2014, 9, 30), by=cmp.root)
    with pytest.raises(ValidationError):
        visit(cmp, team, young, dt.date(2014, 10, 2))
    # The closing day is the organization's first day closed, as everywhere.
    with pytest.raises(ValidationError):
        visit(cmp, team, young, dt.date(2014, 9, 30))
    visit(cmp, team, young, dt.date(2014, 9, 29))
    Visit.objects.filter(organization=young).delete()
    visit(cmp, team, young, dt.date(2014, 6, 1))
    with pytest.raises(ValidationError):
        visit(cmp, team, cmp.org.city, dt.date(2014, 6, 1))
    assert Visit.objects.count() == 1


def test_only_inspection_managers_record_visits(cmp, team):
    with pytest.raises(PermissionDenied):
        services.visit_create(
            team=team,
            by=cmp.publicity,
            organization=cmp.org.edu1,
            visited_on=dt.date(2014, 1, 5),
            rating="good",
        )


def test_coverage_splits_visited_and_not(cmp, team):
    visit(cmp, team, cmp.org.edu1, dt.date(2013, 10, 15))
    visit(cmp, team, cmp.org.edu1, dt.date(2013, 11, 15))
    visit(cmp, team, cmp.org.direct, dt.date(2013, 9, 1))  # before the period
    result = coverage(
        user=cmp.staff, start=dt.date(2013, 10, 1), end=dt.date(2014, 1, 31)
    )
    assert [(o.name, n) for o, n, _last in result.visited] == [("教育一支部", 2)]
    assert {o.name for o in result.not_visited} == {
        "教育基层委员会",
        "教育二支部",
        "市直属第一支部",
    }
    assert result.total == 4
    head = coverage(user=cmp.head, start=dt.date(2013, 10, 1), end=dt.date(2014, 1, 31))
    assert head.total == 1 and len(head.visited) == 1


def test_followups_have_owners_and_due_dates(cmp, team):
    v = visit(cmp, team, cmp.org.edu1, dt.date(2014, 3, 1))
    with pytest.raises(ValidationError):
        services.followup_add(
            visit=v, by=cmp.staff, action="整改", due_on=dt.date(2014, 2, 1)
        )
    f = services.followup_add(
        visit=v,
        by=cmp.staff,
        action="建立会员档案",
        due_on=dt.date(2014, 4, 1),
        owner=cmp.head,
    )
    services.followup_done(followup=f, by=cmp.head)
    with pytest.raises(ServiceError):
        services.followup_done(followup=f, by=cmp.staff)
    assert FollowUp.objects.get().done_on is not None


def test_liaison_assignments_and_a_leaders_page(cmp, act_event):
    services.liaison_assign(
        by=cmp.staff,
        organization=cmp.org.edu1,
        start_on=dt.date(2013, 1, 1),
        leader=cmp.chair,
    )
    services.liaison_assign(
        by=cmp.staff,
        organization=cmp.org.edu1,
        start_on=dt.date(2013, 1, 1),
        department=cmp.dep.organization,
    )
    with pytest.raises(ValidationError):
        services.liaison_assign(
            by=cmp.staff,
            organization=cmp.org.edu1,
            start_on=dt.date(2013, 1, 1),
            leader=cmp.chair,
        )
    with pytest.raises(ValidationError):
        services.liaison_assign(
            by=cmp.staff, organization=cmp.org.edu2, start_on=dt.date(2013, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.liaison_assign(
            by=cmp.staff,
            organization=cmp.org.city,
            start_on=dt.date(2013, 1, 1),
            leader=cmp.chair,
        )
    rows = list(leader_assignments(user=cmp.staff, member=cmp.chair))
    assert [r.organization for r in rows] == [cmp.org.edu1]
    from tongxin.activities import services as act

    act.event_create(
        by=cmp.root,
        organization=cmp.org.edu1,
        title="支部学习会",
        kind="study",
        start_at=act_event.start_at,
        end_at=act_event.end_at,
    )
    recent = recent_happenings(user=cmp.staff, organizations=[cmp.org.edu1])
    assert [e.title for e in recent[cmp.org.edu1.pk]["events"]] == ["支部学习会"]
    services.liaison_end(assignment=rows[0], by=cmp.staff, on=dt.date(2014, 1, 1))
    assert not leader_assignments(user=cmp.staff, member=cmp.chair).exists()


def test_regulations_with_versions_and_status(cmp):
    reg = services.regulation_create(
        by=cmp.office,
        organization=cmp.org.city,
        title="领导班子成员联系基层组织制度",
        issuing_body="民进大连市委员会",
        effective_on=dt.date(2012, 3, 1),
        number="民进大连〔2012〕3号",
        upload=SimpleUploadedFile("制度.pdf", PDF),
    )
    services.version_add(
        regulation=reg,
        by=cmp.office,
        upload=SimpleUploadedFile("修订.pdf", PDF),
        label="2014年修订",
        effective_on=dt.date(2014, 1, 1),
    )
    assert reg.versions.count() == 2
    with pytest.raises(ValidationError):
        services.version_add(
            regulation=reg,
            by=cmp.office,
            upload=SimpleUploadedFile("x.exe", b"MZ"),
            label="坏文件",
            effective_on=dt.date(2014, 2, 1),
        )
    assert reg.versions.count() == 2
    services.regulation_set_status(regulation=reg, by=cmp.office, status="repealed")
    reg.refresh_from_db()
    assert reg.status == "repealed"
    with pytest.raises(PermissionDenied):
        services.regulation_set_status(regulation=reg, by=cmp.staff, status="in_force")
