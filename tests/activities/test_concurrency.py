"""Many members taking the last places at once never over-fill an event."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from tongxin.activities import services
from tongxin.activities.models import Signup

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 3
PEOPLE = 8


def test_concurrent_signups_respect_the_capacity(act, make_event, make_member):
    event = make_event(capacity=CAPACITY, starts_in=dt.timedelta(days=2))
    members = [
        make_member(act.org.edu1, f"报名者{i}", female=bool(i % 2))
        for i in range(PEOPLE)
    ]
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def sign_up(member):
        try:
            barrier.wait()
            services.signup_create(event=event, member=member, by=act.staff)
        except BaseException as e:
            errors.append(e)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(Signup.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(Signup.Status.CONFIRMED) == CAPACITY
    assert statuses.count(Signup.Status.WAITING) == PEOPLE - CAPACITY


def test_concurrent_cancellations_promote_each_waiting_person_once(
    act, make_event, make_member
):
    event = make_event(capacity=CAPACITY, starts_in=dt.timedelta(days=2))
    members = [
        make_member(act.org.edu1, f"候补者{i}", female=bool(i % 2))
        for i in range(PEOPLE)
    ]
    signups = [
        services.signup_create(event=event, member=m, by=act.staff) for m in members
    ]
    confirmed = [s for s in signups if s.status == Signup.Status.CONFIRMED]
    barrier = threading.Barrier(len(confirmed))
    errors: list[BaseException] = []

    def cancel(signup):
        try:
            barrier.wait()
            services.signup_cancel(signup=signup, by=act.staff)
        except BaseException as e:
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(s,)) for s in confirmed]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    now_confirmed = Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED)
    assert now_confirmed.count() == CAPACITY
    assert set(now_confirmed.values_list("member__name", flat=True)) == {
        "候补者3",
        "候补者4",
        "候补者5",
    }
