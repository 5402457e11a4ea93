"""A worker killed mid-send leaves a delivery "sending": it is recovered as
failed (state unknown), never sent twice, and staff may retry it."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.utils import timezone

from tongxin.publicity import services
from tongxin.publicity.models import Broadcast, Delivery
from tongxin.publicity.services.delivery import INTERRUPTED, _claim


def _broadcast(pub, capture):
    with capture(execute=False):  # nothing queued for a worker yet
        return services.broadcast_create(
            by=pub.publicity,
            title="通知",
            body="{姓名}同志：周六学习。",
            send_sms=True,
            send_email=False,
            organization=pub.org.edu1,
        )


def _age(row: Delivery, minutes: int) -> None:
    Delivery.objects.filter(pk=row.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_a_stale_sending_row_is_marked_failed_and_a_fresh_one_is_left(
    pub, django_capture_on_commit_callbacks
):
    b = _broadcast(pub, django_capture_on_commit_callbacks)
    stale = _claim(b.pk)  # the worker took it, then was killed
    _age(stale, 30)
    fresh = _claim(b.pk)  # another worker is sending this one right now
    assert services.deliveries_recover_stale() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, stale.reason) == (Delivery.Status.FAILED, INTERRUPTED)
    assert "发送中断，状态未知" in stale.reason
    assert fresh.status == Delivery.Status.SENDING
    assert services.deliveries_recover_stale() == 0  # nothing twice


def test_the_worker_recovers_at_start_sends_the_rest_and_never_resends(
    pub, provider, run_worker, django_capture_on_commit_callbacks
):
    b = _broadcast(pub, django_capture_on_commit_callbacks)
    stale = _claim(b.pk)
    _age(stale, 30)
    # The job for the rest of the broadcast is queued; the worker starts.
    from tongxin.publicity.tasks import deliver_broadcast

    deliver_broadcast.enqueue(b.pk)
    run_worker()
    stale.refresh_from_db()
    assert stale.status == Delivery.Status.FAILED and stale.reason == INTERRUPTED
    assert len(provider.requests) == 1  # only the other member's message
    b.refresh_from_db()
    assert b.status == Broadcast.Status.FINISHED
    # Staff decide to retry: now it goes out, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.broadcast_retry(by=pub.publicity, broadcast=b) == 1
    run_worker()
    stale.refresh_from_db()
    assert stale.status == Delivery.Status.SENT
    assert len(provider.requests) == 2
    assert len({r["to"] for r in provider.requests}) == 2


def test_the_periodic_command_reports_what_it_recovered(
    pub, django_capture_on_commit_callbacks
):
    b = _broadcast(pub, django_capture_on_commit_callbacks)
    row = _claim(b.pk)
    out = io.StringIO()
    call_command("recover_deliveries", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"recovered": 0}
    _age(row, 11)
    out = io.StringIO()
    call_command("recover_deliveries", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"recovered": 1}
    out = io.StringIO()
    call_command("recover_deliveries", "--older-than", "0", stdout=out)
    assert "0 条" in out.getvalue()
