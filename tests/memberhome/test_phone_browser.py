"""A member on a 390 × 844 phone signs in by SMS code (the fake gateway on
loopback receives it), switches to large text, and axe-core finds no serious
or critical violation on the member pages in either mode.

Screenshots go to ``TONGXIN_SCREENSHOTS`` (or the test's temporary folder);
the violations by impact are printed per page and mode.
"""

from __future__ import annotations

import collections
import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.memberhome.conftest import MEMBER_MOBILE, code_sent_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMPACTS = ("critical", "serious", "moderate", "minor")


def test_a_member_signs_in_by_sms_on_a_phone_in_both_text_sizes(
    live_server, browser, home, provider, settings, tmp_path
):
    settings.TONGXIN_SMS_CODE_INTERVAL_SECONDS = 0  # a second code for large text
    shots = os.environ.get("TONGXIN_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(90_000)
    base = live_server.url
    axe = Axe()
    found: dict[tuple[str, str], collections.Counter] = {}

    def check(name: str, mode: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        large = page.evaluate("document.documentElement.classList.contains('tx-large')")
        assert large == (mode == "large"), (name, mode)
        page.screenshot(path=f"{shots}/sms-{name}-{mode}.png", full_page=True)
        response = axe.run(page).response
        assert response["passes"], name  # axe ran its rules on the page
        violations = response["violations"]
        found[(name, mode)] = collections.Counter(v["impact"] for v in violations)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, (name, mode, bad)

    def sign_in(mode: str) -> None:
        page.get_by_label("手机号").fill(MEMBER_MOBILE)
        page.get_by_role("button", name="获取验证码").click()
        page.wait_for_url("**/m/login/code/")
        check("code", mode)
        page.get_by_label("验证码").fill(code_sent_to(provider, MEMBER_MOBILE))
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/m/")

    page.goto(base + "/accounts/login/")
    page.get_by_role("link", name="会员用手机验证码登录").click()
    page.wait_for_url("**/m/login/")
    check("login", "normal")
    sign_in("normal")
    assert page.get_by_role("heading", name="张传吉").is_visible()
    check("home", "normal")
    page.goto(base + "/members/me/")
    check("me", "normal")
    page.goto(base + "/notifications/")
    check("notifications", "normal")

    # Large text by keyboard: the header button is a toggle (aria-pressed).
    toggle = page.locator("header").get_by_role("button", name="大字")
    assert toggle.get_attribute("aria-pressed") == "false"
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.classList.contains('tx-large')")
    assert toggle.get_attribute("aria-pressed") == "true"
    # Let the button's colour transition end before axe measures its contrast.
    page.wait_for_function(
        "getComputedStyle(document.querySelector('#tx-text-size button'))"
        ".backgroundColor === 'rgb(179, 38, 30)'"
    )
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= size * 1.25, (size, larger)
    check("notifications", "large")
    page.goto(base + "/members/me/")
    check("me", "large")  # the cookie carries the mode to every page
    page.goto(base + "/m/")
    check("home", "large")

    page.locator("header").get_by_role("button", name="退出").click()
    page.goto(base + "/m/login/")
    check("login", "large")
    sign_in("large")
    assert len(provider.requests) == 2

    print("\naxe-core violations by impact (390 × 844):")
    for (name, mode), counts in found.items():
        line = ", ".join(f"{i} {counts.get(i, 0)}" for i in IMPACTS)
        print(f"  {name:<14} {mode:<6} {line}")
    context.close()
