"""The demo committee's duty records, points and scores are worth a look."""

import datetime as dt
import tempfile

import pytest
from django.core.management import call_command
from django.test import override_settings

from tongxin.accounts.models import User
from tongxin.appraisal import selectors
from tongxin.core.periods import Period
from tongxin.demo.builder import REF_DATE, build_demo
from tongxin.stats.scope import resolve_scope

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    media = tempfile.mkdtemp(prefix="tongxin-demo-media-")
    settings = override_settings(PASSWORD_HASHERS=[MD5_HASHER], MEDIA_ROOT=media)
    with django_db_blocker.unblock(), settings:
        try:
            yield build_demo(seed=2014)
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def year(demo, db):
    return Period.for_year(min(dt.date.today(), REF_DATE).year)


def test_the_member_login_has_a_year_of_duties(demo, db, year):
    login = User.objects.get(username="huiyuan")
    record = selectors.duty_record(user=login, member=login.member, period=year)
    f = record.figures
    assert f["suggestions"] >= 1 and f["adoptions_city"] >= 1
    assert f["honors_committee"] >= 1 and f["service_hours"] >= 4
    assert record.total >= 2 + 2 + 5 + 3 + 2


def test_rankings_and_scores_spread_out(demo, db, year):
    staff = User.objects.get(username="zuzhibu")
    scope = resolve_scope(user=staff)
    _rules, members = selectors.ranking(user=staff, scope=scope, period=year)
    _rules, orgs = selectors.org_scores(user=staff, scope=scope, period=year)
    assert len(members) > 1500
    assert sum(1 for r in members if r.total > 0) > len(members) / 3
    assert members[0].total > members[len(members) // 2].total
    assert len(orgs) > 50
    deducted = [r for r in orgs if any(x.points < 0 for x in r.lines)]
    assert deducted and orgs[-1].total < 0 < orgs[0].total
    used = {x.code for r in orgs for x in r.lines if x.units}
    assert {"org-events", "org-coverage", "org-adoptions", "org-poor-visits"} <= used
