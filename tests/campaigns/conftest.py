"""Fixtures of the campaign tests: a committee with posts, departments, staff
of three departments, and a campaign for 2014.

Besides ``people`` (tests/conftest.py): posts ``cmp.chair`` and two
vice-chairs on the committee, heads of edu1, edu2 and the direct branch;
departments ``cmp.dep`` (office, organization, publicity); users
``cmp.office`` (office staff), ``cmp.publicity`` (publicity staff) and
``cmp.owner`` (a leader who owns tasks).  ``cmp.campaign`` runs through 2014.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.activities.conftest import login_user
from tongxin.campaigns import services
from tongxin.orgs.services import department_create, post_assign

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


@pytest.fixture
def cmp(org, people, make_member):
    root = people.root

    def post(organization, name, title):
        member = make_member(organization, name)
        post_assign(
            organization=organization,
            member=member,
            title=title,
            start_on=dt.date(2012, 1, 1),
            by=root,
        )
        return member

    chair = post(org.city, "陈主委", "chair")
    vice1 = post(org.city, "王副主委", "vice_chair")
    vice2 = post(org.city, "李副主委", "vice_chair")
    heads = [
        post(org.edu1, "张一支", "head"),
        post(org.edu2, "赵二支", "head"),
        post(org.direct, "孙直属", "head"),
    ]
    post(org.city, "周委员", "committee_member")
    dep = SimpleNamespace(
        office=department_create(
            organization=org.city, kind="office", name="办公室", by=root
        ),
        organization=department_create(
            organization=org.city, kind="organization", name="组织部", by=root
        ),
        publicity=department_create(
            organization=org.city, kind="publicity", name="宣传部", by=root
        ),
    )
    campaign = services.campaign_create(
        by=root,
        organization=org.city,
        title="创先争优活动",
        start_on=dt.date(2014, 1, 1),
        end_on=dt.date(2014, 12, 31),
    )
    return SimpleNamespace(
        **vars(people),
        org=org,
        chair=chair,
        vices=[vice1, vice2],
        heads=heads,
        dep=dep,
        office=login_user("office", root=root, role="staff_office", node=org.city),
        publicity=login_user(
            "publicity", root=root, role="staff_publicity", node=org.city
        ),
        owner=login_user("owner", root=root, role="leader", node=org.city),
        campaign=campaign,
    )


@pytest.fixture
def make_task(cmp):
    def make(**fields):
        fields.setdefault("title", "召开动员大会")
        fields.setdefault("department", cmp.dep.office)
        fields.setdefault("due_on", dt.date(2014, 3, 31))
        fields.setdefault("month", "2014-03")
        return services.task_create(campaign=cmp.campaign, by=cmp.staff, **fields)

    return make


@pytest.fixture
def act_event(cmp):
    """An event of the committee, for evidence."""
    from django.utils import timezone

    from tongxin.activities import services as act

    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=3)
    return act.event_create(
        by=cmp.root,
        organization=cmp.org.city,
        title="动员大会",
        kind="seminar",
        start_at=start,
        end_at=start + dt.timedelta(hours=2),
    )
