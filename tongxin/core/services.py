"""Helpers shared by every app's services (not business logic)."""

from __future__ import annotations

from django.db import models, transaction

from tongxin.core.errors import ConflictError

#: The audit trail, plugged in by ``tongxin.audit`` when the apps are ready
#: (the kernel does not import the apps above it).  Any object with
#: ``per_row_enabled()``, ``snapshot(instance)``,
#: ``audit_model_write(instance, before=, by=, reason=)`` and
#: ``audit_record(**fields)``.
_auditor = None


def use_auditor(auditor) -> None:
    """Make ``auditor`` record every write made through this module."""
    global _auditor
    _auditor = auditor


def auditor():
    """Return the audit trail; every write is audited, so it must be installed."""
    if _auditor is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("tongxin.audit is not installed")
    return _auditor


def save_with_history(instance: models.Model, *, by, reason: str = "") -> None:
    """Validate and save ``instance``, recording ``by`` and ``reason`` in history.

    The write is audited (action create/update with the changed fields before
    and after, personal numbers masked) in the same transaction, unless inside
    the audit trail's ``one_event_per_batch`` (imports record one event).
    """
    audit = auditor()
    instance.full_clean()
    instance._history_user = by if getattr(by, "pk", None) else None
    if reason:
        instance._change_reason = reason
    if not audit.per_row_enabled():
        instance.save()
        return
    # The audit row commits or rolls back with the write (no savepoint: an
    # error in either fails the caller's whole transaction).
    with transaction.atomic(savepoint=False):
        before = audit.snapshot(instance)
        instance.save()
        audit.audit_model_write(instance, before=before, by=by, reason=reason)


def check_version(instance: models.Model, expected: int | None) -> None:
    """Refuse a write based on a stale copy of ``instance``.

    ``expected`` is the version the user loaded; ``None`` skips the check (a
    service called from a script that read the record in the same transaction).
    """
    from django.utils.translation import gettext as _

    if expected is not None and int(expected) != instance.version:
        raise ConflictError(
            _(
                "该记录已被他人修改（当前版本 %(current)s，您编辑的是版本 %(yours)s），请刷新后重试。"
            )
            % {"current": instance.version, "yours": expected}
        )
    if hasattr(instance, "version"):
        instance.version += 1
