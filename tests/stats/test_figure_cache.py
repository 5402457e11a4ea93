"""The dashboard's figures are kept between requests and dropped by any write
(tongxin/stats/figcache.py): what is served from the cache always equals what
``compute_all`` counts from the rows at that moment.

These tests commit (``transaction=True``): the cache only keeps figures
counted outside a transaction that has written.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from tongxin.members.models import Member
from tongxin.stats import figcache, selectors
from tongxin.stats.figures import compute_all

commits = pytest.mark.django_db(transaction=True)


def choice_of(user):
    year = str(dt.date.today().year)
    return selectors.choose(user=user, params={"org": "C", "year": year})


def counted(choice) -> dict:
    return compute_all(choice.scope, choice.period)


def members_end(figures: dict) -> int:
    return figures["overview"]["members"]["end"]


@commits
def test_kept_figures_equal_the_counted_ones_and_cost_no_query(
    people, org, django_assert_num_queries
):
    choice = choice_of(people.staff)
    first = selectors.figures(choice=choice)
    assert first == counted(choice)
    with django_assert_num_queries(0):
        again = selectors.figures(choice=choice)
    assert again == first
    # A section asked alone (the API) comes from the same entries.
    with django_assert_num_queries(0):
        part = selectors.figures(choice=choice, sections=["overview"])
    assert part["overview"] == first["overview"]


@commits
def test_a_new_member_is_counted_on_the_next_read(people, org, make_member):
    choice = choice_of(people.staff)
    before = selectors.figures(choice=choice)
    make_member(org.edu1, "陈新", joined_on=dt.date(2010, 1, 1))
    after = selectors.figures(choice=choice)
    assert members_end(after) == members_end(before) + 1
    assert after == counted(choice)


@commits
def test_a_queryset_update_without_signals_drops_them(people, org):
    choice = choice_of(people.staff)
    selectors.figures(choice=choice)
    generation = cache.get(figcache.GENERATION)
    assert generation is not None
    Member.objects.filter(pk=people.member_record.pk).update(name="李晓梅")
    assert cache.get(figcache.GENERATION) != generation


@commits
def test_inside_a_writing_transaction_the_figures_are_counted_not_kept(
    people, org, make_member
):
    choice = choice_of(people.staff)
    before = selectors.figures(choice=choice)
    with transaction.atomic():
        make_member(org.edu1, "陈新", joined_on=dt.date(2010, 1, 1))
        assert figcache.in_written_transaction(connection)
        inside = selectors.figures(choice=choice)
        assert members_end(inside) == members_end(before) + 1
        assert inside == counted(choice)
    assert not figcache.in_written_transaction(connection)
    assert selectors.figures(choice=choice) == inside == counted(choice)


@commits
def test_a_rolled_back_write_leaves_the_figures_as_they_were(people, org, make_member):
    choice = choice_of(people.staff)
    before = selectors.figures(choice=choice)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        make_member(org.edu1, "陈新", joined_on=dt.date(2010, 1, 1))
        assert members_end(selectors.figures(choice=choice)) == members_end(before) + 1
        raise Undo
    assert selectors.figures(choice=choice) == before == counted(choice)


@commits
def test_a_write_inside_a_savepoint_rolled_back_keeps_the_outer_write_seen(
    people, org, make_member
):
    choice = choice_of(people.staff)
    before = selectors.figures(choice=choice)
    with transaction.atomic():
        make_member(org.edu1, "陈新", joined_on=dt.date(2010, 1, 1))
        try:
            with transaction.atomic():
                make_member(org.edu1, "陈旧", joined_on=dt.date(2010, 1, 1))
                raise ValueError
        except ValueError:
            pass
        # The outer write is still pending: the figures are still counted.
        assert figcache.in_written_transaction(connection)
        assert members_end(selectors.figures(choice=choice)) == members_end(before) + 1
    assert members_end(selectors.figures(choice=choice)) == members_end(before) + 1


@commits
def test_sessions_do_not_drop_them(people, org):
    c = Client()
    c.force_login(people.staff)  # the user's last login is a write: it drops them
    choice = choice_of(people.staff)
    kept = selectors.figures(choice=choice)
    generation = cache.get(figcache.GENERATION)
    session = c.session
    session["seen"] = 1
    session.save()
    assert cache.get(figcache.GENERATION) == generation
    assert selectors.figures(choice=choice) == kept


@commits
def test_the_dashboard_serves_kept_figures_and_a_change_on_the_next_view(
    people, org, make_member
):
    c = Client()
    c.force_login(people.staff)
    year = str(dt.date.today().year)
    first = c.get("/stats/", {"org": "C", "year": year})
    assert first.status_code == 200
    again = c.get("/stats/", {"org": "C", "year": year})
    assert again.context["sections"] == first.context["sections"]
    shown = {r["key"]: r["value"] for r in first.context["sections"][0]["rows"]}
    make_member(org.edu1, "陈新", joined_on=dt.date(2010, 1, 1))
    after = c.get("/stats/", {"org": "C", "year": year})
    now = {r["key"]: r["value"] for r in after.context["sections"][0]["rows"]}
    assert now["members.end"] == shown["members.end"] + 1


@pytest.mark.parametrize(
    ("sql", "drops"),
    [
        ('INSERT INTO "members_member" ("name") VALUES (%s)', True),
        ('UPDATE "orgs_organization" SET "name" = %s', True),
        ('DELETE FROM "activities_attendance" WHERE id = 1', True),
        ('COPY "members_member" ("name") FROM STDIN', True),
        ('INSERT OR IGNORE INTO "honors_honor" VALUES (1)', True),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" VALUES (1)', False),
        ('UPDATE "notifications_notification" SET "read_at" = %s', False),
        ('SELECT * FROM "members_member"', False),
        ("SAVEPOINT s1", False),
    ],
)
def test_which_statements_drop_them(sql, drops):
    assert figcache.writes(sql) is drops
