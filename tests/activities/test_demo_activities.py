"""The demo committee's activities: modelled on the 2014 work report, built
through the services, and consistent."""

import datetime as dt
import tempfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from tongxin.activities import selectors
from tongxin.activities.models import (
    Attendance,
    Donation,
    Event,
    Photo,
    Program,
    ProgramBase,
    Series,
    ServiceResult,
    Signup,
)
from tongxin.demo.builder import build_demo

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    media = tempfile.mkdtemp(prefix="tongxin-demo-media-")
    settings = override_settings(PASSWORD_HASHERS=[MD5_HASHER], MEDIA_ROOT=media)
    with django_db_blocker.unblock(), settings:
        try:
            yield build_demo(seed=2014).activities
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def staff(demo, db):
    from tongxin.accounts.models import User

    return User.objects.get(username="zuzhibu")


def test_it_summarizes(demo, db):
    assert demo.seconds > 0
    text = demo.format()
    assert "活动" in text and "历史照片" in text


def test_the_walking_festival(demo, db, staff):
    series = Series.objects.get(name="大连国际徒步大会")
    eleventh = Event.objects.get(series=series, edition=11)
    assert timezone.localtime(eleventh.start_at).date() == dt.date(2013, 5, 19)
    assert eleventh.attendances.count() > 400
    editions = selectors.series_editions(user=staff, series=series)
    assert [e.event.edition for e in editions][:8] == list(range(4, 12))
    by_2013 = selectors.streak_of(e.year for e in editions if e.year <= 2013)
    assert (by_2013.current, by_2013.current_from) == (8, 2006)
    assert not any(e.year in (2020, 2021, 2022) for e in editions)
    assert max(e.participants for e in editions) >= 400


def test_yearly_series_and_other_events(demo, db):
    cup = Series.objects.get(short_name="同心杯")
    assert Event.objects.filter(series=cup).count() >= 12
    for kind in ("lecture", "forum", "study", "consultation", "seminar"):
        assert Event.objects.filter(kind=kind).exists(), kind
    assert Event.objects.exclude(organization__code="DL").count() > 50


def test_teaching_program(demo, db):
    teaching = Program.objects.get(name="同心·支教")
    summary = selectors.program_summary(program=teaching)
    years = [t.year for t in summary.years]
    assert years[:8] == list(range(2007, 2015))
    assert selectors.streak_of(y for y in years if y <= 2014).current == 8
    base = ProgramBase.objects.get(program=teaching)
    assert base.plaque_on == dt.date(2014, 4, 18)
    y2014 = next(t for t in summary.years if t.year == 2014)
    assert y2014.goods >= Decimal("10000")
    assert y2014.beneficiaries > 250


def test_medical_visits_tree_planting_and_counselling(demo, db):
    medical = selectors.program_summary(program=Program.objects.get(name="送医送药"))
    assert [t.year for t in medical.years][:2] == [2013, 2014]
    assert next(t for t in medical.years if t.year == 2014).goods >= Decimal("20000")
    assert ServiceResult.objects.filter(item="建立健康档案").exists()
    greening = Program.objects.get(name="同心·筑绿")
    assert greening.organization.name == "沙河口区基层委员会"
    planted = [t.year for t in selectors.program_summary(program=greening).years]
    assert planted[:3] == [2012, 2013, 2014]
    counselling = selectors.program_summary(
        program=Program.objects.get(name="高考中考义务咨询")
    )
    assert 880 <= counselling.years[0].beneficiaries <= 1050
    assert Donation.objects.filter(value__lt=0).count() == 0


def test_the_award_fund_never_goes_negative(demo, db):
    from tongxin.activities.models import Fund

    fund = Fund.objects.get()
    years = selectors.fund_years(fund=fund)
    assert years[0].year == 2012 and years[0].money_in == Decimal("300000.00")
    assert all(y.balance >= 0 for y in years)
    assert demo.fund_balance == years[-1].balance


def test_upcoming_events_take_signups_with_a_waiting_list(demo, db):
    from tongxin.accounts.models import User

    upcoming = Event.objects.filter(start_at__gt=timezone.now())
    assert upcoming.count() == 4
    cup = upcoming.get(kind="sports")
    assert cup.signups.filter(status=Signup.Status.CONFIRMED).count() == cup.capacity
    assert cup.signups.filter(status=Signup.Status.WAITING).count() > 0
    member = User.objects.get(username="huiyuan")
    assert Signup.objects.filter(member=member.member_id, event=cup).exists()
    head = User.objects.get(username="zhibu")
    branch = upcoming.get(kind="seminar")
    assert selectors.event_list(user=head).filter(pk=branch.pk).exists()
    # The login member's branch visit is full: they are first on its waiting
    # list, and 我的 shows both sign-ups.
    visit = upcoming.get(kind="other")
    assert visit.organization_id == member.member.organization_id
    waiting = Signup.objects.get(member=member.member_id, event=visit)
    assert selectors.waiting_position(signup=waiting) == 1
    rows = {r.event.pk: r for r in selectors.upcoming_for_member(user=member)}
    assert rows[visit.pk].position == 1 and rows[cup.pk].signed_up


def test_attendance_is_by_members_who_were_members(demo, db):
    late = Attendance.objects.filter(attended_on__lt=F("member__joined_on"))
    assert not late.exists()
    assert Attendance.objects.count() > 10_000


def test_the_history_wall(demo, db, staff):
    assert Photo.objects.count() >= 15
    index = selectors.photo_index(user=staff)
    decades = [d.decade for d in index]
    assert decades[0] == 2020 and 1950 in decades
    linked = Photo.objects.get(caption__startswith="第十一届大连国际徒步大会")
    assert linked.event.edition == 11
