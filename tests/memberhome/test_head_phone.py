"""我的 shows the branch head's phone masked, with 显示电话: a member of that
branch reveals it (audited, limited per day); anyone else gets 404 and the
refusal is audited too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.activities.conftest import login_user
from tongxin.audit.models import AuditEvent
from tongxin.orgs.services import post_assign

pytestmark = pytest.mark.django_db

HEAD_MOBILE = "13912345678"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def head(home, make_member):
    liu = make_member(home.org.edu1, "刘一", mobile=HEAD_MOBILE)
    return post_assign(
        organization=home.org.edu1,
        member=liu,
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=home.root,
    )


def reveals(user):
    return AuditEvent.objects.filter(actor=user, action="reveal")


def test_my_home_shows_the_head_masked_and_reveals_the_phone_audited(home, head):
    c = client_for(home.zhang)
    html = c.get("/m/").content.decode()
    assert "刘一" in html and "显示电话" in html
    assert HEAD_MOBILE not in html
    assert "1*********8" in html  # the project's mask: first and last digit
    url = f"/m/branch-head/{head.pk}/phone/"
    assert f'action="{url}"' in html
    # htmx swaps the element holding both the mask and the button, so the
    # revealed number replaces the masked one instead of standing beside it.
    target = html.split('id="head-phone-value"', 1)[1].split("</form>", 1)[0]
    assert "1*********8" in target and 'hx-target="#head-phone-value"' in target

    answer = c.post(url, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert f'href="tel:{HEAD_MOBILE}"' in answer.content.decode()
    assert (
        "no-store" in answer["Cache-Control"] or "no-cache" in answer["Cache-Control"]
    )
    event = reveals(home.zhang).get()
    assert event.object_type == "members.member"
    assert event.object_id == str(head.member.pk)
    assert event.detail == {"field": "mobile", "via": "branch_head"}

    # Without JavaScript: 我的 again, with the number in place.
    page = c.post(url).content.decode()
    assert f'href="tel:{HEAD_MOBILE}"' in page and "我的组织" in page
    assert reveals(home.zhang).count() == 2


def test_a_member_of_another_branch_gets_404_and_the_refusal_is_audited(
    home, head, make_member
):
    other = login_user(
        "other",
        root=home.root,
        role="member",
        node=home.org.edu2,
        member=make_member(home.org.edu2, "孙立"),
    )
    c = client_for(other)
    answer = c.post(f"/m/branch-head/{head.pk}/phone/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 404
    assert HEAD_MOBILE not in answer.content.decode()
    assert not reveals(other).exists()
    refused = AuditEvent.objects.get(actor=other, action="reveal_refused")
    assert refused.object_type == "members.post"
    assert refused.object_id == str(head.pk)
    # Staff without a member record have no branch head of their own either.
    assert (
        client_for(home.staff).post(f"/m/branch-head/{head.pk}/phone/").status_code
        == 404
    )
    # A GET reveals nothing.
    assert (
        client_for(home.zhang).get(f"/m/branch-head/{head.pk}/phone/").status_code
        == 405
    )


def test_reveals_are_limited_per_day_with_a_chinese_message(
    home, head, settings, make_member
):
    settings.TONGXIN_HEAD_PHONE_REVEALS_PER_DAY = 2
    c = client_for(home.zhang)
    url = f"/m/branch-head/{head.pk}/phone/"
    for _ in range(2):
        assert c.post(url, HTTP_HX_REQUEST="true").status_code == 200
    refused = c.post(url, HTTP_HX_REQUEST="true")
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "24 小时内显示电话已达 2 次" in text and HEAD_MOBILE not in text
    assert reveals(home.zhang).count() == 2
    page = c.post(url, follow=True).content.decode()
    assert "24 小时内显示电话已达 2 次" in page and HEAD_MOBILE not in page
    # The limit is each member's own: another member of the branch may look.
    wang = login_user(
        "wang",
        root=home.root,
        role="member",
        node=home.org.edu1,
        member=make_member(home.org.edu1, "王芳", female=True),
    )
    assert client_for(wang).post(url, HTTP_HX_REQUEST="true").status_code == 200


def test_without_a_mobile_on_the_head_there_is_no_button(home, make_member):
    liu = make_member(home.org.edu1, "刘一")
    post_assign(
        organization=home.org.edu1,
        member=liu,
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=home.root,
    )
    html = client_for(home.zhang).get("/m/").content.decode()
    assert "刘一" in html and "显示电话" not in html
