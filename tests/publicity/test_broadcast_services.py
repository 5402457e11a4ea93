"""Broadcasts: creation, background delivery against real peers, receipts,
retries, opt-outs and the rate limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.audit.models import AuditEvent
from tongxin.publicity import messages, services
from tongxin.publicity.models import Broadcast, ChannelPreference, Delivery
from tongxin.publicity.ratelimit import RateLimiter
from tongxin.publicity.selectors import broadcast_progress


def _create(pub, capture, **kw):
    kw.setdefault("title", "通知")
    kw.setdefault("body", "{姓名}同志：{组织}周六学习。")
    kw.setdefault("send_sms", True)
    kw.setdefault("send_email", False)
    kw.setdefault("organization", pub.org.edu1)
    with capture(execute=True):
        return services.broadcast_create(by=pub.publicity, **kw)


def test_it_sends_sms_through_the_provider_and_applies_receipts(
    pub, provider, run_worker, django_capture_on_commit_callbacks, client
):
    """Each edu1 member gets one personalised SMS; receipts mark delivery."""
    b = _create(pub, django_capture_on_commit_callbacks)
    assert broadcast_progress(broadcast=b).queued == 2
    run_worker()
    sent = sorted(provider.requests, key=lambda r: r["to"])
    assert [r["to"] for r in sent] == ["+8613800000001", "+8613800000002"]
    assert sent[0]["text"] == "【同心】张传吉同志：教育一支部周六学习。"
    assert sent[0]["auth"] == "Bearer provider-key"
    b.refresh_from_db()
    assert b.status == Broadcast.Status.FINISHED
    rows = {d.member_id: d for d in b.deliveries.all()}
    zhang, wang = rows[pub.zhang.pk], rows[pub.wang.pk]
    assert zhang.status == Delivery.Status.SENT
    assert zhang.address_masked == "1*********1"
    assert "13800000001" not in str(Delivery.objects.values_list().all()[:10])
    ok = provider.receipt(client, zhang.provider_id, "delivered")
    assert ok.status_code == 200
    failed = provider.receipt(client, wang.provider_id, "failed", "空号")
    assert failed.status_code == 200
    zhang.refresh_from_db()
    wang.refresh_from_db()
    assert zhang.status == Delivery.Status.DELIVERED
    assert (wang.status, wang.reason) == (Delivery.Status.FAILED, "空号")
    assert AuditEvent.objects.filter(action="broadcast").count() == 1


def test_a_receipt_with_a_bad_signature_changes_nothing(
    pub, provider, run_worker, django_capture_on_commit_callbacks, client
):
    b = _create(pub, django_capture_on_commit_callbacks)
    run_worker()
    row = b.deliveries.first()
    response = client.post(
        "/publicity/sms/receipts/",
        f'{{"id": "{row.provider_id}", "status": "delivered"}}',
        content_type="application/json",
        headers={"X-Tongxin-Signature": "0" * 64},
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT


def test_provider_errors_and_timeouts_fail_with_a_reason_and_retry_works(
    pub, provider, run_worker, django_capture_on_commit_callbacks
):
    """A 500 and a timeout fail their rows; the rest goes; retry sends only those."""
    provider.modes = {"+8613800000001": "error", "+8613800000002": "slow"}
    b = _create(pub, django_capture_on_commit_callbacks)
    run_worker()
    rows = {d.member_id: d for d in b.deliveries.all()}
    assert rows[pub.zhang.pk].status == Delivery.Status.FAILED
    assert "HTTP 500" in rows[pub.zhang.pk].reason
    assert rows[pub.wang.pk].status == Delivery.Status.FAILED
    assert "超时" in rows[pub.wang.pk].reason
    b.refresh_from_db()
    assert b.status == Broadcast.Status.FINISHED
    provider.modes = {}
    before = len(provider.requests)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.broadcast_retry(by=pub.publicity, broadcast=b) == 2
    run_worker()
    assert len(provider.requests) == before + 2
    assert set(b.deliveries.values_list("status", flat=True)) == {"sent"}
    assert set(b.deliveries.values_list("attempts", flat=True)) == {2}
    with pytest.raises(ValidationError):
        services.broadcast_retry(by=pub.publicity, broadcast=b)


def test_it_sends_e_mail_over_smtp_and_skips_opted_out_members(
    pub, smtp, run_worker, django_capture_on_commit_callbacks
):
    """Wang opted out of e-mail, Zhang gets it; the skip is counted."""
    ChannelPreference.objects.create(member=pub.wang, email_opt_out=True)
    b = _create(
        pub, django_capture_on_commit_callbacks, send_sms=False, send_email=True
    )
    run_worker()
    assert [m.to for m in smtp.messages] == [["zhang@example.com"]]
    assert "张传吉同志" in smtp.messages[0].text or "=E5" in smtp.messages[0].text
    p = broadcast_progress(broadcast=b)
    assert (p.sent, p.skipped, p.opted_out, p.percent) == (1, 1, 1, 100)


def test_a_dead_smtp_server_fails_rows_with_a_reason(
    pub, settings, run_worker, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    b = _create(
        pub, django_capture_on_commit_callbacks, send_sms=False, send_email=True
    )
    run_worker()
    reasons = list(b.deliveries.values_list("status", "reason"))
    assert all(s == "failed" and "邮件发送失败" in r for s, r in reasons)


def test_sending_is_rate_limited(pub, make_member, django_capture_on_commit_callbacks):
    """Six messages at two a second: five pauses, never three in one second."""
    for i in range(4):
        make_member(pub.org.edu1, f"成员{i}", mobile=f"1390000000{i}")
    b = _create(pub, django_capture_on_commit_callbacks)
    now = [0.0]
    sends: list[float] = []
    limiter = RateLimiter(
        2, clock=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s)
    )
    original = limiter.wait

    def wait():
        original()
        sends.append(now[0])

    limiter.wait = wait
    services.deliver(broadcast_id=b.pk, limiter=limiter)
    assert len(sends) == 6
    assert limiter.waits == 5
    assert max(sum(1 for t in sends if s <= t < s + 1) for s in sends) == 2


def test_bad_input_is_refused_and_writes_nothing(pub, make_member):
    cases = [
        ({"body": "{姓名}您好，{职务}请注意"}, "未知的占位符：{职务}"),
        ({"body": "   "}, "请填写消息内容"),
        ({"send_sms": False, "send_email": False}, "请至少选择一种"),
        ({"filters": {"q": "查无此人"}}, "没有符合条件的收件人"),
        ({"body": "长" * (messages.SMS_MAX_CHARS - 4 + 1)}, "短信过长"),
        ({"filters": {"gender": "X"}}, "性别"),
    ]
    for kw, text in cases:
        args = {
            "title": "通知",
            "body": "{姓名}您好",
            "send_sms": True,
            "send_email": False,
            "organization": pub.org.edu1,
            **kw,
        }
        with pytest.raises(ValidationError) as e:
            services.broadcast_create(by=pub.publicity, **args)
        assert text in str(e.value.message_dict), (kw, e.value)
    assert not Broadcast.objects.exists()
    assert not Delivery.objects.exists()


def test_the_longest_allowed_sms_passes():
    messages.check_sms_length("长" * (messages.SMS_MAX_CHARS - 4))
    assert messages.sms_parts("长" * 70) == 1
    assert messages.sms_parts("长" * 71) == 2


def test_only_senders_within_their_subtree_may_broadcast(pub):
    for user, organization in [
        (pub.staff, pub.org.edu1),
        (pub.head, pub.org.edu1),
        (pub.edu_publicity, pub.org.direct),
    ]:
        with pytest.raises(PermissionDenied):
            services.broadcast_create(
                by=user,
                title="t",
                body="b",
                send_sms=True,
                send_email=False,
                organization=organization,
            )


def test_event_participants_are_the_recipients(pub, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    from tongxin.activities import services as act

    start = timezone.now() + dt.timedelta(days=3)
    event = act.event_create(
        by=pub.root,
        organization=pub.org.edu,
        title="读书会",
        kind="lecture",
        start_at=start,
        end_at=start + dt.timedelta(hours=2),
        allows_signup=True,
    )
    act.signup_create(event=event, member=pub.wang, by=pub.root)
    b = _create(pub, django_capture_on_commit_callbacks, organization=None, event=event)
    assert list(b.deliveries.values_list("member_id", flat=True)) == [pub.wang.pk]
    assert b.path == event.path


def test_the_console_gateway_logs_masked_numbers_and_nothing_goes_twice(
    pub, settings, run_worker, django_capture_on_commit_callbacks
):
    """By default SMS go to VAR_DIR/sms/outbox.log; a second run sends nothing."""
    settings.TONGXIN_SEND_RATE = 1000
    b = _create(pub, django_capture_on_commit_callbacks)
    run_worker()
    log = (settings.VAR_DIR / "sms" / "outbox.log").read_text(encoding="utf-8")
    assert log.count("\n") == 2
    assert "1*********1" in log and "13800000001" not in log
    assert services.deliver(broadcast_id=b.pk) == {"sent": 0, "failed": 0}
    log_again = (settings.VAR_DIR / "sms" / "outbox.log").read_text(encoding="utf-8")
    assert log_again == log
    assert set(b.deliveries.values_list("attempts", flat=True)) == {1}


def test_the_list_counts_progress_in_one_query(pub, django_capture_on_commit_callbacks):
    """Listing six broadcasts costs the same queries as listing one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    c = Client()
    c.force_login(pub.publicity)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/publicity/broadcasts/").status_code == 200
        return len(ctx.captured_queries)

    _create(pub, django_capture_on_commit_callbacks)
    c.get("/publicity/broadcasts/")
    one = queries()
    for _ in range(5):
        _create(pub, django_capture_on_commit_callbacks)
    assert queries() == one
