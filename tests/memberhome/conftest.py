"""A member and a staff account with mobiles, and the SMS provider on loopback."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from tests.activities.conftest import login_user
from tests.publicity.conftest import FakeProvider

MEMBER_MOBILE = "13800000011"
STAFF_MOBILE = "13800000022"
UNKNOWN_MOBILE = "13900000099"


@pytest.fixture
def provider(settings):
    """The fake SMS provider of the broadcast tests, speaking HTTP on loopback."""
    p = FakeProvider()
    settings.TONGXIN_SMS_BACKEND = "http"
    settings.TONGXIN_SMS_URL = p.url
    settings.TONGXIN_SMS_KEY = "provider-key"
    settings.TONGXIN_SMS_TIMEOUT = 2
    yield p
    p.close()


def code_sent_to(provider: FakeProvider, mobile: str) -> str:
    """The code in the last message the provider received for ``mobile``."""
    texts = [r["text"] for r in provider.requests if r["to"] == f"+86{mobile}"]
    assert texts, f"no message to {mobile}"
    return re.search(r"验证码是 (\d{6})", texts[-1]).group(1)


@pytest.fixture
def home(people, org, make_member):
    root = people.root
    zhang = make_member(org.edu1, "张传吉", mobile=MEMBER_MOBILE)
    chen = make_member(org.edu1, "陈立", mobile=STAFF_MOBILE)
    return SimpleNamespace(
        **vars(people),
        org=org,
        zhang=login_user(
            "zhang", root=root, role="member", node=org.edu1, member=zhang
        ),
        zhang_record=zhang,
        # A member who also works for 组织部: keeps password + second factor.
        chen=login_user(
            "chen", root=root, role="staff_org", node=org.city, member=chen
        ),
    )
