"""Broadcasting in a real browser: publicity staff write a message to a branch,
preview it for one member, send it, and watch the progress reach 100% while a
real ``tongxin worker`` process sends the queued messages."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.activities.conftest import login_user
from tests.e2e.test_event_signup import log_in
from tongxin.publicity.models import Broadcast, Delivery

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    """Return the URL of the test database, for the worker process."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.fixture
def worker():
    """Run ``tongxin worker`` against the test database, five messages a second."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TONGXIN_SEND_RATE": "5",
        "TONGXIN_SMS_BACKEND": "console",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tongxin.cli", "worker", f"--with-parent={os.getpid()}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_staff_broadcast_to_a_branch_and_watch_it_finish(
    live_server, page, worker, org, people, make_member
):
    for i, name in enumerate(["张传吉", "王芳", "李明", "陈静", "刘洋", "赵磊"]):
        make_member(org.edu1, name, mobile=f"1380000000{i}")
    make_member(org.direct, "孙外支", mobile="13900000009")
    login_user("publicity", root=people.root, role="staff_publicity", node=org.city)
    base = live_server.url
    log_in(page, base, "publicity", "/publicity/broadcasts/new/")

    page.fill("input[name=title]", "学习通知")
    page.fill("textarea[name=body]", "{姓名}同志：{组织}周六上午集中学习。")
    page.check("input[name=send_sms]")
    page.select_option("select[name=organization]", str(org.edu1.pk))
    page.click("button[name=preview]")
    preview = page.locator("#preview")
    assert "共 6 位收件人" in preview.inner_text()
    assert "同志：教育一支部周六上午集中学习。" in preview.inner_text()
    assert not Broadcast.objects.exists()

    page.click("button[name=send]")
    page.wait_for_url(
        lambda url: "/publicity/broadcasts/" in url and "/new/" not in url
    )
    # htmx polls the progress until every message is out.
    page.wait_for_selector('[data-progress="100"]', timeout=60_000)
    assert "已发送 6" in page.locator("#progress").inner_text()
    b = Broadcast.objects.get()
    assert b.status == Broadcast.Status.FINISHED
    assert set(b.deliveries.values_list("status", flat=True)) == {Delivery.Status.SENT}
    page.reload()
    assert page.locator("tbody tr").count() == 6
