"""On a 390 × 844 phone: a non-member applies to join with a scan, both
introducers sign in by SMS code and confirm on 我的, and staff then see the
application waiting for the base organization's review.  axe-core finds no
serious or critical violation on the join pages (printed by impact)."""

from __future__ import annotations

import collections
import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.activities.conftest import login_user
from tests.memberhome.conftest import MEMBER_MOBILE, code_sent_to
from tests.memberhome.test_join import APPLICANT, PDF
from tests.memberhome.test_phone_browser import IMPACTS, _signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECOND_MOBILE = "13800000033"


def test_apply_to_join_and_two_introducers_confirm_on_phones(
    live_server, browser, home, provider, make_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    wang = make_member(home.org.edu1, "王芳", female=True, mobile=SECOND_MOBILE)
    login_user("wang", root=home.root, role="member", node=home.org.edu1, member=wang)
    scan = tmp_path / "入会申请表.pdf"
    scan.write_bytes(PDF)
    shots = os.environ.get("TONGXIN_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    axe = Axe()
    found: dict[str, collections.Counter] = {}
    base = live_server.url

    def phone():
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
        )
        page = context.new_page()
        page.set_default_timeout(90_000)
        return context, page

    def check(page, name: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        page.screenshot(path=f"{shots}/join-{name}.png", full_page=True)
        violations = axe.run(page).response["violations"]
        found[name] = collections.Counter(v["impact"] for v in violations)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, (name, bad)

    # The applicant.
    context, page = phone()
    page.goto(base + "/m/join/")
    check(page, "start")
    page.get_by_label("本人手机号").fill(APPLICANT)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url("**/m/join/code/")
    check(page, "code")
    page.get_by_label("验证码").fill(code_sent_to(provider, APPLICANT))
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/m/join/apply/")
    check(page, "apply")
    page.get_by_label("申请加入的基层组织").select_option(label=home.org.edu1.name)
    page.get_by_label("姓名", exact=True).fill("周申请")
    page.get_by_label("性别").select_option(label="女")
    page.get_by_label("出生日期").fill("1990-05-06")
    import datetime as dt

    from tests.conftest import make_id_number

    page.get_by_label("身份证号").fill(make_id_number(dt.date(1990, 5, 6), True, 3))
    page.get_by_label("工作单位").fill("市第一中学")
    page.get_by_label("入会申请表扫描件或照片").set_input_files(str(scan))
    page.get_by_label("第一介绍人姓名").fill("张传吉")
    page.get_by_label("第一介绍人手机号").fill(MEMBER_MOBILE)
    page.get_by_label("第二介绍人姓名").fill("王芳")
    page.get_by_label("第二介绍人手机号").fill(SECOND_MOBILE)
    page.get_by_role("button", name="提交入会申请").click()
    page.wait_for_url("**/m/join/status/**")
    assert page.locator("#join-state").inner_text() == "待介绍人确认"
    check(page, "status")
    status_url = page.url
    context.close()

    # Each introducer signs in by SMS code on their phone and confirms.
    for mobile in (MEMBER_MOBILE, SECOND_MOBILE):
        context, page = phone()
        page.goto(base + "/m/login/")
        page.get_by_label("手机号").fill(mobile)
        page.get_by_role("button", name="获取验证码").click()
        page.wait_for_url("**/m/login/code/")
        page.get_by_label("验证码").fill(code_sent_to(provider, mobile))
        page.get_by_role("button", name="登录").click()
        page.wait_for_url("**/m/")
        card = page.locator("#introductions")
        assert "周申请" in card.inner_text()
        if mobile == MEMBER_MOBILE:
            check(page, "home-introductions")
        card.get_by_role("button", name="确认介绍周申请入会").click()
        page.wait_for_url("**/m/#introductions")
        assert page.locator("#introductions").count() == 0
        context.close()

    # The applicant was told, and the status link shows the new state.
    texts = [r["text"] for r in provider.requests if r["to"] == f"+86{APPLICANT}"]
    assert any("两位介绍人均已确认" in t for t in texts)
    context, page = phone()
    page.goto(status_url)
    assert page.locator("#join-state").inner_text() == "待基层组织审核"
    context.close()

    # Staff (组织部) see it waiting for the base organization's review.
    context, page = _signed_in(browser, live_server, home.chen)
    page.goto(base + "/lifecycle/")
    row = page.get_by_role("row").filter(has_text="周申请")
    assert "待基层组织审核" in row.inner_text()
    context.close()

    print("\naxe-core violations by impact on the join pages (390 × 844):")
    for name, counts in found.items():
        print(f"  {name:<20} " + ", ".join(f"{i} {counts.get(i, 0)}" for i in IMPACTS))
