"""Walk the demo committee as every demo role, the way its users do.

The demo is built once for the module. Each role signs in (the superuser and
the three administrators with their second factor) and the crawler follows
every link, form and action the pages offer, with GET only, visiting a sample
of each kind of page (see ``tests/crawl/crawler.py``). The test fails on a
server error, on a link or action shown that answers 403 or 404, and on
visible text that holds an internal identifier; it prints a report of the
pages visited and the slowest ones.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.accounts.support import login_verified
from tests.crawl.crawler import crawl, report
from tongxin.accounts.models import User

MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"

#: Every demo login: leader, staff of the organization, participation and publicity
#: departments, a branch head, a member, the three administrators, the superuser.
ROLES = (
    "zhuwei",
    "zuzhibu",
    "canzheng",
    "xuanchuan",
    "zhibu",
    "huiyuan",
    "xitong",
    "anquan",
    "shenji",
    "admin",
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Build the demo committee once for the module."""
    hashers = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with django_db_blocker.unblock(), hashers:
        call_command("demo", no_serve=True, stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)


def test_every_role_walks_the_demo_without_errors_leaks_or_dead_buttons(
    demo, db, record_property
):
    crawls, downloads = [], set()
    for username in ROLES:
        client = Client(raise_request_exception=False)
        login_verified(client, User.objects.get(username=username))
        crawls.append(crawl(client, username, downloads=downloads))
    text = report(crawls)
    record_property("crawl_report", text)
    print(text)
    assert all(len(c.visits) >= 10 for c in crawls), text
    assert not [p for c in crawls for p in c.problems], text
