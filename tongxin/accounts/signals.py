"""Record lockouts in the audit trail (django-axes sends ``user_locked_out``).

Logins, logouts and failures are recorded by ``tongxin.audit.signals``; this
adds the moment an account or an address gets locked.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.dispatch import receiver

from tongxin.audit.services import audit_record


@receiver(user_locked_out, dispatch_uid="tongxin_accounts_lockout")
def on_lockout(sender, request, username, ip_address, **kwargs) -> None:
    # axes also sends the signal for every attempt refused during a lockout;
    # only the failure that was counted (and crossed the limit) starts one.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    username = str(username or "")[:150]
    audit_record(
        action="lockout",
        object_type="accounts.user",
        object_repr=username,
        detail={"username": username, "failures": failures},
        ip=ip_address,
    )
