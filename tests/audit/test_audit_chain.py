"""The hash chain, the append-only triggers, verification and concurrent appends."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.audit import triggers
from tongxin.audit.chain import verify_chain
from tongxin.audit.models import GENESIS, AuditEvent
from tongxin.audit.services import audit_record


def _raw(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def _tamper(sql: str, params: list) -> None:
    """Run ``sql`` with the append-only triggers lifted, as a DB owner could."""
    triggers.drop(connection)
    try:
        _raw(sql, params)
    finally:
        triggers.create(connection)


def _events(n: int) -> list[AuditEvent]:
    return [audit_record(action="backup", detail={"n": i}) for i in range(n)]


def test_it_chains_each_event_to_the_one_before(db):
    first, second = _events(2)
    first = AuditEvent.objects.get(pk=first.pk)
    second = AuditEvent.objects.get(pk=second.pk)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert first.hash == first.compute_hash()
    assert second.hash == second.compute_hash()
    assert len(first.hash) == 64
    report = verify_chain()
    assert report.ok and report.count == 2 and report.head == second.hash


def test_an_event_outside_a_request_has_no_actor_and_says_cli(db):
    event = AuditEvent.objects.get(pk=audit_record(action="backup").pk)
    assert event.actor_id is None and event.actor_name == "" and event.ip is None
    assert event.detail == {"via": "cli"}
    assert event.at <= timezone.now()


def test_details_read_back_identically_on_this_database(db, people):
    detail = {
        "text": "张三 <script>alert(1)</script> \u0000",
        "nested": {"b": [1, 2.5, None, True], "a": "二"},
        "big": 1e20,
        "date": dt.date(2026, 1, 31),
    }
    event = audit_record(
        action="update",
        actor=people.staff,
        ip="::ffff:192.0.2.7",
        object_repr="=1+1",
        detail=detail,
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.ip == "192.0.2.7"
    assert stored.detail["date"] == "2026-01-31"
    assert stored.detail["text"] == "张三 <script>alert(1)</script> "
    assert stored.hash == stored.compute_hash()
    assert verify_chain().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'login'",
        "UPDATE audit_auditevent SET actor_id = NULL",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_to_change_or_delete_rows(db, sql):
    _events(2)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            _raw(sql)
    assert AuditEvent.objects.filter(action="backup").count() == 2
    assert verify_chain().ok


def test_the_model_refuses_to_change_or_delete_rows(db):
    (event,) = _events(1)
    event.action = "login"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="login")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "backup"


def test_verify_reports_the_first_altered_row(db):
    events = _events(5)
    _tamper(
        "UPDATE audit_auditevent SET object_repr = %s WHERE id = %s",
        ["伪造", events[2].pk],
    )
    report = verify_chain()
    assert not report.ok
    assert report.broken_id == events[2].pk
    assert report.count == 2
    assert str(events[2].pk) in report.message


def test_verify_reports_a_row_rehashed_after_tampering_at_the_next_row(db):
    events = _events(4)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.detail = {"n": 99, "via": "cli"}
    _tamper(
        "UPDATE audit_auditevent SET detail = %s, hash = %s WHERE id = %s",
        [json.dumps(forged.detail), forged.compute_hash(), forged.pk],
    )
    report = verify_chain()
    assert not report.ok and report.broken_id == events[2].pk


def test_verify_reports_a_deleted_row(db):
    events = _events(4)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = verify_chain()
    assert not report.ok and report.broken_id == events[2].pk and report.count == 1


def test_the_verify_command_says_ok_with_the_count(db):
    _events(3)
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "共 3 条记录" in out.getvalue()
    out = io.StringIO()
    call_command("audit_verify", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["ok"] is True and data["count"] == 3 and data["broken_id"] is None


def test_the_verify_command_exits_1_at_the_broken_row(db):
    events = _events(3)
    _tamper(
        "UPDATE audit_auditevent SET actor_name = %s WHERE id = %s",
        ["某人", events[0].pk],
    )
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    assert exc.value.returncode == 1
    assert f"第 {events[0].pk} 号记录" in str(exc.value)
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify", "--json", stdout=out)
    assert exc.value.returncode == 1
    data = json.loads(out.getvalue())
    assert data["ok"] is False and data["broken_id"] == events[0].pk


def test_deleting_a_user_keeps_their_events_and_the_chain(db, people):
    user = User.objects.create_user(
        "gone", "gone@example.com", "x", display_name="离职者"
    )
    event = audit_record(action="backup", actor=user, ip="198.51.100.4")
    user_id = user.pk
    user.delete()
    stored = AuditEvent.objects.select_related("actor").get(pk=event.pk)
    assert stored.actor is None
    assert stored.actor_id == user_id
    assert stored.actor_name == "离职者（gone）"
    assert verify_chain().ok


def test_retention_below_180_days_is_refused():
    env = {**os.environ, "TONGXIN_AUDIT_RETENTION_DAYS": "90"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import tongxin.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TONGXIN_AUDIT_RETENTION_DAYS must be at least 180" in result.stderr


def test_the_default_retention_is_180_days(settings):
    assert settings.TONGXIN_AUDIT_RETENTION_DAYS >= 180


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(50):
                with transaction.atomic():
                    audit_record(action="backup", detail={"writer": n, "i": i})
        except BaseException as e:  # reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_chain()
    assert report.ok and report.count == 100
    prevs = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prevs)) == 100
    writers = AuditEvent.objects.values_list("detail__writer", flat=True)
    assert sorted(set(writers)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_event_and_no_fork():
    audit_record(action="backup")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            audit_record(action="restore")
            raise RuntimeError("roll back")
    audit_record(action="backup")
    assert not AuditEvent.objects.filter(action="restore").exists()
    report = verify_chain()
    assert report.ok and report.count == 2


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_keeps_the_triggers():
    _events(2)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    _events(1)
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            _raw("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 1
