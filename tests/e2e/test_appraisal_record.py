"""The duty record in a real browser: a member opens their own record, sees
their points, and the page prints without the navigation and the forms."""

import pytest

from tests.appraisal.committee import build_committee
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_and_prints_their_duty_record(
    live_server, page, people, org, root, make_member, tmp_path
):
    c = build_committee(people, org, root, make_member)
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.get_by_text("统计与考核", exact=True).click()  # open the navigation group
    page.get_by_role("link", name="履职考核").click()
    page.wait_for_url(f"**/appraisal/members/{c.c.pk}/record/")
    page.fill("input[name=year]", "2025")
    page.get_by_role("button", name="查看").click()
    page.wait_for_url("**year=2025**")
    assert page.locator(".tx-total strong").inner_text() == "46"
    assert page.get_by_role("heading", name="调研课题").is_visible()
    assert page.get_by_text("职业教育产教融合调研").is_visible()
    page.screenshot(path=str(tmp_path / "record.png"), full_page=True)

    page.emulate_media(media="print")
    assert not page.locator("header").is_visible()
    assert not page.locator("form.tx-filters").is_visible()
    assert page.get_by_text("职业教育产教融合调研").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
