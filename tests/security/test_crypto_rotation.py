"""Key rotation loses nothing; missing keys stop a production deployment.

``tongxin rotate-keys`` re-encrypts every stored value with the first key of
``TONGXIN_FIELD_KEYS``: after a rotation from key A to keys "B,A", every
member and history value decrypts with B alone and equals what was stored,
and the keyed-hash lookups still work.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import make_id_number
from tongxin.audit.models import AuditEvent
from tongxin.core import crypto
from tongxin.members.models import Member
from tongxin.members.services import member_update

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
INDEX_KEY = "index-key-for-the-rotation-tests-0123456789"
NEW_INDEX_KEY = "the-new-index-key-for-the-rotation-tests-9876"


@pytest.fixture
def under_key_a(settings):
    """Encrypt with key A only (set before any member is written)."""
    settings.TONGXIN_FIELD_KEYS = [KEY_A]
    settings.TONGXIN_INDEX_KEY = INDEX_KEY
    settings.TONGXIN_INDEX_KEY_NEW = ""
    return settings


@pytest.fixture
def stored(under_key_a, org, root, make_member):
    """Members with numbers, one without, and a history of changes."""
    members = [
        make_member(org.edu1, "张传吉", mobile="13812345678"),
        make_member(
            org.edu2,
            "王芳",
            female=True,
            birth=dt.date(1980, 2, 29),
            mobile="0411-82345678",
        ),
        make_member(org.direct, "赵明", id_number=None, gender="M"),
    ]
    member_update(member=members[0], by=root, mobile="13900001111")
    return {m.pk: (m.id_number, m.mobile) for m in Member.objects.all()}


def raw_tokens() -> list[str]:
    tokens = []
    with connection.cursor() as cursor:
        for table in ("members_member", "members_historicalmember"):
            cursor.execute(f"SELECT id_number, mobile FROM {table}")
            tokens += [t for row in cursor.fetchall() for t in row if t]
    return tokens


def decrypts_with(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except Exception:
        return False
    return True


def assert_found(stored: dict) -> None:
    """Assert every stored number finds its member through the hashes."""
    for pk, (number, mobile) in stored.items():
        if number:
            assert Member.objects.with_id_number(number).get().pk == pk
        if mobile:
            assert Member.objects.with_mobile(mobile).get().pk == pk


def rotate(*args: str) -> dict:
    out = io.StringIO()
    call_command("rotate_keys", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_rotation_re_encrypts_everything_with_the_new_key_without_loss(
    stored, settings
):
    history_before = {
        h.history_id: (h.id_number, h.mobile) for h in Member.history.all()
    }
    before = raw_tokens()
    assert before and all(decrypts_with(KEY_A, t) for t in before)
    settings.TONGXIN_FIELD_KEYS = [KEY_B, KEY_A]
    report = rotate("--batch", "2")
    assert report["reencrypted"] == len(before)
    assert report["tables"]["members_member"]["rows"] == 3
    after = raw_tokens()
    assert len(after) == len(before)
    assert all(decrypts_with(KEY_B, t) and not decrypts_with(KEY_A, t) for t in after)

    settings.TONGXIN_FIELD_KEYS = [KEY_B]
    assert {m.pk: (m.id_number, m.mobile) for m in Member.objects.all()} == stored
    assert {
        h.history_id: (h.id_number, h.mobile) for h in Member.history.all()
    } == history_before
    assert_found(stored)
    event = AuditEvent.objects.get(action="key_rotate")
    assert event.detail["reencrypted"] == len(before)
    assert event.detail["via"] == "cli"


def test_a_second_run_has_nothing_left_to_do(stored, settings):
    settings.TONGXIN_FIELD_KEYS = [KEY_B, KEY_A]
    rotate()
    tokens = raw_tokens()
    again = rotate()
    assert again["reencrypted"] == 0
    assert raw_tokens() == tokens


def test_a_dry_run_checks_and_counts_but_writes_nothing(stored, settings):
    before = raw_tokens()
    settings.TONGXIN_FIELD_KEYS = [KEY_B, KEY_A]
    report = rotate("--dry-run")
    assert report["dry_run"] is True
    assert report["reencrypted"] == len(before)
    assert raw_tokens() == before
    assert not AuditEvent.objects.filter(action="key_rotate").exists()


def test_the_index_key_is_rotated_with_the_new_index_key_option(stored, settings):
    settings.TONGXIN_INDEX_KEY_NEW = NEW_INDEX_KEY
    report = rotate("--new-index-key")
    assert report["rehashed"] is True
    assert report["tables"]["members_member"]["rehashed"] == 4  # 2 IDs, 2 mobiles
    number, mobile = next(v for v in stored.values() if v[0])
    assert not Member.objects.with_id_number(number).exists()  # old key: no match
    settings.TONGXIN_INDEX_KEY = NEW_INDEX_KEY
    settings.TONGXIN_INDEX_KEY_NEW = ""
    assert_found(stored)


def test_the_new_index_key_option_needs_the_new_key(stored):
    with pytest.raises(CommandError, match="TONGXIN_INDEX_KEY_NEW"):
        rotate("--new-index-key")


def test_a_value_no_key_decrypts_stops_the_run_and_names_the_row(stored, settings):
    settings.TONGXIN_FIELD_KEYS = [KEY_B]
    with pytest.raises(CommandError, match=r"members_\w*member \w*id=\d+: .*decrypted"):
        rotate()
    assert all(decrypts_with(KEY_A, t) for t in raw_tokens())


def test_it_prints_new_keys_that_work(settings):
    out = io.StringIO()
    call_command("rotate_keys", "--print-new-keys", stdout=out)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    Fernet(values["TONGXIN_FIELD_KEYS"].encode())
    assert len(values["TONGXIN_INDEX_KEY"]) >= crypto.MIN_INDEX_KEY_LENGTH


# --- configuration --------------------------------------------------------------------


def test_missing_keys_in_production_are_an_error(settings):
    settings.TONGXIN_KEYS_AUTOGENERATE = False
    settings.TONGXIN_FIELD_KEYS = []
    settings.TONGXIN_INDEX_KEY = INDEX_KEY
    with pytest.raises(ImproperlyConfigured, match="TONGXIN_FIELD_KEYS"):
        crypto.encrypt("x")
    errors = crypto.check_keys()
    assert [e.id for e in errors] == ["tongxin.E301"]
    settings.TONGXIN_FIELD_KEYS = [KEY_A]
    settings.TONGXIN_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="TONGXIN_INDEX_KEY"):
        crypto.blind_index("mobile", "13812345678")
    settings.TONGXIN_INDEX_KEY = INDEX_KEY
    assert crypto.check_keys() == []
    assert crypto.decrypt(crypto.encrypt("x")) == "x"


def test_malformed_keys_are_an_error(settings):
    settings.TONGXIN_FIELD_KEYS = ["not-a-fernet-key"]
    settings.TONGXIN_INDEX_KEY = INDEX_KEY
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        crypto.encrypt("x")
    settings.TONGXIN_FIELD_KEYS = [KEY_A]
    settings.TONGXIN_INDEX_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="at least"):
        crypto.encrypt("x")


def test_development_keys_are_generated_once_into_a_private_file(settings, tmp_path):
    path = tmp_path / "keys.env"
    settings.TONGXIN_KEYS_FILE = path
    settings.TONGXIN_KEYS_AUTOGENERATE = True
    settings.TONGXIN_FIELD_KEYS = []
    settings.TONGXIN_INDEX_KEY = ""
    token = crypto.encrypt("210202197503140011")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    content = path.read_text()
    crypto.keys.cache_clear()
    assert crypto.decrypt(token) == "210202197503140011"
    assert path.read_text() == content
    assert [w.id for w in crypto.check_keys()] == ["tongxin.W301"]


def test_an_id_number_made_under_one_key_is_found_after_rotation(
    under_key_a, org, make_member
):
    number = make_id_number(dt.date(1975, 3, 14), female=False)
    member = make_member(org.edu1, "张传吉", id_number=number)
    under_key_a.TONGXIN_FIELD_KEYS = [KEY_B, KEY_A]
    rotate()
    under_key_a.TONGXIN_FIELD_KEYS = [KEY_B]
    assert Member.objects.with_id_number(number).get() == member
