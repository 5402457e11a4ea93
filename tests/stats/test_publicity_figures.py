"""The publicity section of the statistics: articles by column and outlet,
journal issues, broadcasts and delivery outcomes, subscriptions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.publicity.conftest import pub  # noqa: F401 (the publicity fixture)
from tongxin.core.periods import Period
from tongxin.publicity import services
from tongxin.publicity.models import Delivery
from tongxin.stats.figures import SECTIONS, compute_section, drill, section
from tongxin.stats.scope import Scope


@pytest.fixture
def data(pub, django_capture_on_commit_callbacks):  # noqa: F811
    xj = services.column_save(
        by=pub.publicity, name="先进典型", slug="xianjin", is_public=True, order=1
    )
    cx = services.column_save(
        by=pub.publicity, name="创先争优专栏", slug="chuangxian", order=2
    )
    issue = services.issue_create(
        by=pub.publicity, year=2025, number=1, published_on=dt.date(2025, 3, 1)
    )
    services.issue_create(
        by=pub.publicity, year=2024, number=4, published_on=dt.date(2024, 12, 1)
    )

    def art(title, column, org, authors, outlets):
        a = services.article_create(
            by=pub.publicity,
            title=title,
            column=column,
            organization=org,
            authors=authors,
            submit=True,
        )
        services.article_transition(by=pub.publicity, article=a, action="review")
        for outlet, day in outlets:
            services.article_publish(
                by=pub.publicity,
                article=a,
                outlet=outlet,
                issue=issue if outlet == "journal" else None,
                published_on=day,
            )
        return a

    art(
        "甲",
        xj,
        pub.org.edu1,
        [pub.zhang],
        [("journal", None), ("website", dt.date(2025, 3, 5))],
    )
    art("乙", cx, pub.org.edu1, [pub.wang], [("website", dt.date(2025, 5, 1))])
    art("丙", xj, pub.org.direct, [pub.zhao], [("website", dt.date(2025, 6, 1))])
    art("丁", xj, pub.org.edu1, [pub.zhang], [("website", dt.date(2024, 6, 1))])
    with django_capture_on_commit_callbacks(execute=False):
        b = services.broadcast_create(
            by=pub.publicity,
            title="通知",
            body="周六学习",
            send_sms=True,
            send_email=False,
            organization=pub.org.edu1,
        )
    b.deliveries.filter(member=pub.zhang).update(status=Delivery.Status.SENT)
    b.deliveries.filter(member=pub.wang).update(
        status=Delivery.Status.FAILED, reason="空号"
    )
    services.subscription_set(
        by=pub.publicity, organization=pub.org.edu1, year=2025, copies=12
    )
    services.subscription_set(
        by=pub.publicity, organization=pub.org.direct, year=2025, copies=5
    )
    return pub


def _period(year=2025):
    return Period.for_year(year, today=dt.date(2026, 11, 1))


def test_the_section_is_registered_and_titled():
    assert "publicity" in SECTIONS
    assert str(section("publicity").TITLE) == "宣传工作"


def test_figures_for_the_whole_committee(data):
    year = dt.date.today().year
    f = compute_section("publicity", Scope(("",)), _period())
    assert f["articles"]["total"] == 3
    assert f["articles"]["by_column"] == [
        {"key": "xianjin", "name": "先进典型", "count": 2},
        {"key": "chuangxian", "name": "创先争优专栏", "count": 1},
    ]
    assert f["publications"]["by_outlet"] == {"journal": 1, "website": 3, "other": 0}
    assert f["journal"]["issues"] == 1
    assert f["journal"]["list"][0]["label"] == "2025年第1期"
    assert f["journal"]["list"][0]["articles"] == 1
    assert f["subscriptions"] == {"copies": 17, "organizations": 2}
    # Broadcasts are counted in the year they were sent (this year).
    now = compute_section("publicity", Scope(("",)), Period.for_year(year))
    assert now["broadcasts"]["total"] == 1
    assert now["broadcasts"]["deliveries"]["sent"] == 1
    assert now["broadcasts"]["deliveries"]["failed"] == 1


def test_figures_for_one_branch_and_their_drills_agree(data):
    scope = Scope((data.org.edu1.path,), data.org.edu1)
    f = compute_section("publicity", scope, _period())
    assert f["articles"]["total"] == 2
    assert f["subscriptions"]["copies"] == 12
    d = drill("publicity", scope, _period(), "articles.total")
    assert len(d.rows) == f["articles"]["total"]
    assert sorted(r[2] for r in d.rows) == ["乙", "甲"]
    d = drill("publicity", scope, _period(), "articles.by_column.xianjin")
    assert [r[2] for r in d.rows] == ["甲"]
    d = drill("publicity", scope, _period(), "publications.by_outlet.website")
    assert len(d.rows) == f["publications"]["by_outlet"]["website"] == 2
    d = drill("publicity", scope, _period(), "journal.issues")
    assert d.rows[0][0] == "2025年第1期" and d.rows[0][2] == 1
    d = drill("publicity", scope, _period(), "subscriptions.copies")
    assert d.rows == [["教育一支部", 12]]
    now = Period.for_year(dt.date.today().year)
    d = drill("publicity", scope, now, "broadcasts.deliveries.failed")
    assert [r[1] for r in d.rows] == ["王芳"] and d.rows[0][3] == "空号"
    with pytest.raises(KeyError):
        drill("publicity", scope, _period(), "articles.nonsense")
