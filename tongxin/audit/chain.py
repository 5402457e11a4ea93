"""Walk the hash chain of the audit trail and say whether it is intact."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.audit.chainreport import ChainReport
from tongxin.audit.models import GENESIS, HASHED_FIELDS, AuditEvent, chain_hash

#: Rows read from the database per query while walking the chain.
CHUNK = 2000


def verify_chain(
    *, after_id: int = 0, head: str = GENESIS, count: int = 0
) -> ChainReport:
    """Recompute every row's hash in id order; stop at the first broken row.

    A row is broken when its own fields no longer give its hash (it was
    altered) or when its ``prev_hash`` is not the hash of the row before it (a
    row before it was removed or inserted).  ``head`` is the hash of the last
    good row: noting it down elsewhere lets a later walk prove that no rows
    were cut off the end either.

    ``after_id``, ``head`` and ``count`` continue an earlier walk that ended
    intact at row ``after_id`` with hash ``head`` after ``count`` rows: only
    the rows appended since are walked (they must link onto ``head``).
    """
    expected_prev = head
    last_id = after_id
    rows = (
        AuditEvent.objects.filter(id__gt=after_id)
        .order_by("id")
        .values("id", "prev_hash", "hash", *HASHED_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        pk, prev_hash, stored = row.pop("id"), row.pop("prev_hash"), row.pop("hash")
        if prev_hash != expected_prev:
            return ChainReport(
                False,
                count,
                expected_prev,
                pk,
                _(
                    "它记录的前一条哈希与前一条记录不符，前一条记录被改动，或前面有记录被删除或插入"
                ),
            )
        if chain_hash(prev_hash, row) != stored:
            return ChainReport(
                False,
                count,
                expected_prev,
                pk,
                _("记录内容与其哈希不符，记录被改动过"),
            )
        expected_prev = stored
        last_id = pk
        count += 1
    return ChainReport(True, count, expected_prev, last_id=last_id)
