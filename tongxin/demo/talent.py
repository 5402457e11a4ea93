"""The demo committee's talent pool: 151 representative persons in four tiers and
a reserve roster of 54 for leadership teams, as in the 2014 work report.

156 members are placed from 2012 on; the last yearly review moves a few up
or down and removes five, leaving 151 in the pool.  Written through the
talent services, deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from tongxin.accounts.models import User
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.talent import services
from tongxin.talent.models import TIER_ORDER

PLACED = 156
REMOVED = 5
RESERVE = 54
#: Initial tiers, highest first (sums to PLACED).
TIER_SIZES = [12, 30, 52, 62]
POSTS = ["主委", "副主委", "委员"]
STEPS = ["found", "assessed", "trained", "recommended", "appointed"]


def build_talent(*, rng: random.Random, ref: dt.date) -> dict[str, int]:
    """Build the demo talent pool through the services, audited as one event.

    Each row keeps its history; the audit trail gets one summary event, as
    bulk imports do (``one_event_per_batch``).
    """
    from tongxin.audit.services import audit_record, one_event_per_batch

    with one_event_per_batch():
        counts = _build_talent(rng=rng, ref=ref)
    audit_record(
        action="import", object_type="demo", detail={"what": "talent pool", **counts}
    )
    return counts


def _build_talent(*, rng: random.Random, ref: dt.date) -> dict[str, int]:
    """Fill the pool and the roster; return the counts on ``ref``."""
    by = User.objects.filter(is_superuser=True).order_by("pk").first()
    members = list(
        Member.objects.filter(
            status=Member.Status.ACTIVE, joined_on__lt=dt.date(2012, 1, 1)
        )
        .select_related("organization")
        .order_by("pk")
    )
    chosen = rng.sample(members, PLACED)
    tiers = [t for t, n in zip(TIER_ORDER, TIER_SIZES, strict=True) for _ in range(n)]
    review_on = dt.date(ref.year - 1, 12, 15)
    for index, (member, tier) in enumerate(zip(chosen, tiers, strict=True)):
        start = dt.date(2012 + index % 8, 1 + index % 12, 1)
        services.placement_add(by=by, member=member, tier=tier, start_on=start)
        for k, kind in enumerate(STEPS[: 4 if index % 10 == 0 else 1]):
            services.step_add(
                by=by, member=member, kind=kind, on=start + dt.timedelta(days=90 * k)
            )
        if index % 9 == 0:
            services.training_add(
                by=by,
                member=member,
                kind="secondment" if index % 2 else "course",
                title="挂职锻炼" if index % 2 else "代表人士理论研修班",
                host="市委统战部",
                start_on=start + dt.timedelta(days=200),
                end_on=start + dt.timedelta(days=380),
            )
        if index % 13 == 0:
            rec = services.recommendation_add(
                by=by,
                member=member,
                target="cppcc" if index % 2 else "npc",
                position="市政协委员" if index % 2 else "区人大代表",
                recommended_on=start + dt.timedelta(days=400),
            )
            if index % 26 == 0:
                services.recommendation_outcome(
                    by=by,
                    recommendation=rec,
                    outcome="appointed",
                    on=rec.recommended_on + dt.timedelta(days=120),
                )
    # The last yearly review: four 重点 move up, three 骨干 move down, five 后备
    # leave the pool, ten are kept; 151 remain.
    bounds = dict(zip(TIER_ORDER, itertools.accumulate([0, *TIER_SIZES]), strict=False))
    plan = (
        [(bounds[TIER_ORDER[1]] + i, "up", "履职突出，升档") for i in range(4)]
        + [(bounds[TIER_ORDER[2]] + i, "down", "参与度下降，降档") for i in range(3)]
        + [(PLACED - 1 - i, "remove", "工作调动，退出人才库") for i in range(REMOVED)]
        + [(i, "keep", "称职") for i in range(10)]
    )
    removed = set()
    for index, decision, reason in plan:
        services.review_add(
            by=by,
            member=chosen[index],
            year=review_on.year,
            decision=decision,
            reason=reason,
            reviewed_on=review_on,
        )
        if decision == "remove":
            removed.add(index)
    kept = [m for i, m in enumerate(chosen) if i not in removed]
    teams = list(
        Organization.objects.filter(closed_on__isnull=True, depth__lte=1).order_by(
            "path"
        )
    )
    for index, member in enumerate(kept[:RESERVE]):
        team = teams[index % len(teams)]
        services.reserve_add(
            by=by,
            member=member,
            organization=team,
            post=POSTS[index % len(POSTS)],
            readiness=["now", "soon", "later"][index % 3],
            start_on=dt.date(2013 + index % 6, 3, 1),
            reviewed_on=dt.date(ref.year - 1, 11, 30),
        )
    from tongxin.talent.selectors import counts

    c = counts(user=by, on=ref)
    return {"total": c.total, "reserve": c.reserve}
