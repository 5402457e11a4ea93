"""The migration encrypts the plaintext numbers of an existing registry.

The database is taken back to the last plaintext state (members 0002), rows
are written the way that schema stored them, and the encryption migrations
are applied: members and history rows hold ciphertext, the hashes are
filled, and every value reads back as it was.  Backwards, the plaintext comes
back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import make_id_number
from tongxin.core import crypto

PLAINTEXT = [("members", "0002_initial")]
ENCRYPTED = [("members", "0005_swap_encrypted_columns")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def columns(table: str, *names: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY 1")
        return cursor.fetchall()


@pytest.fixture
def plaintext_registry(transactional_db):
    """Yield the old models' apps with a few members; migrate forward afterwards."""
    executor = migrate(PLAINTEXT)
    try:
        yield executor.loader.project_state(PLAINTEXT).apps
    finally:
        call_command("migrate", verbosity=0)


def test_it_encrypts_members_and_history_and_fills_the_hashes(plaintext_registry):
    old = plaintext_registry
    Organization = old.get_model("orgs", "Organization")
    Member = old.get_model("members", "Member")
    History = old.get_model("members", "HistoricalMember")
    city = Organization.objects.create(
        code="C", name="民进测试市委员会", kind="committee", path="00001"
    )
    numbers = [
        make_id_number(dt.date(1970 + i, 1, 1), female=bool(i % 2)) for i in range(3)
    ]
    mobiles = ["13812345678", "", "0411-82345678"]
    rows = []
    for i, (number, mobile) in enumerate(zip(numbers, mobiles, strict=True)):
        member = Member.objects.create(
            name=f"会员{i}",
            gender="M",
            id_number=number if i < 2 else None,
            mobile=mobile,
            organization=city,
            org_path=city.path,
        )
        History.objects.create(
            id=member.pk,
            name=member.name,
            gender="M",
            id_number=member.id_number,
            mobile=mobile,
            organization_id=city.pk,
            status="active",
            created_at=timezone.now(),
            history_date=timezone.now(),
            history_type="+",
        )
        rows.append((member.pk, member.id_number, mobile))

    migrate(ENCRYPTED)

    stored = columns(
        "members_member", "id", "id_number", "mobile", "id_number_hash", "mobile_hash"
    )
    for (pk, number, mobile), row in zip(rows, stored, strict=True):
        assert row[0] == pk
        assert (crypto.decrypt(row[1]) if row[1] else row[1]) == number
        assert (crypto.decrypt(row[2]) if row[2] else row[2]) == mobile
        assert row[3] == (crypto.blind_index("id_number", number) if number else None)
        assert row[4] == (crypto.blind_index("mobile", mobile) if mobile else None)
    history = columns("members_historicalmember", "id", "id_number", "mobile")
    for (pk, number, mobile), row in zip(rows, history, strict=True):
        assert row[0] == pk
        assert (crypto.decrypt(row[1]) if row[1] else row[1]) == number
        assert (crypto.decrypt(row[2]) if row[2] else row[2]) == mobile
    cells = [str(v) for row in stored + history for v in row]
    for value in [*numbers[:2], "13812345678", "0411-82345678"]:
        assert not [c for c in cells if value in c]

    migrate(PLAINTEXT)
    assert columns("members_member", "id", "id_number", "mobile") == rows
    assert columns("members_historicalmember", "id", "id_number", "mobile") == rows
