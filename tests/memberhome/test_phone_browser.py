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


def _signed_in(browser, live_server, user):
    """A 390 × 844 phone context carrying ``user``'s session cookie."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(90_000)
    return context, page


def test_a_member_signs_up_and_has_a_phone_change_confirmed_on_a_phone(
    live_server, browser, home, make_member, tmp_path
):
    import datetime as dt

    from django.utils import timezone

    from tongxin.activities import services as act
    from tongxin.members.models import Member

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    act.event_create(
        by=home.staff,
        organization=home.org.edu1,
        title="教育一支部读书会",
        kind="seminar",
        start_at=start,
        end_at=start + dt.timedelta(hours=2),
        capacity=1,
    )
    full = act.event_create(
        by=home.staff,
        organization=home.org.city,
        title="同心杯羽毛球赛",
        kind="sports",
        start_at=start,
        end_at=start + dt.timedelta(hours=2),
        capacity=1,
    )
    other = make_member(home.org.edu1, "王芳", female=True)
    act.signup_create(event=full, member=other, by=home.staff)
    shots = os.environ.get("TONGXIN_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    axe = Axe()

    def check(page, name: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        page.screenshot(path=f"{shots}/home-{name}.png", full_page=True)
        violations = axe.run(page).response["violations"]
        counts = collections.Counter(v["impact"] for v in violations)
        print(f"  {name:<16} " + ", ".join(f"{i} {counts.get(i, 0)}" for i in IMPACTS))
        bad = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, (name, bad)

    print("\naxe-core violations by impact (390 × 844):")
    context, page = _signed_in(browser, live_server, home.zhang)
    page.goto(live_server.url + "/m/")
    check(page, "home")
    page.get_by_role("button", name="报名：教育一支部读书会").click()
    page.get_by_text("已报名“教育一支部读书会”。").wait_for()
    page.get_by_role("button", name="报名：同心杯羽毛球赛").click()
    page.get_by_text("候补第 1 位").wait_for()
    check(page, "home-signed-up")
    page.get_by_role("button", name="取消报名：教育一支部读书会").wait_for()

    page.get_by_role("button", name="修改我的信息").click()
    page.wait_for_url("**/m/details/")
    check(page, "details")
    page.get_by_label("手机").fill("139 1234 5678")
    page.get_by_label("说明（选填）").fill("换了新手机号")
    page.get_by_role("button", name="提交修改申请").click()
    page.get_by_text("修改申请已提交").wait_for()
    check(page, "details-sent")
    assert Member.objects.get(pk=home.zhang_record.pk).mobile == MEMBER_MOBILE

    head_context, staff_page = _signed_in(browser, live_server, home.head)
    staff_page.goto(live_server.url + "/members/changes/")
    staff_page.get_by_text("1 件待确认").wait_for()
    staff_page.get_by_role("link", name="张传吉").first.click()
    check(staff_page, "change-request")
    staff_page.get_by_role("button", name="确认并更新登记信息").click()
    staff_page.get_by_text("已确认张传吉的信息修改").wait_for()
    assert Member.objects.get(pk=home.zhang_record.pk).mobile == "13912345678"

    page.reload()
    page.get_by_text("已确认").first.wait_for()
    head_context.close()
    context.close()
