"""On a 390 × 844 phone: the member shows their check-in QR code and staff,
in another browser, scan it by typing the code; a 微建议 photo of 3000 × 2000
is compressed on the phone before upload.  axe-core checks /m/qr/, /m/suggest/
and the scan page in normal and large-text mode: no serious or critical
violation.  The violations by impact are printed per page and mode.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from tests.memberhome.test_phone_browser import IMPACTS, _signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _large_text(context, url: str) -> None:
    """Switch the context to large text, as the header's 大字 button does."""
    context.add_cookies([{"name": "tongxin_text", "value": "large", "url": url}])


def _photo_3000x2000() -> bytes:
    """A real camera-sized JPEG: noise over a gradient, a few megabytes."""
    noise = Image.effect_noise((3000, 2000), 60).convert("RGB")
    gradient = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    out = io.BytesIO()
    Image.blend(noise, gradient, 0.5).save(out, "JPEG", quality=95)
    return out.getvalue()


def test_the_member_shows_the_qr_staff_scan_it_and_a_photo_is_compressed(
    live_server, browser, home, tmp_path
):
    from django.utils import timezone

    from tongxin.activities import services as act
    from tongxin.activities.models import Attendance, Event
    from tongxin.core import files
    from tongxin.participation.models import Attachment, Suggestion

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    event = act.event_create(
        by=home.staff,
        organization=home.org.city,
        title="同心讲堂：城市更新",
        kind="lecture",
        start_at=start,
        end_at=start + dt.timedelta(hours=3),
    )
    begun = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)
    Event.objects.filter(pk=event.pk).update(
        start_at=begun, end_at=begun + dt.timedelta(hours=3)
    )
    shots = os.environ.get("TONGXIN_SCREENSHOTS") or str(tmp_path)
    os.makedirs(shots, exist_ok=True)
    axe = Axe()
    found: dict[tuple[str, str], collections.Counter] = {}

    def check(page, name: str, mode: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        large = page.evaluate("document.documentElement.classList.contains('tx-large')")
        assert large == (mode == "large"), (name, mode)
        page.screenshot(path=f"{shots}/checkin-{name}-{mode}.png", full_page=True)
        response = axe.run(page).response
        assert response["passes"], name
        violations = response["violations"]
        found[(name, mode)] = collections.Counter(v["impact"] for v in violations)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, (name, mode, bad)

    base = live_server.url
    context, page = _signed_in(browser, live_server, home.zhang)

    # 我的 shows the code; /m/qr/ shows it big, with the code to read out.
    page.goto(base + "/m/")
    section = page.get_by_role("region", name="我的签到码")
    assert section.get_by_role("img", name="我的签到二维码").is_visible()
    section.get_by_role("button", name="放大显示").click()
    page.wait_for_url("**/m/qr/")
    qr = page.get_by_role("img", name="我的签到二维码")
    box = qr.bounding_box()
    assert box["width"] >= 300, box  # big enough to hold up to a scanner
    code = page.locator(".tx-member-code").inner_text().strip()
    assert len(code.replace(" ", "")) == 26
    check(page, "qr", "normal")

    # Staff, on their own phone, type the code on the event's scan page.
    staff_context, staff = _signed_in(browser, live_server, home.staff)
    scan_url = f"{base}/activities/{event.pk}/attendance/scan/"
    staff.goto(scan_url)
    check(staff, "scan", "normal")
    staff.get_by_label("签到码").fill(code)
    staff.get_by_role("button", name="签到", exact=True).click()
    # 张传吉 had not signed up: recorded, and flagged as a walk-in.
    staff.get_by_text("已为 张传吉 签到（未报名，记为现场登记）。").wait_for()
    row = Attendance.objects.get(event=event, member=home.zhang_record)
    assert row.method == Attendance.Method.QR and row.recorded_by == home.staff
    assert row.walk_in
    staff.get_by_label("签到码").fill(code.lower())
    staff.get_by_role("button", name="签到", exact=True).click()
    staff.get_by_text("无需重复签到").wait_for()
    assert Attendance.objects.filter(event=event).count() == 1
    staff.get_by_label("签到码").fill("ABCD EFGH")
    staff.get_by_role("button", name="签到", exact=True).click()
    staff.get_by_text("签到码无效").wait_for()
    _large_text(staff_context, base)
    staff.goto(scan_url)
    check(staff, "scan", "large")

    # A 微建议 with a 3000 × 2000 photo: the phone sends it at most 1600 px wide.
    original = _photo_3000x2000()
    page.goto(base + "/m/suggest/")
    check(page, "suggest", "normal")
    page.get_by_label("标题").fill("小区门口路灯不亮")
    page.get_by_label("建议内容").fill("建议尽快维修，夜间老人出行不便。")
    picker = page.get_by_label("照片 1（选填）")
    picker.set_input_files(
        {"name": "路灯.jpg", "mimeType": "image/jpeg", "buffer": original}
    )
    page.wait_for_function(
        "document.getElementById('id_photo1').hasAttribute('data-compressed')"
    )
    sent = int(picker.get_attribute("data-compressed"))
    assert 0 < sent < len(original), (sent, len(original))
    page.get_by_role("button", name="提交微建议").click()
    page.get_by_text("微建议“小区门口路灯不亮”已提交").wait_for()
    item = Suggestion.objects.get(title="小区门口路灯不亮")
    photo = Attachment.objects.get(kind="suggestions", item_id=item.pk)
    with Image.open(files.resolve(photo.stored_name)) as stored:
        assert max(stored.size) <= 1600, stored.size
        assert stored.size == (1600, 1067), stored.size
    assert photo.size == sent < len(original)

    _large_text(context, base)
    page.goto(base + "/m/suggest/")
    check(page, "suggest", "large")
    page.goto(base + "/m/qr/")
    check(page, "qr", "large")
    page.goto(base + "/m/")
    check(page, "home", "large")

    print("\naxe-core violations by impact (390 × 844):")
    for (name, mode), counts in found.items():
        line = ", ".join(f"{i} {counts.get(i, 0)}" for i in IMPACTS)
        print(f"  {name:<8} {mode:<6} {line}")
    print(
        f"  photo: {len(original)} bytes 3000 × 2000 sent as {sent} bytes 1600 × 1067"
    )
    staff_context.close()
    context.close()
