"""The page frame's menus are rendered once per user, access version and page.

Each test reads a page, changes what the menus depend on (a grant, an
organization's closing, a member link, the member's standing) through the
services, and checks that the very next page shows the change.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from tongxin.accounts.models import Grant
from tongxin.accounts.services import grant_revoke, grant_role
from tongxin.members.services import member_leave
from tongxin.orgs.services import org_close

pytestmark = pytest.mark.django_db

NAV_TEMPLATE = "includes/nav_menus.html"
IMPORT_LINK = 'href="/members/import/"'
APPRAISAL_LINK = 'href="/appraisal/"'
ACTIVITIES_LINK = 'href="/activities/"'


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def page(client: Client, url: str = "/notifications/"):
    response = client.get(url)
    assert response.status_code == 200
    rendered = NAV_TEMPLATE in {t.name for t in response.templates}
    return response.content.decode(), rendered


def menus(html: str) -> str:
    start = html.index('<ul class="tx-nav-links">')
    return html[start : html.index('id="tx-notices"', start)]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_menus_are_rendered_once_then_served_from_the_cache(people):
    client = logged_in(people.staff)
    first, rendered_first = page(client)
    second, rendered_second = page(client)
    assert rendered_first and not rendered_second
    assert IMPORT_LINK in first
    assert menus(first) == menus(second)


def test_each_page_marks_its_own_entry(people):
    client = logged_in(people.staff)
    notifications, _ = page(client)
    members, rendered = page(client, "/members/")
    assert rendered  # another page: its own entry
    assert 'href="/members/" aria-current="page"' in members
    assert 'href="/members/" aria-current="page"' not in notifications
    again, rendered = page(client, "/members/")
    assert not rendered and 'href="/members/" aria-current="page"' in again


def test_a_grant_given_then_revoked_shows_on_the_next_page(people, org):
    client = logged_in(people.outsider)
    before, _ = page(client)
    assert IMPORT_LINK not in before
    grant = grant_role(
        by=people.root, user=people.outsider, role="staff_org", organization=org.city
    )
    after, rendered = page(client)
    assert rendered and IMPORT_LINK in after
    grant_revoke(by=people.root, grant=grant)
    revoked, rendered = page(client)
    assert not Grant.objects.filter(user=people.outsider).exists()
    # Back to the access of the first page: its menus, kept since, are right.
    assert not rendered and IMPORT_LINK not in revoked
    assert menus(revoked) == menus(before)


def test_closing_the_granted_organization_drops_its_menus(people, org):
    grant_role(
        by=people.root, user=people.outsider, role="staff_org", organization=org.edu1
    )
    client = logged_in(people.outsider)
    before, _ = page(client)
    assert IMPORT_LINK in before
    org_close(org=org.edu1, on=dt.date(2024, 1, 1), by=people.root)
    after, rendered = page(client)
    assert rendered and IMPORT_LINK not in after


def test_a_member_link_and_the_members_leaving_show_on_the_next_page(
    people, make_member, org
):
    client = logged_in(people.outsider)
    before, _ = page(client)
    assert APPRAISAL_LINK not in before and ACTIVITIES_LINK not in before
    member = make_member(org.edu1, "王建国")
    people.outsider.member = member
    people.outsider.save()
    linked, rendered = page(client)
    # Their own appraisal record, and the activities open to their organization.
    assert rendered and APPRAISAL_LINK in linked and ACTIVITIES_LINK in linked
    member_leave(
        member=member, status="withdrawn", on=dt.date(2024, 1, 1), by=people.root
    )
    left, rendered = page(client)
    assert rendered and ACTIVITIES_LINK not in left and APPRAISAL_LINK in left


def test_the_menus_show_no_template_source(people):
    html, _ = page(logged_in(people.staff))
    assert "{#" not in html and "{%" not in html and "nav_menus" not in html
