"""One concept, one number: every figure shown in two places (report sections,
the dashboard's statistics API, the participation statistics and coverage APIs,
inspection coverage, the appraisal) agrees for the same period and scope.

Built on the ``committee`` of tests/stats/conftest.py, with what happened after
the period: a reply and an adoption in 2026, a member leaving in 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tongxin.appraisal import measures
from tongxin.appraisal.measures import OrgContext, coverage_by_org
from tongxin.appraisal.selectors import base_orgs, duty_record
from tongxin.campaigns.selectors import coverage as inspection_coverage
from tongxin.core.periods import Period
from tongxin.members.models import Member
from tongxin.members.services import member_leave
from tongxin.participation import services as part
from tongxin.participation.models import Proposal
from tongxin.participation.selectors import contributed_q
from tongxin.stats.figures import compute_all
from tongxin.stats.scope import resolve_scope
from tongxin.stats.structure import memberships_on

pytestmark = pytest.mark.django_db
D = dt.date


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def later(committee, people):
    """Things that happened after 2025: they change no 2025 figure."""
    root = people.root
    group = Proposal.objects.get(title="关于职业教育的提案")
    part.item_transition(
        by=root,
        item=group,
        action="reply",
        values={"reply_on": D(2026, 2, 1), "reply_text": "已办理"},
    )
    late = part.opinion_create(
        by=root,
        authors=[committee.zhou],
        title="年底的信息",
        date=D(2025, 11, 1),
        submit=True,
    )
    part.item_transition(by=root, item=late, action="sign_off", at=_at(D(2025, 11, 2)))
    part.item_transition(
        by=root,
        item=late,
        action="report",
        values={"targets": ["民进省委"]},
        at=_at(D(2025, 11, 3)),
    )
    part.adoption_add(
        by=root, report=late, level="city", body="市委统战部", adopted_on=D(2026, 1, 5)
    )
    member_leave(member=committee.wang, status="withdrawn", on=D(2026, 1, 10), by=root)
    # 张's proposal of 2025 is filed only in 2026: not filed in 2025's figures.
    mine = Proposal.objects.get(title="关于教师减负的提案")
    part.item_transition(by=root, item=mine, action="file", occurred_on=D(2026, 1, 20))
    return committee


def test_one_concept_one_number(later, people):
    root = people.root
    today = timezone.localdate()
    year = Period.for_year(2025, today=today)
    scope = resolve_scope(user=None)
    report = compute_all(scope, year)
    client = Client()
    client.force_login(people.staff)  # the organization department, whole committee

    # The dashboard's API serves the report's figures.
    api = client.get(
        "/api/v1/stats/figures", {"year": 2025}, HTTP_ACCEPT="application/json"
    )
    assert api.status_code == 200, api.content
    sections = api.json()["sections"]
    for name in ("overview", "participation", "service", "campaigns", "team"):
        assert sections[name] == report[name], name

    # Organizations existing at the period's end.
    orgs = report["overview"]["organizations"]["open"]
    assert report["campaigns"]["inspections"]["base_organizations"] == orgs
    assert (
        inspection_coverage(user=root, start=year.start, end=year.as_of).total == orgs
    )

    # Members at the period's end: 基本情况, 一人一案 in the report, the coverage API.
    members = report["overview"]["members"]["end"]
    cov = report["participation"]["coverage"]
    assert cov["members"] == members
    r = client.get("/api/v1/participation/coverage", {"year": 2025})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["as_of"] == "2025-12-31"
    assert len(body["members_done"]) + len(body["members_not_yet"]) == members
    assert len(body["members_done"]) == cov["contributors"]
    assert body["rate"] == cov["rate"]
    assert "王芳" in {m["name"] for m in body["members_done"]}  # left in 2026

    # The appraisal's organization coverage counts the same members (those of
    # the base organizations: all but the committee's own) and contributors.
    ctx = OrgContext(user=root, scope=scope, orgs=base_orgs(scope, year), period=year)
    by_org = coverage_by_org(ctx)
    at_end = memberships_on(year.as_of).exclude(organization__kind="committee")
    assert sum(n for _d, n in by_org.values()) == at_end.count()
    done = at_end.filter(
        member__in=Member.objects.filter(contributed_q(year.start, year.as_of))
    )
    assert sum(d for d, _n in by_org.values()) == done.count()

    # Participation: the statistics API and the report count the same items.
    stats = client.get(
        "/api/v1/participation/stats", {"start": "2025-01-01", "end": "2025-12-31"}
    ).json()
    p = report["participation"]
    for kind in ("suggestions", "proposals", "opinions", "research"):
        assert stats["kinds"][kind] == p[kind]["total"], kind
        assert {r["state"]: r["count"] for r in stats["states"][kind]} == p[kind][
            "states"
        ], kind
    assert stats["proposals_filed"] == p["proposals"]["filed"] == 1
    assert p["proposals"]["states"] == {"filed": 1, "submitted": 1}
    assert p["opinions"]["states"] == {"adopted": 1, "reported": 1}
    assert stats["totals"]["adoptions"] == p["adoptions"]["total"] == 2

    # 已立案 in the appraisal (points and the duty record) is the report's: a
    # proposal of 2025 filed in 2026 is not filed in 2025 there either.
    zhang = later.zhang
    assert measures._filed([zhang.pk], year).get(zhang.pk, 0) == 0
    record = duty_record(user=root, member=zhang, period=year)
    assert record.figures["proposals"] == 1
    assert record.figures["proposals_filed"] == 0
    # Adoptions by level: the statistics API and the report.
    assert {r["level"]: r["count"] for r in stats["adoptions_by_level"]} == p[
        "adoptions"
    ]["by_level"]

    # Organizations existing at the end: liaison coverage divides by them too.
    assert report["regulations"]["liaison"]["base_organizations"] == orgs
    # Members at the end: the structure table's total row (page and API).
    table = client.get("/api/v1/stats/structure", {"year": 2025}).json()
    (total_row,) = [r for r in table["rows"] if r["total_row"]]
    assert total_row["values"]["total"] == members
    assert report["overview"]["structure"]["total"] == members
    # Events: the culture section's kinds are the service section's events.
    held = report["service"]["events"]["by_kind"]
    for row in report["culture"]["by_kind"]:
        assert held.get(row["kind"], 0) == row["events"], row["kind"]
    # Work-plan tasks: each campaign's counts add up to the section's.
    tasks = report["campaigns"]["tasks"]
    for key in ("total", "done", "open", "overdue", "cancelled"):
        assert (
            sum(c["tasks"][key] for c in report["campaigns"]["campaigns"]) == tasks[key]
        ), key


def test_compute_all_is_the_same_with_the_contributors_sql_kept(
    later, people, monkeypatch
):
    """The contributors' subqueries compiled once and kept give every figure
    the ORM-built subqueries give, for each scope and period."""
    from django.db.models import Q

    from tongxin.orgs.models import Organization
    from tongxin.participation import selectors as ps

    def built(start, end, field="pk"):
        q = Q()
        for sub in ps._contributed_subqueries(start, end):
            q |= Q(**{f"{field}__in": sub})
        return q

    scopes = [resolve_scope()] + [
        resolve_scope(org=o) for o in Organization.objects.order_by("path")[:3]
    ]
    periods = [
        Period.for_year(2024),
        Period.for_year(2025),
        Period.between(D(2025, 3, 1), D(2025, 9, 30)),
        Period.for_year(timezone.localdate().year),
    ]
    kept = ps.contributed_q
    for scope in scopes:
        for period in periods:
            figures = compute_all(scope, period)
            monkeypatch.setattr(ps, "contributed_q", built)
            assert compute_all(scope, period) == figures, (scope, period)
            monkeypatch.setattr(ps, "contributed_q", kept)


def test_state_counts_kept_are_the_orm_built_counts(later, people):
    """The items counted by their state at the period's end from the kept SQL
    (participation.selectors.state_counts, what the dashboard's participation
    section reads) are the rows the ORM builds each time, for each kind,
    scope and period, including a subtree and an empty scope."""
    from tongxin.orgs.models import Organization
    from tongxin.participation import selectors as ps
    from tongxin.participation.models import KINDS

    def ordered(rows):
        return sorted(rows, key=lambda r: [str(v) for v in r.values()])

    scopes = [[""], []] + [[o.path] for o in Organization.objects.order_by("path")[:4]]
    periods = [
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 12, 31)),
        (D(2025, 3, 1), D(2025, 9, 30)),
        (None, None),
        (D(2026, 1, 1), timezone.localdate()),
    ]
    shapes = [((), None), (("kind",), "filed"), (("target_body",), None)]
    seen = 0
    for model in KINDS.values():
        for fields, filed in shapes:
            if fields and not hasattr(model, fields[0]):
                continue
            for paths in scopes:
                for start, end in periods:
                    kept = ps.state_counts(model, paths, start, end, fields, filed)
                    built = ps.state_counts_built(
                        model, paths, start, end, fields, filed
                    )
                    assert ordered(kept) == ordered(built), (model, paths, start)
                    seen += sum(r["n"] for r in kept)
    assert seen  # the committee's items were counted
    # The 2025 proposals: the one filed only in 2026 is not filed in 2025.
    rows = ps.state_counts(
        Proposal, [""], D(2025, 1, 1), D(2025, 12, 31), ("kind",), "filed"
    )
    assert sum(r["n"] for r in rows) > sum(r["filed"] for r in rows)
