"""The demo committee's honors, campaign, inspections, liaison and regulations."""

import datetime as dt
import tempfile

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from tongxin.campaigns.models import Campaign, LiaisonAssignment, Regulation, Task
from tongxin.campaigns.selectors import coverage, goal_progress, overdue_tasks
from tongxin.demo.builder import REF_DATE, build_demo
from tongxin.honors.models import Honor
from tongxin.honors.selectors import honor_counts

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    media = tempfile.mkdtemp(prefix="tongxin-demo-media-")
    settings = override_settings(PASSWORD_HASHERS=[MD5_HASHER], MEDIA_ROOT=media)
    with django_db_blocker.unblock(), settings:
        yield build_demo(seed=2014)
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def staff(demo, db):
    from tongxin.accounts.models import User

    return User.objects.get(username="zuzhibu")


def test_honors_at_every_level_and_one_to_56_members(demo, db, staff):
    levels = {c.key for c in honor_counts(user=staff, by="level")}
    assert levels == {"national", "provincial", "city", "committee"}
    sizes = Honor.objects.annotate(n=Count("recipients")).values_list("n", flat=True)
    assert 56 in sizes


def test_the_campaign_has_a_group_goals_documents_and_a_year_of_tasks(demo, db, staff):
    ref = min(timezone.localdate(), REF_DATE)
    campaign = Campaign.objects.get()
    roles = list(campaign.group.values_list("role", flat=True))
    assert roles.count("leader") == 1 and roles.count("deputy") >= 2
    assert roles.count("member") > 50
    assert campaign.documents.count() == 2
    months = {t.month.month for t in campaign.tasks.all()}
    assert months == set(range(1, 13))
    done = campaign.tasks.filter(status=Task.Status.DONE)
    assert done.exists() and all(t.evidence.exists() for t in done)
    if ref.month > 2:
        assert overdue_tasks(user=staff, today=ref).exists()
    from tongxin.notifications.models import Notification

    assert Notification.objects.filter(user=staff, read_at__isnull=True).exists()
    progress = goal_progress(campaign=campaign)
    assert any(p.met for p in progress) and not all(p.met for p in progress)


def test_inspections_cover_most_base_organizations_since_october(demo, db, staff):
    ref = min(timezone.localdate(), REF_DATE)
    since = dt.date(ref.year - 1, 10, 1)
    result = coverage(user=staff, start=since, end=ref)
    assert result.total > 90
    assert 0 < len(result.not_visited) <= 5


def test_liaison_and_regulations(demo, db):
    assert LiaisonAssignment.objects.filter(kind="leader").exists()
    assert LiaisonAssignment.objects.filter(kind="department").exists()
    assert Regulation.objects.count() == 12
    statuses = set(Regulation.objects.values_list("status", flat=True))
    assert statuses == {"in_force", "revised", "repealed"}
