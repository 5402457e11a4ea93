"""``tongxin audit-archive``: offline copies of old rows; nothing is deleted."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tongxin.audit.chain import verify_chain
from tongxin.audit.models import GENESIS, AuditEvent


def _append_at(at: dt.datetime, **fields) -> AuditEvent:
    """Append an event dated ``at`` (as a trail kept for years would hold)."""
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    event = AuditEvent(at=at, prev_hash=head or GENESIS, **fields)
    event.hash = event.compute_hash()
    event.save()
    return event


def test_it_copies_rows_older_than_the_date_with_their_hashes(db, tmp_path):
    now = timezone.now()
    old = [
        _append_at(now - dt.timedelta(days=400), action="login", actor_name="甲"),
        _append_at(now - dt.timedelta(days=300), action="logout", actor_name="甲"),
    ]
    _append_at(now - dt.timedelta(days=10), action="login", actor_name="乙")
    before = (timezone.localdate() - dt.timedelta(days=200)).isoformat()
    target = tmp_path / "archive.jsonl"
    out = io.StringIO()
    call_command("audit_archive", "--before", before, "--out", str(target), stdout=out)
    lines = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [line["id"] for line in lines] == [e.pk for e in old]
    assert [line["hash"] for line in lines] == [e.hash for e in old]
    assert lines[0]["prev_hash"] == GENESIS and lines[1]["prev_hash"] == old[0].hash
    assert lines[0]["actor_name"] == "甲"
    assert "已将 2 条" in out.getvalue()
    # Nothing deleted; the archive itself is recorded.
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in old]).count() == 2
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "export" and event.object_type == "audit.auditevent"
    assert event.detail["rows"] == 2 and event.detail["before"] == before
    assert verify_chain().ok


def test_it_refuses_a_date_inside_the_retention_period(db, tmp_path):
    recent = (timezone.localdate() - dt.timedelta(days=179)).isoformat()
    with pytest.raises(CommandError) as exc:
        call_command(
            "audit_archive", "--before", recent, "--out", str(tmp_path / "a.jsonl")
        )
    assert exc.value.returncode == 2
    assert "180 天" in str(exc.value)
    assert not (tmp_path / "a.jsonl").exists()


def test_it_refuses_a_bad_date_and_an_existing_file(db, tmp_path):
    with pytest.raises(CommandError, match="年-月-日"):
        call_command("audit_archive", "--before", "2020/01/01", "--out", "x.jsonl")
    target = tmp_path / "a.jsonl"
    target.write_text("keep")
    with pytest.raises(CommandError, match="已存在"):
        call_command("audit_archive", "--before", "2020-01-01", "--out", str(target))
    assert target.read_text() == "keep"
