"""An applicant admitted through the workflow attends the new-member class and
receives a certificate, in a real browser: the branch head registers and
reviews, the organization department approves, runs the class and certifies."""

import datetime as dt

import pytest

from tests.browser import pick_member
from tests.conftest import PASSWORD, make_id_number
from tongxin.lifecycle.models import Application, Certificate
from tongxin.members.models import Member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def log_out(page, base: str) -> None:
    page.context.clear_cookies()


def test_admission_class_and_certificate(
    live_server, page, org, people, make_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    a = make_member(org.edu1, "张介绍")
    b = make_member(org.edu1, "刘推荐", female=True)
    base = live_server.url
    today = dt.date.today().isoformat()

    # The branch head registers the application and reviews it.
    log_in(page, base, "head")
    page.get_by_text("组织与会员", exact=True).click()  # open the navigation group
    page.get_by_role("link", name="入会与培训").click()
    page.get_by_role("button", name="登记入会申请").click()
    page.get_by_label("姓名").fill("陈新人")
    page.get_by_label("身份证号").fill(make_id_number(dt.date(1990, 3, 3), False, 91))
    page.get_by_label("申请加入的基层组织").select_option(str(org.edu1.pk))
    pick_member(page, "第一介绍人", "张介绍", "张介绍（教育一支部）")
    pick_member(page, "第二介绍人", "ltj", "刘推荐（教育一支部）")
    page.get_by_label("申请日期").fill(today)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已登记入会申请").wait_for()
    page.get_by_role("button", name="基层组织审核通过").click()
    page.get_by_text("待市委会批准").first.wait_for()
    assert page.get_by_role("button", name="市委会批准").count() == 0
    log_out(page, base)

    # The organization department approves: the applicant becomes a member.
    log_in(page, base, "staff")
    app = Application.objects.get()
    assert (app.introducer_1, app.introducer_2) == (a, b)
    page.goto(f"{base}/lifecycle/applications/{app.pk}/")
    page.get_by_role("button", name="市委会批准").click()
    page.get_by_text("已批准入会").first.wait_for()
    member = Member.objects.get(name="陈新人")
    assert member.organization == org.edu1

    # A class: opened, attended, completed, and certificates issued at its end.
    page.get_by_role("link", name="新会员培训班").first.click()
    page.get_by_role("button", name="开设培训班").click()
    page.get_by_label("名称").fill("新会员培训班（春季）")
    page.get_by_label("主办组织").select_option(str(org.city.pk))
    page.get_by_label("开班日期").fill(today)
    page.get_by_label("结业日期").fill(today)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("添加学员").click()
    page.get_by_label("学员姓名").fill("陈新人")
    page.get_by_role("button", name="添加").last.click()
    page.get_by_text("已添加 1 名学员").wait_for()
    page.get_by_role("button", name="勾选学员结业").click()
    page.get_by_text("1 名学员已结业").wait_for()
    page.get_by_role("button", name="向结业学员颁发会员证").click()
    page.get_by_text("已颁发 1 本会员证").wait_for()
    cert = Certificate.objects.get(member=member)
    assert page.get_by_text(cert.number).count() >= 1

    # The member's page shows the number; the card prints as a PDF.
    page.get_by_role("link", name="陈新人").first.click()
    assert page.get_by_test_id("certificate-number").inner_text() == cert.number
    pdf = page.request.get(f"{base}/lifecycle/certificates/{cert.pk}/card.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
