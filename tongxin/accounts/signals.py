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


def connect_frame_cache() -> None:
    """Drop entries when their rows change (called once, at start-up)."""
    from django.db.models.signals import post_delete, post_save

    from tongxin.accounts.models import Grant, User
    from tongxin.core.framecache import forget_all_grants, forget_unread, forget_user
    from tongxin.notifications.models import Notification
    from tongxin.orgs.models import Organization

    def on_user(sender, instance, created=False, **kwargs) -> None:
        forget_user(instance.pk)
        if created or kwargs.get("signal") is post_delete:
            # A new row may reuse the id of a deleted one (SQLite does, and
            # tests rolled back do): nothing cached for that id may outlive it.
            forget_all_grants()

    def on_grants(sender, instance, **kwargs) -> None:
        forget_all_grants()

    def on_notification(sender, instance, **kwargs) -> None:
        forget_unread(instance.user_id)

    for signal in (post_save, post_delete):
        signal.connect(
            on_user, sender=User, weak=False, dispatch_uid=f"tx_frame_user_{signal}"
        )
        for model in (Grant, Organization):
            signal.connect(
                on_grants,
                sender=model,
                weak=False,
                dispatch_uid=f"tx_frame_{model.__name__}_{signal}",
            )
        signal.connect(
            on_notification,
            sender=Notification,
            weak=False,
            dispatch_uid=f"tx_frame_notification_{signal}",
        )
