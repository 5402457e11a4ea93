"""Browser tests: Playwright driving Debian's Chromium against a live server.

The fixtures are defined once, here, and made visible to every test by the
root ``conftest.py``: Playwright's sync API runs one event loop per thread, so
a second session-scoped browser in the same worker would fail to start.
"""

import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("TONGXIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("TONGXIN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database calls are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="tongxin-e2e-")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield b
        b.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def pick_member(page, label: str, search: str, choice: str) -> None:
    """Choose a member in a picker (``members/pickers.py``): search, then click."""
    box = page.locator(".tx-picker-search").and_(page.get_by_label(label))
    box.fill(search)
    picker = box.locator("xpath=ancestor::div[contains(@class, 'tx-picker')][1]")
    picker.locator(".tx-picker-results").get_by_role("button", name=choice).click()
    picker.locator(".tx-picker-chosen").get_by_text(choice).wait_for()
