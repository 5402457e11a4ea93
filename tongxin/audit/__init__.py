"""The audit trail (等保 2.0 audit items; PIPL records of processing).

What is recorded (``AuditEvent``: time, actor, address, action, object,
detail): logins, logouts and failed logins (auth signals); every write through
``tongxin.core.services.save_with_history`` with the changed fields before and
after (ID numbers and mobiles masked); grants and revocations; reveals of
masked fields; exports of personal data with their filters and row count; one
event per committed roster import with counts and ids (the per-row
before/after is in the history tables).

Tamper evidence: each row holds ``sha256(prev_hash + canonical JSON)``;
``tongxin audit-verify`` walks the chain.  Appends are serialised (PostgreSQL
advisory lock; SQLite's write lock) and join the caller's transaction.

Append-only: database triggers refuse UPDATE and DELETE on the table, the
model refuses them too, and no code path deletes rows.

Retention: rows are kept forever in the database (at least
``TONGXIN_AUDIT_RETENTION_DAYS`` = 180, which may not be set lower);
``tongxin audit-archive`` writes rows older than that to a JSON-lines file
for offline copies and deletes nothing.

Reading: only the audit administrator (``auditadmin`` role), through the
pages under ``/audit/`` and ``/api/v1/audit/``; nobody else, superusers
included.
"""
