"""Recording a 400-person walking festival after the fact, in a real browser:
a pasted list with a namesake chosen, then a sign-in sheet previewed and
imported."""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from openpyxl import Workbook

from tests.activities.test_bulk_attendance import walkers
from tests.conftest import PASSWORD
from tongxin.activities import services
from tongxin.activities.models import Attendance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_walking_festival_from_a_pasted_list_and_a_sheet(
    live_server, page, org, people, make_member, tmp_path
):
    shots = os.environ.get("TONGXIN_SCREENSHOTS") or str(tmp_path)
    page.set_default_timeout(90_000)  # 400 rows on a busy machine
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=2)
    festival = services.event_create(
        by=people.staff,
        organization=org.city,
        title="全市会员健步走大会",
        kind="walking",
        start_at=start,
        end_at=start + dt.timedelta(hours=3),
    )
    later = services.event_create(
        by=people.staff,
        organization=org.city,
        title="健步走大会（第二场）",
        kind="walking",
        start_at=start + dt.timedelta(hours=5),
        end_at=start + dt.timedelta(hours=8),
    )
    people_ = walkers(org.edu1, 399)
    a = make_member(org.edu1, "王杰")
    b = make_member(org.edu2, "王杰", birth=dt.date(1980, 2, 3))

    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{base}/activities/{festival.pk}/attendance/")
    text = "\n".join(m.name for m in people_) + "\n王杰"
    page.get_by_label("到场名单").fill(text)
    page.get_by_role("button", name="登记到场").click()
    # 王杰 is two people: the page asks which, the list is still there.
    page.get_by_text("“王杰”是哪一位？").wait_for()
    assert not Attendance.objects.exists()
    assert page.get_by_label("到场名单").input_value() == text
    page.screenshot(path=f"{shots}/attendance-namesake.png", full_page=False)
    page.get_by_label("教育二支部", exact=False).check()
    page.get_by_role("button", name="按所选登记到场").click()
    page.get_by_text("已登记 400 人到场。").wait_for()
    assert "已到 400 人" in page.locator("#attendance-summary").inner_text()
    assert Attendance.objects.filter(event=festival).count() == 400
    assert Attendance.objects.filter(event=festival, member=b).exists()
    assert not Attendance.objects.filter(event=festival, member=a).exists()
    page.screenshot(path=f"{shots}/attendance-400-pasted.png", full_page=False)

    # The second session's paper sheet, with a bad row.
    wb = Workbook()
    ws = wb.active
    ws.append(["健步走大会（第二场）签到表"])
    ws.append(["序号", "姓名", "会员证号", "所在组织"])
    for i, m in enumerate(people_[:50], 1):
        ws.append([i, m.name, None, "教育一支部"])
    ws.append([51, "查无此人", None, None])
    ws.append([52, "王杰", None, "教育一支部"])
    sheet = tmp_path / "签到表.xlsx"
    out = io.BytesIO()
    wb.save(out)
    sheet.write_bytes(out.getvalue())
    page.goto(f"{base}/activities/{later.pk}/attendance/")
    page.get_by_label("签到表").set_input_files(str(sheet))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url(f"**/activities/{later.pk}/attendance/sheet/")
    summary = page.locator("#sheet-summary").inner_text()
    assert "共 52 行，找到会员 51 人" in summary and "找不到 1 行" in summary
    row = page.locator("tr", has_text="查无此人")
    assert row.locator("td").all_inner_texts() == [
        "53",
        "姓名",
        "查无此人",
        "找不到这名会员，或您无权查看。",
    ]
    page.screenshot(path=f"{shots}/attendance-sheet-preview.png", full_page=True)
    page.get_by_role("button", name="登记 51 人到场").click()
    page.get_by_text("已登记 51 人到场。").wait_for()
    recorded = Attendance.objects.filter(event=later)
    assert recorded.count() == 51 and recorded.filter(member=a).exists()
    assert {r.method for r in recorded} == {"import"}
    page.screenshot(path=f"{shots}/attendance-sheet-done.png", full_page=False)
