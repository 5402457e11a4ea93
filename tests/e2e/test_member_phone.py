"""A member on a 390 px phone: lands on their own page, reaches the password
change from the compact header, and reads their duty record without the page
growing sideways (wide tables scroll inside their box)."""

import os

import pytest

from tests.appraisal.committee import build_committee
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_on_a_phone(
    live_server, browser, people, org, root, make_member, tmp_path
):
    c = build_committee(people, org, root, make_member)
    shots = os.environ.get("TONGXIN_SCREENSHOTS") or str(tmp_path)
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(90_000)
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url("**/members/me/")
    assert page.get_by_role("heading", name="李晓梅").is_visible()
    assert "教育二支部" in page.locator("#me-branch").inner_text()
    header = page.locator("header.tx-topbar").bounding_box()
    assert header["height"] < 844 / 6  # was a third of the screen
    top_password = page.locator("header").get_by_role("link", name="修改密码")
    assert top_password.is_visible()
    page.screenshot(path=f"{shots}/member-phone-home.png")

    page.locator("#me-record").click()
    page.wait_for_url(f"**/appraisal/members/{c.c.pk}/record/")
    page.goto(page.url + "?year=2025")
    assert page.get_by_text("职业教育产教融合调研").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{shots}/member-phone-record.png", full_page=True)

    top_password.click()
    page.wait_for_url("**/accounts/password/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
