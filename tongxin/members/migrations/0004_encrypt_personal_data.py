"""Encrypt the ID numbers and mobiles of members and of their history rows.

Reads the plaintext columns, writes the encrypted copies (the field encrypts)
and, for members, the keyed hashes.  Works in batches by primary key and
recomputes everything from the plaintext columns, so it can run again.
Backwards it decrypts into the plaintext columns.  Imports only
``tongxin.core.crypto``, which touches no model.
"""

from django.db import migrations

from tongxin.core import crypto

BATCH = 1000


def _batches(model, fields):
    pk = model._meta.pk.name
    last = None
    while True:
        qs = model.objects.order_by(pk).only(pk, *fields)
        if last is not None:
            qs = qs.filter(**{f"{pk}__gt": last})
        rows = list(qs[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _hash(purpose, value):
    return crypto.blind_index(purpose, value) if value else None


def encrypt(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    for rows in _batches(Member, ("id_number", "mobile")):
        for m in rows:
            m.id_number_enc = m.id_number or None
            m.mobile_enc = m.mobile
            m.id_number_hash = _hash("id_number", m.id_number)
            m.mobile_hash = _hash("mobile", m.mobile)
        Member.objects.bulk_update(
            rows, ["id_number_enc", "mobile_enc", "id_number_hash", "mobile_hash"]
        )
    History = apps.get_model("members", "HistoricalMember")
    for rows in _batches(History, ("id_number", "mobile")):
        for h in rows:
            h.id_number_enc = h.id_number or None
            h.mobile_enc = h.mobile
        History.objects.bulk_update(rows, ["id_number_enc", "mobile_enc"])


def decrypt(apps, schema_editor):
    for name in ("Member", "HistoricalMember"):
        model = apps.get_model("members", name)
        for rows in _batches(model, ("id_number_enc", "mobile_enc")):
            for r in rows:
                r.id_number = r.id_number_enc
                r.mobile = r.mobile_enc or ""
            model.objects.bulk_update(rows, ["id_number", "mobile"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_personal_data_encrypted_columns"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
