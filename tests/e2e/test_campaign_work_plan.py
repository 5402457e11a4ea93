"""A campaign's work plan in a real browser: staff create the campaign, fill
the leading group from the current posts, add tasks for two months, mark one
done with evidence, and find the other in the overdue list after its due date."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tongxin.campaigns.models import Campaign, Task
from tongxin.orgs.services import department_create, post_assign

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_staff_run_a_work_plan(live_server, page, org, people, make_member):
    root = people.root
    for organization, name, title in (
        (org.city, "陈主委", "chair"),
        (org.city, "王副主委", "vice_chair"),
        (org.edu1, "张一支", "head"),
        (org.direct, "孙直属", "head"),
    ):
        post_assign(
            organization=organization,
            member=make_member(organization, name),
            title=title,
            start_on=dt.date(2012, 1, 1),
            by=root,
        )
    office = department_create(
        organization=org.city, kind="office", name="办公室", by=root
    )
    department_create(organization=org.city, kind="publicity", name="宣传部", by=root)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=120), today + dt.timedelta(days=120)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    base = live_server.url
    log_in(page, base, "staff")

    # Create the campaign.
    page.goto(base + "/campaigns/")
    page.get_by_role("button", name="新建专项活动").click()
    page.select_option("#id_organization", str(org.city.pk))
    page.fill("#id_title", "创先争优活动")
    page.fill("#id_start_on", start.isoformat())
    page.fill("#id_end_on", end.isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/campaigns/*/")
    campaign = Campaign.objects.get()

    # Fill the leading group from posts in one step.
    page.get_by_role("button", name="按现任职务生成").click()
    group = page.locator("#group")
    assert "已按现任职务加入 4 人" in page.content()
    assert "组长" in group.inner_text() and "陈主委" in group.inner_text()
    assert "副组长" in group.inner_text() and "孙直属" in group.inner_text()

    # Two tasks in two months: one due already, one due later.
    def add_task(title: str, month: dt.date, due: dt.date) -> None:
        page.goto(f"{base}/campaigns/{campaign.pk}/tasks/new/")
        page.fill("#id_title", title)
        page.fill("#id_month", f"{month:%Y-%m}")
        page.select_option("#id_department", str(office.pk))
        page.fill("#id_due_on", due.isoformat())
        page.get_by_role("button", name="保存").click()
        page.wait_for_url(f"**/campaigns/{campaign.pk}/tasks/")

    add_task("基层组织制定实施方案", last_month, last_month + dt.timedelta(days=20))
    add_task("召开动员大会", today.replace(day=1), today + dt.timedelta(days=7))
    plan = page.locator("main").inner_text()
    assert f"{last_month:%Y-%m}" in plan and f"{today:%Y-%m}" in plan
    assert "逾期" in page.locator("tr", has_text="基层组织制定实施方案").inner_text()
    assert "逾期" not in page.locator("tr", has_text="召开动员大会").inner_text()

    # Mark the current one done, with evidence.
    page.get_by_role("link", name="召开动员大会").click()
    page.select_option("select[name=to]", "done")
    page.get_by_role("button", name="更新状态").click()
    assert "已完成" in page.locator("#task-status").inner_text()
    page.locator("#evidence summary").click()
    page.select_option("#id_kind", "link")
    page.fill("#id_title", "网站专栏报道")
    page.fill("#id_url", "http://intranet.example/cxzy/1.html")
    page.get_by_role("button", name="添加").click()
    assert "网站专栏报道" in page.locator("#evidence").inner_text()
    done = Task.objects.get(title="召开动员大会")
    assert done.status == "done" and done.evidence.count() == 1

    # The other, past its due date, is in the overdue list.
    page.goto(base + "/campaigns/")
    page.get_by_role("link", name="逾期任务").first.click()
    overdue = page.locator("#overdue-tasks").inner_text()
    assert "基层组织制定实施方案" in overdue
    assert "召开动员大会" not in overdue
