"""Signing up for an event on a phone, in a real browser: the event fills, the
next person lands on the waiting list, a cancellation promotes them, a walk-in
checks in by QR code, and staff take attendance."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tongxin.accounts.models import User
from tongxin.activities import services
from tongxin.activities.models import Attendance, Signup

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


@pytest.fixture
def phone(browser):
    """Return a function opening a new phone-sized browser session."""
    contexts = []

    def open_phone():
        context = browser.new_context(**PHONE)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_phone
    for context in contexts:
        context.close()


def log_in(page, base: str, username: str, next_url: str = "") -> None:
    page.goto(base + "/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def member_login(username: str, member) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.member = member
    user.save()
    return user


def test_phone_signup_waiting_list_promotion_and_attendance(
    live_server, phone, page, org, people, make_member
):
    zhang = member_login("zhang", make_member(org.edu1, "张传吉"))
    wang = member_login("wang", make_member(org.edu1, "王芳", female=True))
    member_login("zhao", make_member(org.direct, "赵明"))
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=90)
    event = services.event_create(
        by=people.staff,
        organization=org.city,
        title="第十一届大连国际徒步大会",
        kind="walking",
        start_at=start,
        end_at=start + dt.timedelta(hours=4),
        place="星海广场",
        capacity=1,
    )
    base = live_server.url
    url = f"{base}/activities/{event.pk}/"

    # 张传吉 signs up on his phone and takes the only place.
    first = phone()
    log_in(first, base, "zhang")
    first.goto(url)
    assert first.evaluate("window.innerWidth") == 390
    first.get_by_role("button", name="我要报名").click()
    first.get_by_text("报名成功。").wait_for()
    assert "您已报名" in first.locator("#my-signup").inner_text()
    assert "1/1" in first.locator("#capacity").inner_text()
    # The sign-up box fits the phone's width.
    box = first.locator("#my-signup").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    # 王芳 finds the event full and joins the waiting list.
    second = phone()
    log_in(second, base, "wang")
    second.goto(url)
    second.get_by_role("button", name="名额已满，报名候补").click()
    second.get_by_text("名额已满，您已进入候补名单").wait_for()
    assert "您在候补名单中" in second.locator("#my-signup").inner_text()
    assert Signup.objects.get(member=wang.member).status == Signup.Status.WAITING

    # 张传吉 cancels; 王芳 is promoted.
    first.goto(url)
    first.get_by_role("button", name="取消报名").click()
    first.get_by_text("已取消 张传吉 的报名。").wait_for()
    first.get_by_text("候补的 王芳 已转为正式报名。").wait_for()
    second.reload()
    assert "您已报名" in second.locator("#my-signup").inner_text()
    assert Signup.objects.get(member=zhang.member).status == Signup.Status.CANCELLED

    # 赵明 did not sign up: he scans the QR code, logs in, and confirms.
    checkin_path = f"/activities/checkin/{services.checkin_token(event)}/"
    third = phone()
    third.goto(base + checkin_path)
    assert "/accounts/login/" in third.url
    third.fill("input[name=username]", "zhao")
    third.fill("input[name=password]", PASSWORD)
    third.locator("form:has(input[name=password]) [type=submit]").click()
    third.wait_for_url(lambda u: checkin_path in u)
    third.get_by_role("button", name="确认签到").click()
    third.locator("#checkin-done").wait_for()
    assert "现场登记" in third.locator("#checkin-done").inner_text()

    # Staff take attendance from the list: 王芳 is there.
    log_in(page, base, "staff")
    page.goto(f"{url}attendance/")
    page.get_by_label("王芳").check()
    page.get_by_role("button", name="保存签到").click()
    page.get_by_text("已保存签到：新增 1 人，撤销 0 人。").wait_for()
    summary = page.locator("#attendance-summary").inner_text()
    assert "已到 2 人" in summary and "未报名到场 1 人" in summary
    rows = {a.member.name: a for a in Attendance.objects.select_related("member")}
    assert set(rows) == {"王芳", "赵明"}
    assert rows["王芳"].method == "list" and not rows["王芳"].walk_in
    assert rows["赵明"].method == "qr" and rows["赵明"].walk_in

    # The list exports to .xlsx.
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith("签到表.xlsx")
