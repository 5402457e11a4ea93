"""The talent pool: access, dated placements, the lifecycle, reviews, counts; UI and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tongxin.accounts.services import grant_role
from tongxin.talent import selectors, services
from tongxin.talent.models import Placement, Recommendation, ReserveEntry, Review

D = dt.date


@pytest.fixture
def pool(org, people, make_member):
    staff = people.staff
    a = make_member(org.edu1, "王内明")
    b = make_member(org.direct, "赵外亮", female=True)
    services.placement_add(by=staff, member=a, tier="key", start_on=D(2020, 1, 1))
    services.placement_add(by=staff, member=b, tier="reserve", start_on=D(2021, 3, 1))
    services.reserve_add(
        by=staff,
        member=b,
        organization=org.direct,
        post="主委",
        readiness="soon",
        start_on=D(2022, 1, 1),
    )
    return a, b


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- access ------------------------------------------------------------------------


def test_only_the_organization_department_and_leaders_see_the_pool(people, pool):
    a, b = pool
    on = D(2023, 1, 1)
    for user in (people.staff, people.leader):
        assert selectors.counts(user=user, on=on).total == 2
    for user in (people.head, people.member, people.outsider):
        assert selectors.counts(user=user, on=on).total == 0
        assert not selectors.reserve_list(user=user, on=on).exists()


def test_the_talent_reader_role_grants_reading_only(org, people, pool, root):
    a, _b = pool
    grant_role(by=root, user=people.head, role="talent_reader", organization=org.edu1)
    people.head.refresh_from_db()
    people.head.__dict__.pop("_tongxin_grants", None)
    names = {
        p.member.name for p in selectors.person_list(user=people.head, on=D(2023, 1, 1))
    }
    assert names == {"王内明"}
    with pytest.raises(PermissionDenied):
        services.step_add(by=people.head, member=a, kind="found", on=D(2023, 1, 1))


def test_pages_refuse_branch_heads_and_members(people, pool):
    a, _b = pool
    for user in (people.head, people.member):
        c = client_for(user)
        assert c.get(reverse("talent:index")).status_code == 403
        assert c.get(reverse("talent:reserve")).status_code == 403
        assert c.get(reverse("talent:person", args=[a.pk])).status_code == 404
        assert c.get("/api/v1/talent/counts").status_code == 403
        assert c.get(f"/api/v1/talent/people/{a.pk}").status_code == 404
    page = client_for(people.leader).get(reverse("talent:index"), {"on": "2023-01-01"})
    assert page.status_code == 200
    assert "王内明" in page.content.decode() and "赵外亮" in page.content.decode()


# --- placements --------------------------------------------------------------------


def test_an_overlapping_placement_is_refused_and_nothing_written(people, pool):
    a, _b = pool
    before = Placement.objects.count()
    with pytest.raises(ValidationError) as err:
        services.placement_add(
            by=people.staff, member=a, tier="leading", start_on=D(2022, 5, 1)
        )
    assert "重叠" in str(err.value)
    assert Placement.objects.count() == before


def test_a_closed_earlier_placement_does_not_block_a_later_one(
    people, make_member, org
):
    m = make_member(org.edu2, "钱多多")
    services.placement_add(
        by=people.staff,
        member=m,
        tier="backbone",
        start_on=D(2015, 1, 1),
        end_on=D(2016, 12, 31),
    )
    services.placement_add(
        by=people.staff, member=m, tier="key", start_on=D(2017, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.placement_add(
            by=people.staff,
            member=m,
            tier="key",
            start_on=D(2014, 1, 1),
            end_on=D(2015, 1, 1),
        )


def test_the_yearly_review_moves_people_with_dated_placements(people, pool):
    a, b = pool
    services.review_add(
        by=people.staff,
        member=a,
        year=2023,
        decision="up",
        reason="表现突出",
        reviewed_on=D(2023, 12, 20),
    )
    services.review_add(
        by=people.staff,
        member=b,
        year=2023,
        decision="remove",
        reason="工作调动",
        reviewed_on=D(2023, 12, 20),
    )
    rows = list(Placement.objects.filter(member=a).order_by("start_on"))
    assert [(p.tier, p.end_on) for p in rows] == [
        ("key", D(2023, 12, 19)),
        ("leading", None),
    ]
    before = selectors.counts(user=people.staff, on=D(2023, 12, 1))
    after = selectors.counts(user=people.staff, on=D(2024, 1, 1))
    assert dict((t, n) for t, _l, n in before.tiers) == {
        "leading": 0,
        "key": 1,
        "backbone": 0,
        "reserve": 1,
    }
    assert dict((t, n) for t, _l, n in after.tiers)["leading"] == 1
    assert after.total == 1
    with pytest.raises(ValidationError):
        services.review_add(
            by=people.staff,
            member=a,
            year=2024,
            decision="up",
            reason="再升",
            reviewed_on=D(2024, 12, 20),
        )
    assert Review.objects.count() == 2


def test_steps_trainings_recommendations_and_outcomes(people, pool):
    a, _b = pool
    s = people.staff
    services.step_add(by=s, member=a, kind="found", on=D(2019, 5, 1), note="座谈会发现")
    services.training_add(
        by=s,
        member=a,
        kind="secondment",
        title="挂职区教育局副局长",
        host="中山区教育局",
        start_on=D(2021, 1, 1),
        end_on=D(2021, 12, 31),
    )
    rec = services.recommendation_add(
        by=s,
        member=a,
        target="cppcc",
        position="市政协委员",
        recommended_on=D(2022, 6, 1),
    )
    with pytest.raises(ValidationError):
        services.recommendation_outcome(
            by=s, recommendation=rec, outcome="appointed", on=D(2021, 1, 1)
        )
    services.recommendation_outcome(
        by=s, recommendation=rec, outcome="appointed", on=D(2023, 1, 10)
    )
    f = selectors.person_file(user=people.leader, member=a)
    assert [x.kind for x in f.steps] == ["found"]
    assert f.trainings[0].kind == "secondment"
    assert f.recommendations[0].outcome == Recommendation.Outcome.APPOINTED


def test_counts_per_organization_and_roster(people, pool, org):
    c = selectors.counts(user=people.staff, on=D(2023, 1, 1))
    assert c.reserve == 1
    assert dict(c.organizations) == {"教育一支部": 1, "市直属第一支部": 1}
    assert "2" in c.summary and "1" in c.summary
    assert selectors.counts(user=people.staff, on=D(2021, 12, 31)).reserve == 0


# --- the web UI --------------------------------------------------------------------


def test_staff_add_records_through_the_person_page(people, pool, org):
    a, _b = pool
    c = client_for(people.staff)
    url = reverse("talent:add", args=[a.pk, "step"])
    r = c.post(url, {"step-kind": "assessed", "step-on": "2023-03-01"})
    assert r.status_code == 302
    r = c.post(
        reverse("talent:add", args=[a.pk, "placement"]),
        {"placement-tier": "leading", "placement-start_on": "2022-01-01"},
    )
    assert r.status_code == 400 and "重叠" in r.content.decode()
    r = c.post(
        reverse("talent:add", args=[a.pk, "reserve"]),
        {
            "reserve-organization": org.edu1.pk,
            "reserve-post": "支部主委",
            "reserve-readiness": "now",
            "reserve-start_on": "2023-02-01",
        },
    )
    assert r.status_code == 302
    assert ReserveEntry.objects.filter(member=a, post="支部主委").exists()
    page = c.get(reverse("talent:person", args=[a.pk]))
    assert "考察" in page.content.decode() and "支部主委" in page.content.decode()
    leader = client_for(people.leader)
    r = leader.post(url, {"step-kind": "trained", "step-on": "2023-03-01"})
    assert r.status_code == 403
    roster = leader.get(reverse("talent:reserve"), {"on": "2023-06-01"})
    assert "支部主委" in roster.content.decode()


def test_recommendation_outcome_page(people, pool):
    a, _b = pool
    rec = services.recommendation_add(
        by=people.staff,
        member=a,
        target="npc",
        position="区人大代表",
        recommended_on=D(2022, 1, 1),
    )
    c = client_for(people.staff)
    r = c.post(
        reverse("talent:outcome", args=[rec.pk]),
        {"outcome-outcome": "not_appointed", "outcome-on": "2022-06-01"},
    )
    assert r.status_code == 302
    rec.refresh_from_db()
    assert rec.outcome == "not_appointed"


# --- the API -----------------------------------------------------------------------


def test_api_counts_people_and_writes(people, pool, org):
    a, b = pool
    c = client_for(people.staff)
    counts = c.get("/api/v1/talent/counts", {"on": "2023-01-01"}).json()
    assert counts["total"] == 2 and counts["reserve"] == 1
    listed = c.get("/api/v1/talent/people", {"on": "2023-01-01", "tier": "key"}).json()
    assert [p["name"] for p in listed] == ["王内明"]
    r = c.post(
        f"/api/v1/talent/people/{a.pk}/placements",
        {"tier": "leading", "start_on": "2022-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "重叠" in r.json()["detail"]
    r = c.post(
        f"/api/v1/talent/people/{a.pk}/reviews",
        {
            "year": 2023,
            "decision": "down",
            "reason": "履职不足",
            "reviewed_on": "2023-12-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    assert [p["tier"] for p in r.json()["placements"]] == ["key", "backbone"]
    for path, body in (
        ("steps", {"kind": "used", "on": "2023-01-01"}),
        ("trainings", {"kind": "course", "title": "", "start_on": "2023-01-01"}),
    ):
        r = c.post(
            f"/api/v1/talent/people/{a.pk}/{path}",
            body,
            content_type="application/json",
        )
        assert r.status_code == 422
    r = c.post(
        f"/api/v1/talent/people/{a.pk}/recommendations",
        {"target": "party", "position": "市委会副主委", "recommended_on": "2023-05-01"},
        content_type="application/json",
    )
    rec_id = r.json()["recommendations"][0]["id"]
    r = c.post(
        f"/api/v1/talent/recommendations/{rec_id}/outcome",
        {"outcome": "appointed", "on": "2023-06-01"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["outcome"] == "appointed"
    r = c.post(
        f"/api/v1/talent/people/{a.pk}/reserve",
        {
            "organization": org.edu.pk,
            "post": "副主委",
            "readiness": "later",
            "start_on": "2023-01-01",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    reserve = c.get("/api/v1/talent/reserve", {"on": "2023-06-01"}).json()
    assert {e["post"] for e in reserve} == {"主委", "副主委"}
    leader = client_for(people.leader)
    r = leader.post(
        f"/api/v1/talent/people/{b.pk}/steps",
        {"kind": "found", "on": "2023-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 403


def test_reserve_entries_are_reviewed_and_removed_on_a_date(people, pool):
    _a, b = pool
    entry = ReserveEntry.objects.get(member=b)
    c = client_for(people.staff)
    r = c.post(
        reverse("talent:reserve_review", args=[entry.pk]),
        {"rr-readiness": "now", "rr-reviewed_on": "2023-11-30"},
    )
    assert r.status_code == 302
    entry.refresh_from_db()
    assert (entry.readiness, entry.reviewed_on) == ("now", D(2023, 11, 30))
    r = c.post(
        f"/api/v1/talent/reserve/{entry.pk}/review",
        {"readiness": "now", "reviewed_on": "2024-06-30", "remove": True},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["end_on"] == "2024-06-30"
    assert selectors.counts(user=people.staff, on=D(2024, 1, 1)).reserve == 1
    assert selectors.counts(user=people.staff, on=D(2024, 7, 1)).reserve == 0
    r = c.post(
        f"/api/v1/talent/reserve/{entry.pk}/review",
        {"readiness": "now", "reviewed_on": "2024-07-30"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "已移出" in r.json()["detail"]
    leader = client_for(people.leader)
    r = leader.post(
        reverse("talent:reserve_review", args=[entry.pk]),
        {"rr-readiness": "now", "rr-reviewed_on": "2023-11-30"},
    )
    assert r.status_code == 403


def test_the_member_page_links_to_the_talent_file_only_for_its_readers(people, pool):
    a, _b = pool
    url = reverse("members:detail", args=[a.pk])
    link = reverse("talent:person", args=[a.pk])
    assert link in client_for(people.staff).get(url).content.decode()
    page = client_for(people.head).get(url)
    assert page.status_code == 200 and link not in page.content.decode()
    assert reverse("lifecycle:member", args=[a.pk]) in page.content.decode()


def test_people_are_listed_by_tier_rank_then_name(people, pool, make_member, org):
    extra = make_member(org.edu2, "丁领军")
    services.placement_add(
        by=people.staff, member=extra, tier="leading", start_on=D(2020, 1, 1)
    )
    tiers = [p.tier for p in selectors.person_list(user=people.staff, on=D(2023, 1, 1))]
    assert tiers == ["leading", "key", "reserve"]
