"""The request frame's cache: sessions, users, grants and the unread badge.

A signed-in page reads its session, user, grants and badge from the cache
(one query left: the page's own list); every change to those rows shows on
the very next request, through the services that make it.
"""

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.accounts.support import login_verified
from tongxin.accounts.backends import CachedModelBackend
from tongxin.accounts.models import User
from tongxin.accounts.services import (
    flag_login_after_reset,
    grant_revoke,
    grant_role,
    password_reset_by_admin,
    user_set_active,
)
from tongxin.notifications.services import mark_read, notify
from tongxin.orgs.services import org_close

pytestmark = pytest.mark.django_db

ADD_MEMBER = "/members/new/"  # needs a grant allowing to add members
NOTICES = "/notifications/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_warm_signed_in_page_reads_only_its_own_list(people):
    client = logged_in(people.staff)
    assert client.get(NOTICES).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(NOTICES).status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    assert tables == ['"notifications_notification"']


def test_logout_ends_the_session_for_every_holder_of_the_cookie(people):
    first = logged_in(people.staff)
    assert first.get(NOTICES).status_code == 200
    # A second browser tab (or server process) holding the same session.
    second = Client()
    second.cookies = first.cookies
    assert second.get(NOTICES).status_code == 200
    first.post("/accounts/logout/")
    response = second.get(NOTICES)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_disabled_account_is_signed_out_on_its_next_request(people):
    client = logged_in(people.staff)
    assert client.get(NOTICES).status_code == 200
    user_set_active(by=people.root, user=people.staff, active=False)
    response = client.get(NOTICES)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_password_reset_ends_the_users_sessions(people):
    client = logged_in(people.staff)
    assert client.get(NOTICES).status_code == 200
    password_reset_by_admin(by=people.root, user=people.staff)
    response = client.get(NOTICES)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert SESSION_KEY not in client.session


def test_a_revoked_grant_is_refused_on_the_next_request(people, org):
    grant = grant_role(
        by=people.root, user=people.outsider, role="staff_org", organization=org.city
    )
    client = logged_in(people.outsider)
    assert client.get(ADD_MEMBER).status_code == 200
    assert client.get(ADD_MEMBER).status_code == 200  # from the cache
    grant_revoke(by=people.root, grant=grant)
    assert client.get(ADD_MEMBER).status_code == 403


def test_a_new_grant_is_honoured_on_the_next_request(people, org):
    client = logged_in(people.outsider)
    assert client.get(ADD_MEMBER).status_code == 403
    grant_role(
        by=people.root, user=people.outsider, role="staff_org", organization=org.city
    )
    assert client.get(ADD_MEMBER).status_code == 200


def test_a_grant_on_a_closed_organization_stops_counting(people, org):
    grant_role(
        by=people.root, user=people.outsider, role="staff_org", organization=org.edu1
    )
    client = logged_in(people.outsider)
    assert client.get(ADD_MEMBER).status_code == 200
    org_close(org=org.edu1, on=dt.date(2024, 1, 1), by=people.root)
    assert client.get(ADD_MEMBER).status_code == 403


def test_the_unread_badge_follows_notices_and_reading(people):
    client = logged_in(people.staff)
    badge = '<span class="tx-badge tx-badge-active">'
    nav = client.get(NOTICES).content.decode().split('id="tx-notices"')[1][:200]
    assert badge not in nav
    notify(user=people.staff, key="t1", title="测试通知")
    nav = client.get(NOTICES).content.decode().split('id="tx-notices"')[1][:200]
    assert badge + "1</span>" in nav
    mark_read(user=people.staff)
    nav = client.get(NOTICES).content.decode().split('id="tx-notices"')[1][:200]
    assert badge not in nav


def test_an_update_of_the_user_row_drops_the_cached_user(people):
    people.staff.flag_next_login = True
    people.staff.save()
    backend = CachedModelBackend()
    assert backend.get_user(people.staff.pk).flag_next_login is True
    flag_login_after_reset(people.staff)
    assert backend.get_user(people.staff.pk).flag_next_login is False


def test_the_superusers_second_factor_is_still_asked(people):
    client = logged_in(people.root)  # logged in without the second factor
    response = client.get(NOTICES)
    assert response.status_code == 302 and "/accounts/otp/" in response.url
    verified = login_verified(Client(), people.root)
    assert verified.get(NOTICES).status_code == 200
    assert verified.get(NOTICES).status_code == 200


def test_a_new_account_never_inherits_the_cached_grants_of_an_id(people, org):
    """A rolled-back test or SQLite may hand a new user the id of a removed one."""
    from tongxin.core.policies import user_grants

    old = User.objects.create_user("gone", password="x")
    grant_role(by=people.root, user=old, role="staff_org", organization=org.city)
    assert user_grants(User.objects.get(pk=old.pk))  # now in the cache
    with connection.cursor() as cursor:  # removed without any signal
        cursor.execute("DELETE FROM accounts_grant WHERE user_id = %s", [old.pk])
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [old.pk])
    new = User.objects.create_user("newcomer", password="x", id=old.pk)
    assert user_grants(User.objects.get(pk=new.pk)) == []
