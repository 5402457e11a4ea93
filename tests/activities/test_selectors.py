"""Reads: who sees which events, streaks computed from records, yearly counts by
subtree, a member's attended events, and the photo archive's decades."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.activities.conftest import jpeg_bytes
from tongxin.activities import selectors, services
from tongxin.activities.models import Event
from tongxin.activities.selectors import Streak, streak_of


@pytest.mark.parametrize(
    ("years", "current", "current_from", "longest"),
    [
        ([], 0, None, 0),
        ([2013], 1, 2013, 1),
        ([2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014], 8, 2007, 8),
        ([2005, 2006, 2007, 2010, 2011], 2, 2010, 3),
        ([2014, 2012, 2013, 2013, 2012], 3, 2012, 3),
    ],
)
def test_streak_of_years(years, current, current_from, longest):
    s = streak_of(years)
    assert (s.current, s.current_from, s.longest) == (current, current_from, longest)
    assert s.total == len(set(years))
    assert s.last_year == (max(years) if years else None)


def test_an_empty_streak():
    assert streak_of([]) == Streak()


def _past_event(act, org, year, *, by=None, series=None, edition=None, title=None):
    start = timezone.make_aware(dt.datetime(year, 5, 19, 8, 0))
    return services.event_create(
        by=by or act.staff,
        organization=org,
        title=title or f"{year}年活动",
        kind="walking",
        start_at=start,
        end_at=start + dt.timedelta(hours=4),
        series=series,
        edition=edition,
    )


@pytest.fixture
def festival(act):
    """Editions 4-11 (2006-2013) and 13 (2015) of a walking festival.

    张传吉 walked 2006-2013 and 2015; 王芳 2012-2013; 赵明 (direct branch) 2013.
    """
    series = services.series_create(
        by=act.staff, organization=act.org.city, name="大连国际徒步大会", kind="walking"
    )
    events = {}
    for edition, year in [
        *zip(range(4, 12), range(2006, 2014), strict=True),
        (13, 2015),
    ]:
        events[year] = _past_event(
            act, act.org.city, year, series=series, edition=edition,
            title=f"第{edition}届大连国际徒步大会",
        )  # fmt: skip
        walkers = [act.zhang_record]
        if 2012 <= year <= 2013:
            walkers.append(act.wang_record)
        if year == 2013:
            walkers.append(act.zhao_record)
        services.attendance_import(event=events[year], members=walkers, by=act.staff)
    return series, events


def test_series_editions_participants_and_streaks(act, festival):
    series, _events = festival
    editions = selectors.series_editions(user=act.staff, series=series)
    assert [e.event.edition for e in editions] == [4, 5, 6, 7, 8, 9, 10, 11, 13]
    assert [e.participants for e in editions][-3:] == [2, 3, 1]
    streak = selectors.series_streak(editions=editions)
    assert (streak.longest, streak.current, streak.last_year) == (8, 1, 2015)
    zhang = selectors.member_series_streak(series=series, member=act.zhang_record)
    assert (zhang.longest, zhang.current, zhang.total) == (8, 1, 9)
    wang = selectors.member_series_streak(series=series, member=act.wang_record)
    assert (wang.current, wang.current_from, wang.last_year) == (2, 2012, 2013)


def test_loyal_members_are_those_the_user_may_see(act, festival):
    series, _events = festival
    staff = selectors.series_loyal_members(user=act.staff, series=series)
    assert [m.name for m, _s in staff][:1] == ["张传吉"]
    assert {m.name for m, _s in staff} == {"张传吉", "王芳", "赵明"}
    head = selectors.series_loyal_members(user=act.head, series=series)
    assert {m.name for m, _s in head} == {"张传吉", "王芳"}
    assert selectors.series_loyal_members(user=act.outsider, series=series) == []


def test_attendance_by_year_for_a_subtree_and_the_whole_tree(act, festival):
    _series, _events = festival
    _past_event(act, act.org.edu1, 2013, by=act.head, title="支部学习")
    branch = Event.objects.get(title="支部学习")
    services.attendance_import(event=branch, members=[act.zhang_record], by=act.head)
    whole = dict(selectors.attendance_by_year(user=act.staff))
    assert (
        whole[2006] == 1 and whole[2012] == 2 and whole[2013] == 4 and whole[2015] == 1
    )
    edu = dict(selectors.attendance_by_year(user=act.staff, org=act.org.edu))
    assert edu[2013] == 3
    head = dict(selectors.attendance_by_year(user=act.head))
    assert head == dict(selectors.attendance_by_year(user=act.staff, org=act.org.edu1))
    assert head[2013] == 3
    by_organizer = dict(selectors.attendance_by_year(user=act.head, by="organizer"))
    assert by_organizer == {2013: 1}
    # An organization outside the scope does not widen it.
    assert dict(selectors.attendance_by_year(user=act.head, org=act.org.direct)) == {}
    assert selectors.attendance_by_year(user=act.zhang) == []


def test_events_attended_follow_the_member_policy(act, festival):
    rows = selectors.events_attended(member=act.wang_record, user=act.head)
    assert [a.event.edition for a in rows] == [11, 10]
    own = selectors.events_attended(member=act.wang_record, user=act.wang)
    assert own.count() == 2
    assert list(selectors.events_attended(member=act.zhang_record, user=act.wang)) == []
    assert list(selectors.events_attended(member=act.zhao_record, user=act.head)) == []
    assert (
        selectors.events_attended(member=act.zhao_record, user=act.staff).count() == 1
    )


def test_members_see_the_events_open_to_them(act, make_event):
    committee = make_event(title="全市会员大会")
    edu1 = make_event(act.org.edu1, by=act.head, title="一支部活动")
    edu = make_event(act.org.edu, by=act.edu_staff, title="教育基层委员会活动")
    direct = make_event(act.org.direct, title="直属支部活动")

    def titles(user):
        return set(selectors.event_list(user=user).values_list("title", flat=True))

    assert titles(act.zhang) == {committee.title, edu1.title, edu.title}
    assert titles(act.member) == {committee.title, edu.title}
    assert titles(act.zhao) == {committee.title, direct.title}
    assert titles(act.staff) == {committee.title, edu1.title, edu.title, direct.title}
    assert titles(act.leader) == titles(act.staff)
    assert titles(act.head) == {committee.title, edu1.title, edu.title}
    assert titles(act.edu_staff) == {committee.title, edu1.title, edu.title}
    assert titles(act.outsider) == set()


def test_event_list_filters_and_counts(act, make_event):
    event = make_event(capacity=1)
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    services.signup_create(event=event, member=act.wang_record, by=act.wang)
    make_event(title="往年讲座", starts_in=dt.timedelta(days=-400))
    upcoming = list(
        selectors.event_list(
            user=act.staff, filters=selectors.EventFilters(when="upcoming")
        )
    )
    assert [e.title for e in upcoming] == [event.title]
    assert (upcoming[0].confirmed_count, upcoming[0].waiting_count) == (1, 1)
    past = selectors.event_list(
        user=act.staff, filters=selectors.EventFilters(when="past", q="往年")
    )
    assert [e.title for e in past] == ["往年讲座"]


def test_signup_lists_are_for_managers_and_leaders(act, make_event):
    event = make_event()
    services.signup_create(event=event, member=act.zhang_record, by=act.zhang)
    assert selectors.signup_list(user=act.staff, event=event).count() == 1
    assert selectors.signup_list(user=act.leader, event=event).count() == 1
    assert selectors.signup_list(user=act.head, event=event).count() == 0
    assert selectors.signup_list(user=act.zhang, event=event).count() == 0
    sheet = selectors.attendance_sheet(user=act.staff, event=event)
    assert [r.member.name for r in sheet] == ["张传吉"]
    assert selectors.attendance_sheet(user=act.zhang, event=event) == []


def test_programs_and_funds_are_read_within_the_subtree(act):
    services.program_create(
        by=act.service, organization=act.org.city, name="同心·支教", kind="teaching"
    )
    services.program_create(
        by=act.root, organization=act.org.edu1, name="一支部助学", kind="teaching"
    )
    names = lambda user: set(  # noqa: E731
        selectors.program_list(user=user).values_list("name", flat=True)
    )
    assert names(act.leader) == {"同心·支教", "一支部助学"}
    assert names(act.head) == {"一支部助学"}
    assert names(act.zhang) == set()


def test_the_photo_index_by_decade_and_year(act):
    for year, org in ((1985, act.org.city), (1988, act.org.city), (1996, act.org.city),
                      (1996, act.org.edu1)):  # fmt: skip
        services.photo_add(
            by=act.publicity,
            organization=org,
            upload=SimpleUploadedFile("p.jpg", jpeg_bytes()),
            caption=f"{year}年合影",
            year=year,
        )
    index = selectors.photo_index(user=act.staff)
    assert [(d.decade, d.count) for d in index] == [(1990, 2), (1980, 2)]
    assert index[1].years == [(1988, 1), (1985, 1)]
    # Members see the committee's photos and their own branch's.
    assert [d.count for d in selectors.photo_index(user=act.zhang)] == [2, 2]
    assert [d.count for d in selectors.photo_index(user=act.member)] == [1, 2]
    assert selectors.photo_list(user=act.staff, decade=1980).count() == 2
    assert selectors.photo_list(user=act.staff, year=1996).count() == 2
    assert selectors.photo_list(user=act.staff, q="1988").count() == 1
    assert selectors.photo_index(user=act.outsider) == []
