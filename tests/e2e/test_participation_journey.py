"""A suggestion becomes a proposal, in a real browser: a member submits a
suggestion on a phone; the participation department turns it into a member
proposal with a co-signer, records its filing and the reply; the member sees
the reply."""

import datetime as dt

import pytest

from tests.browser import pick_member
from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.accounts.services import grant_role
from tongxin.members.services import public_post_add
from tongxin.participation import services
from tongxin.participation.models import Proposal, Suggestion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_suggestion_to_proposal_to_reply(
    live_server, browser, page, org, people, make_member, root
):
    wang = make_member(org.edu1, "王建国")
    make_member(org.direct, "赵联名", female=True)
    public_post_add(
        member=wang,
        by=root,
        kind="cppcc",
        level="city",
        body="大连市政协",
        start_on=dt.date(2023, 1, 8),
    )
    member_user = User.objects.create_user("wang", "wang@example.com", PASSWORD)
    member_user.member = wang
    member_user.save()
    staff = User.objects.create_user("canzheng", "cz@example.com", PASSWORD)
    grant_role(by=root, user=staff, role="staff_participation", organization=org.city)
    services.session_create(
        by=root, name="市政协十四届二次会议", body="大连市政协", level="city", year=2024
    )
    base = live_server.url

    # The member submits a suggestion on a phone.
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    log_in(phone, base, "wang")
    phone.goto(base + "/participation/")
    phone.get_by_role("button", name="提交建议").click()
    phone.get_by_label("标题").fill("关于增开夜间公交线路的建议")
    phone.get_by_label("正文").fill("建议在大连火车站至高新园区之间增开夜间公交线路。")
    phone.get_by_role("button", name="提交", exact=True).click()
    phone.get_by_text("已保存“关于增开夜间公交线路的建议”。").wait_for()
    assert phone.locator("#item-state").inner_text() == "已提交"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    suggestion = Suggestion.objects.get()

    # Staff turn it into a member proposal with a co-signer.
    log_in(page, base, "canzheng")
    page.goto(f"{base}/participation/suggestions/{suggestion.pk}/")
    page.get_by_role("button", name="转为提案").click()
    page.get_by_label("会议").select_option(label="市政协十四届二次会议")
    pick_member(page, "联名人", "赵联", "赵联名（市直属第一支部）")
    page.get_by_role("button", name="确定").click()
    page.get_by_text("已转为提案“关于增开夜间公交线路的建议”。").wait_for()
    assert "赵联名" in page.locator("#cosigners").inner_text()
    proposal = Proposal.objects.get()
    assert (proposal.kind, proposal.member, proposal.state) == (
        "member",
        wang,
        "submitted",
    )

    # Filing (立案) with its number, then the reply (答复).
    page.get_by_role("button", name="立案", exact=True).click()
    page.get_by_label("案号").fill("2024-0158")
    page.get_by_label("意见").fill("符合立案条件")
    page.get_by_role("button", name="确定").click()
    page.get_by_text("已立案。").wait_for()
    assert page.locator("#item-state").inner_text() == "已立案"
    page.get_by_role("button", name="答复", exact=True).click()
    page.get_by_label("答复日期").fill("2024-05-20")
    page.get_by_label("答复单位").fill("大连市交通运输局")
    page.get_by_label("答复内容").fill("已开通火车站至高新园区夜间公交线路 N5 路。")
    page.get_by_role("button", name="确定").click()
    page.get_by_text("已答复。").wait_for()

    # The member sees the reply on their phone.
    phone.goto(base + "/participation/")
    # Listed twice: the suggestion (转为提案) and, last, the proposal.
    phone.get_by_role("link", name="关于增开夜间公交线路的建议").last.click()
    phone.wait_for_url(lambda url: "/proposals/" in url)
    reply = phone.locator("#reply").inner_text()
    assert "已开通火车站至高新园区夜间公交线路 N5 路。" in reply
    assert "大连市交通运输局" in reply
    assert phone.locator("#item-state").inner_text() == "已答复"
    context.close()
