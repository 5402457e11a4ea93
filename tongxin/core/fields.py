"""Personal data stored encrypted: the model field and the rotation of its values.

See :mod:`tongxin.core.crypto` for the keys.
"""

from __future__ import annotations

import dataclasses

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldError
from django.db import connection, models, transaction
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from tongxin.core import crypto

__all__ = [
    "EncryptedTextField",
    "RotationReport",
    "encrypted_fields",
    "rotate_stored_values",
]


def _refusal(field: models.Field, lookup: str) -> FieldError:
    model = getattr(field, "model", None)
    where = f"{model._meta.label}.{field.name}" if model else field.name
    hint = (
        f" Filter on {field.hash_field} = tongxin.core.crypto.blind_index("
        f"'{field.name}', value) instead."
        if field.hash_field
        else ""
    )
    return FieldError(
        f"{where} is stored encrypted: the lookup '{lookup}' would compare "
        f"ciphertext; only isnull is allowed.{hint}"
    )


class _NullOnlyExact(Exact):
    """``field=None`` (turned into ``isnull`` by Django); any value is refused."""

    def __init__(self, lhs, rhs):
        if rhs is not None:
            raise _refusal(lhs.output_field, "exact")
        super().__init__(lhs, rhs)


class EncryptedTextField(models.Field):
    """Text stored as a Fernet token and read back as clear text.

    ``None`` and ``""`` are stored as they are.  The column holds ciphertext,
    so it cannot be filtered on: every lookup but ``isnull`` raises
    ``FieldError``; find values through the keyed hash column named by
    ``hash_field`` (kept by the services).  django-simple-history copies the
    field into the historical model, so history rows are encrypted too.
    """

    description = _("加密文本")
    #: Marks the field as personal data for anything that lists values
    #: (audit details, exports): show it masked.
    encrypted = True

    def __init__(self, *args, hash_field: str = "", **kwargs):
        self.hash_field = hash_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.hash_field:
            kwargs["hash_field"] = self.hash_field
        return name, path, args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self._unique or self.db_index or self.primary_key:
            errors.append(
                checks.Error(
                    "An EncryptedTextField cannot be unique, indexed or a primary "
                    "key: its ciphertext differs on every write.",
                    hint="Make its hash_field unique instead.",
                    obj=self,
                    id="tongxin.E302",
                )
            )
        return errors

    def get_internal_type(self) -> str:
        return "TextField"

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, crypto.Ciphertext):
            return str(value)
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return _NullOnlyExact
        raise _refusal(self, lookup_name)

    def get_transform(self, lookup_name: str):
        raise _refusal(self, lookup_name)

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": 200, **kwargs})


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    """Return the model's encrypted columns."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


@dataclasses.dataclass
class RotationReport:
    """What ``rotate_stored_values`` did (or, in a dry run, would do), by table."""

    dry_run: bool
    rehashed: bool
    tables: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)

    @property
    def reencrypted(self) -> int:
        return sum(t["reencrypted"] for t in self.tables.values())

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "rehashed": self.rehashed,
            "reencrypted": self.reencrypted,
            "tables": self.tables,
        }


def rotate_stored_values(
    *, batch: int = 1000, dry_run: bool = False, rehash: bool = False
) -> RotationReport:
    """Re-encrypt every stored encrypted value with the first field key.

    Every model with an :class:`EncryptedTextField` is visited (members and
    their history rows, and whatever is encrypted later), ``batch`` rows per
    transaction, rows locked while they are rewritten.  Values already under
    the first key are left as they are, so an interrupted run is simply run
    again.  With ``rehash`` the keyed hashes are recomputed with
    ``TONGXIN_INDEX_KEY_NEW``.  The rows are rewritten in SQL: a key change
    is not a change of the record, so no history row is written.  Raise
    :class:`~tongxin.core.crypto.DecryptionError` naming the row of a value
    no configured key decrypts (rows before it stay rotated).
    """
    index_key = crypto.new_index_key() if rehash else None
    report = RotationReport(dry_run=dry_run, rehashed=rehash)
    for model in apps.get_models():
        meta = model._meta
        fields = encrypted_fields(model)
        if fields and meta.managed and not meta.proxy:
            report.tables[meta.db_table] = _rotate_table(
                model, fields, batch=batch, dry_run=dry_run, index_key=index_key
            )
    return report


def _rotate_table(
    model, fields, *, batch: int, dry_run: bool, index_key: bytes | None
) -> dict[str, int]:
    meta = model._meta
    qn = connection.ops.quote_name
    names = {f.name for f in meta.concrete_fields}
    hashed = [
        (i, f.name, meta.get_field(f.hash_field).column)
        for i, f in enumerate(fields)
        if index_key is not None and f.hash_field in names
    ]
    table, pk = qn(meta.db_table), qn(meta.pk.column)
    columns = ", ".join(qn(f.column) for f in fields)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    targets = [qn(f.column) for f in fields] + [qn(c) for _i, _n, c in hashed]
    update = "UPDATE {} SET {} WHERE {} = %s".format(
        table, ", ".join(f"{t} = %s" for t in targets), pk
    )
    counts = {"rows": 0, "values": 0, "reencrypted": 0, "rehashed": 0}
    last = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            where, params = ("", []) if last is None else (f" WHERE {pk} > %s", [last])
            cursor.execute(
                f"SELECT {pk}, {columns} FROM {table}{where} "
                f"ORDER BY {pk} LIMIT %s{lock}",
                [*params, batch],
            )
            rows = cursor.fetchall()
            if not rows:
                return counts
            changes = []
            for pk_value, *tokens in rows:
                try:
                    new, rotated = _rotated(tokens)
                    hashes = [
                        crypto.blind_index(
                            name, crypto.decrypt(tokens[i]), key=index_key
                        )
                        if tokens[i]
                        else None
                        for i, name, _column in hashed
                    ]
                except crypto.DecryptionError as e:
                    raise crypto.DecryptionError(
                        f"{meta.db_table} {meta.pk.column}={pk_value}: {e}"
                    ) from None
                counts["values"] += sum(1 for t in tokens if t)
                counts["reencrypted"] += rotated
                counts["rehashed"] += sum(1 for h in hashes if h)
                if rotated or hashed:
                    changes.append([*new, *hashes, pk_value])
            counts["rows"] += len(rows)
            if changes and not dry_run:
                cursor.executemany(update, changes)
            last = rows[-1][0]


def _rotated(tokens: list) -> tuple[list, int]:
    """Return the tokens under the first key, and how many were re-encrypted."""
    new, rotated = [], 0
    for token in tokens:
        if token and not crypto.is_current(token):
            token = crypto.reencrypt(token)
            rotated += 1
        new.append(token)
    return new, rotated
