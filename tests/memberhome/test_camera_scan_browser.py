"""The scan page's camera path in a real Chromium: a fake camera (Chromium's
test pattern) feeds the page's video, and a ``BarcodeDetector`` stand-in,
installed before the page's scripts run, "reads" from it the code the test
put in ``sessionStorage`` — the member's real code from the QR service, or a
forged one.  Nothing is typed: the page's own detection loop fills the form
and submits it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.memberhome.test_phone_browser import _signed_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FAKE_CAMERA = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]

# Counts the frames it was given in sessionStorage ("tx-frames"), so the test
# can see the page's loop ran across the submissions.
FAKE_DETECTOR = """
(() => {
  let frames = 0;
  class FakeBarcodeDetector {
    constructor(options) { this.formats = (options || {}).formats || []; }
    static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
    detect(source) {
      if (!(source instanceof HTMLVideoElement) || source.readyState < 2) {
        return Promise.resolve([]);
      }
      frames += 1;
      const seen = Number(sessionStorage.getItem("tx-frames") || 0);
      sessionStorage.setItem("tx-frames", String(seen + 1));
      const raw = sessionStorage.getItem("tx-camera-sees");
      // The first frames show nothing, as a real camera being aimed would.
      if (!raw || frames < 3) return Promise.resolve([]);
      return Promise.resolve([{ rawValue: raw, format: "qr_code" }]);
    }
  }
  window.BarcodeDetector = FakeBarcodeDetector;
})();
"""


@pytest.fixture
def camera_browser(browser):
    """A second Chromium from the same Playwright, with a fake camera."""
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + FAKE_CAMERA
    )
    yield b
    b.close()


def test_staff_check_a_member_in_with_the_camera_and_a_forged_code_is_refused(
    live_server, camera_browser, home
):
    from django.utils import timezone

    from tongxin.activities import services as act
    from tongxin.activities.models import Attendance, Event
    from tongxin.activities.services.scan import member_checkin_code

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    event = act.event_create(
        by=home.staff,
        organization=home.org.city,
        title="同心讲堂：基层协商",
        kind="lecture",
        start_at=start,
        end_at=start + dt.timedelta(hours=3),
    )
    begun = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)
    Event.objects.filter(pk=event.pk).update(
        start_at=begun, end_at=begun + dt.timedelta(hours=3)
    )
    code = member_checkin_code(home.zhang_record)

    context, staff = _signed_in(camera_browser, live_server, home.staff)
    context.grant_permissions(["camera"], origin=live_server.url)
    context.add_init_script(FAKE_DETECTOR)
    scan_url = f"{live_server.url}/activities/{event.pk}/attendance/scan/"
    staff.goto(scan_url)
    camera = staff.get_by_role("region", name="用摄像头扫描")
    camera.wait_for()  # shown only where BarcodeDetector and a camera exist
    staff.evaluate("c => sessionStorage.setItem('tx-camera-sees', c)", code)
    camera.get_by_role("button", name="打开摄像头").click()
    staff.get_by_text("已为 张传吉 签到（未报名，记为现场登记）。").wait_for()
    row = Attendance.objects.get(event=event, member=home.zhang_record)
    assert row.method == Attendance.Method.QR and row.recorded_by == home.staff
    # The form was filled by the camera path, never typed into: the field is
    # empty again on the page the submission returned.
    assert staff.get_by_label("签到码").input_value() == ""

    # A code that is not one of ours, read by the camera: refused in Chinese.
    forged = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    staff.evaluate("c => sessionStorage.setItem('tx-camera-sees', c)", forged)
    staff.get_by_role("button", name="打开摄像头").click()
    staff.get_by_text("签到码无效").wait_for()
    assert Attendance.objects.filter(event=event).count() == 1
    # Each scan read three frames of the fake camera's video before it "saw" a code.
    assert staff.evaluate("sessionStorage.getItem('tx-frames')") == "6"
    context.close()
