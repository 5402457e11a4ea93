"""A branch head's day, in a real browser: search, import, and the walls of scope."""

import datetime as dt

import openpyxl
import pytest

from tests.conftest import PASSWORD, make_id_number
from tongxin.members.models import Member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "学历",
    "工作单位",
    "入会时间",
    "所在组织",
]


def write_roster(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    for cell in ws["D"]:
        cell.number_format = "@"
    wb.save(path)


def upload(page, base, path):
    page.goto(base + "/members/import/")
    page.set_input_files("input[type=file]", str(path))
    page.locator("form:has(input[type=file]) [type=submit]").click()
    page.wait_for_load_state()


def test_branch_head_searches_imports_and_cannot_leave_their_branch(
    live_server, page, org, people, make_member, tmp_path
):
    make_member(org.edu1, "张传吉")
    make_member(org.edu1, "王小明")
    foreign = make_member(org.edu2, "赵丽", female=True)
    base = live_server.url

    # Log in as the head of branch edu1.
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "head")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Find a member by pinyin initials; the live search narrows the table.
    page.goto(base + "/members/")
    page.fill("input[name=q]", "zcj")
    results = page.locator("#member-results")
    results.get_by_text("张传吉").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('#member-results').innerText.includes('王小明')"
    )
    assert "赵丽" not in results.inner_text()

    # Import a roster with one bad row: the preview names the row and the reason.
    good = ["刘思远", "男", "1982-04-03", make_id_number(dt.date(1982, 4, 3), False)]
    bad_id = make_id_number(dt.date(1990, 7, 9), True)
    broken = bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1")
    rows = [
        [*good, "本科", "大连理工大学", "2013.05", "教育一支部"],
        [
            "陈雨桐",
            "女",
            "1990-07-09",
            broken,
            "硕士",
            "大连医科大学",
            "2015年3月",
            "教育一支部",
        ],
    ]
    roster = tmp_path / "花名册.xlsx"
    write_roster(roster, rows)
    upload(page, base, roster)
    body = page.locator("body").inner_text()
    assert "校验位" in body
    assert "3" in body  # the spreadsheet row of the bad line
    assert not Member.objects.filter(name__in=["刘思远", "陈雨桐"]).exists()

    # Fix the file and import it for real.
    rows[1][3] = bad_id
    write_roster(roster, rows)
    upload(page, base, roster)
    assert "校验位" not in page.locator("body").inner_text()
    page.locator("form[action*='commit'] [type=submit]").click()
    page.wait_for_load_state()
    assert set(
        Member.objects.filter(organization=org.edu1).values_list("name", flat=True)
    ) >= {"刘思远", "陈雨桐"}
    page.goto(base + "/members/?q=cyt")
    page.locator("#member-results").get_by_text("陈雨桐").wait_for()

    # A member of another branch stays out of reach, by link and by search.
    response = page.goto(base + f"/members/{foreign.pk}/")
    assert response.status == 404
    assert "赵丽" not in page.locator("body").inner_text()
    page.goto(base + "/members/?q=zl")
    assert "赵丽" not in page.locator("#member-results").inner_text()
