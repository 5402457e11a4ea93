"""Record lockouts in the audit trail (django-axes sends ``user_locked_out``).

Logins, logouts and failures are recorded by ``tongxin.audit.signals``; this
adds the moment an account or an address gets locked.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
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


@receiver(user_logged_in, dispatch_uid="tongxin_accounts_login_flags")
def on_login(sender, request, user, **kwargs) -> None:
    """Flag the first login after a credential reset; note a link to confirm."""
    from tongxin.accounts.middleware import LINK_PENDING_KEY
    from tongxin.accounts.models import MemberLink
    from tongxin.accounts.services import flag_login_after_reset

    flag_login_after_reset(user)
    if request is None or not hasattr(request, "session"):
        return
    pending = (
        not user.member_id
        and MemberLink.objects.filter(
            user=user, state=MemberLink.State.PROPOSED
        ).exists()
    )
    if pending:
        request.session[LINK_PENDING_KEY] = True
    else:
        request.session.pop(LINK_PENDING_KEY, None)
