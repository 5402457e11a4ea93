"""The permission matrix of the talent pool (代表人物队伍) and the reserve roster.

Only the organization department (``staff``) and the leadership
(``leader``) see the pool; only the organization department keeps it.
Branch heads, members, the office and the administrators see nothing: the
lists answer 403, a person 404.  Targets are the members ``inside`` (edu1)
and ``outside`` (the direct branch), placed in the pool on first use.
"""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import ANY, LIST, Call, Entry, api, form, page

READERS = frozenset({"staff", "leader"})
KEEPERS = frozenset({"staff"})
OBJECT = ("inside", "outside")
V1 = "/api/v1/talent"


def _placed(w, t):
    """Return the target's member, in the pool since 2020 (placed once)."""
    from tongxin.talent import services
    from tongxin.talent.models import Placement

    member = w.members[t]
    if not Placement.objects.filter(member=member).exists():
        services.placement_add(
            by=w.root, member=member, tier="key", start_on=dt.date(2020, 1, 1)
        )
        services.reserve_add(
            by=w.root,
            member=member,
            organization=member.organization,
            post="主委",
            readiness="soon",
            start_on=dt.date(2020, 1, 1),
        )
    return member


def _rec(w, t):
    from tongxin.talent import services

    return services.recommendation_add(
        by=w.root,
        member=_placed(w, t),
        target="cppcc",
        position=f"市政协委员{t}",
        recommended_on=dt.date(2022, 1, 1),
    )


def _entry(w, t):
    from tongxin.talent.models import ReserveEntry

    return ReserveEntry.objects.get(member=_placed(w, t), end_on__isnull=True)


def _both(w, t):
    _placed(w, "inside")
    _placed(w, "outside")


NAMES = lambda w: {t: w.members[t].name for t in OBJECT}  # noqa: E731
GATE = page(view=READERS, gate=True)
API_GATE = api(view=READERS, gate=True)
WRITE = form(view=READERS, act=KEEPERS)
API_WRITE = api(view=READERS, act=KEEPERS, ok=201, writes=True)


def _index(w, t, c):
    _both(w, t)
    return Call("/talent/", {"on": "2023-01-01"})


def _reserve(w, t, c):
    _both(w, t)
    return Call("/talent/reserve/", {"on": "2023-01-01"})


def _api_list(path):
    def build(w, t, c):
        _both(w, t)
        return Call(f"{V1}/{path}", {"on": "2023-01-01"})

    return build


def _person_post(path, body):
    def build(w, t, c):
        return Call(f"{V1}/people/{_placed(w, t).pk}/{path}", json=body)

    return build


ENTRIES: list[Entry] = [
    Entry("talent:index", "GET", LIST, _index, GATE, markers=NAMES),
    Entry("talent:reserve", "GET", LIST, _reserve, GATE, markers=NAMES),
    Entry(
        "talent:person",
        "GET",
        OBJECT,
        lambda w, t, c: Call(f"/talent/people/{_placed(w, t).pk}/"),
        page(view=READERS),
    ),
    Entry(
        "talent:add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"/talent/people/{_placed(w, t).pk}/add/step/",
            {"step-kind": "assessed", "step-on": "2023-03-01"},
        ),
        WRITE,
    ),
    Entry(
        "talent:outcome",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"/talent/recommendations/{_rec(w, t).pk}/outcome/",
            {"outcome-outcome": "appointed", "outcome-on": "2023-01-01"},
        ),
        WRITE,
    ),
    Entry(
        "talent:reserve_review",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"/talent/reserve/{_entry(w, t).pk}/review/",
            {"rr-readiness": "now", "rr-reviewed_on": "2023-01-01"},
        ),
        WRITE,
    ),
    Entry(
        f"POST {V1}/reserve/{{entry_id}}/review",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/reserve/{_entry(w, t).pk}/review",
            json={"readiness": "later", "reviewed_on": "2023-01-01"},
        ),
        api(view=READERS, act=KEEPERS, writes=True),
    ),
    Entry(
        f"GET {V1}/counts",
        "GET",
        ANY,
        _api_list("counts"),
        API_GATE,
    ),
    Entry(
        f"GET {V1}/people", "GET", LIST, _api_list("people"), API_GATE, markers=NAMES
    ),
    Entry(
        f"GET {V1}/reserve", "GET", LIST, _api_list("reserve"), API_GATE, markers=NAMES
    ),
    Entry(
        f"GET {V1}/people/{{member_id}}",
        "GET",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/people/{_placed(w, t).pk}"),
        api(view=READERS),
    ),
    Entry(
        f"POST {V1}/people/{{member_id}}/placements",
        "POST",
        OBJECT,
        _person_post(
            "placements",
            {"tier": "leading", "start_on": "2010-01-01", "end_on": "2010-12-31"},
        ),
        API_WRITE,
    ),
    Entry(
        f"POST {V1}/people/{{member_id}}/steps",
        "POST",
        OBJECT,
        _person_post("steps", {"kind": "found", "on": "2019-01-01"}),
        API_WRITE,
    ),
    Entry(
        f"POST {V1}/people/{{member_id}}/trainings",
        "POST",
        OBJECT,
        _person_post(
            "trainings",
            {"kind": "course", "title": "理论研修班", "start_on": "2021-01-01"},
        ),
        API_WRITE,
    ),
    Entry(
        f"POST {V1}/people/{{member_id}}/recommendations",
        "POST",
        OBJECT,
        _person_post(
            "recommendations",
            {"target": "npc", "position": "区人大代表", "recommended_on": "2022-01-01"},
        ),
        API_WRITE,
    ),
    Entry(
        f"POST {V1}/people/{{member_id}}/reviews",
        "POST",
        OBJECT,
        _person_post(
            "reviews",
            {
                "year": 2023,
                "decision": "keep",
                "reason": "称职",
                "reviewed_on": "2023-12-01",
            },
        ),
        API_WRITE,
    ),
    Entry(
        f"POST {V1}/people/{{member_id}}/reserve",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/people/{_placed(w, t).pk}/reserve",
            json={
                "organization": w.members[t].organization_id,
                "post": "副主委",
                "readiness": "now",
                "start_on": "2023-01-01",
            },
        ),
        API_WRITE,
    ),
    Entry(
        f"POST {V1}/recommendations/{{recommendation_id}}/outcome",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/recommendations/{_rec(w, t).pk}/outcome",
            json={"outcome": "not_appointed", "on": "2023-01-01"},
        ),
        api(view=READERS, act=KEEPERS, writes=True),
    ),
]
