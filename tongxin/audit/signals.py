"""Record logins, logouts and failed logins from Django's auth signals."""

from __future__ import annotations

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from tongxin.audit import context
from tongxin.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="tongxin_audit_login")
def on_login(sender, request, user, **kwargs) -> None:
    audit_record(action="login", obj=user, actor=user, ip=context.client_ip(request))


@receiver(user_logged_out, dispatch_uid="tongxin_audit_logout")
def on_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return  # nobody was logged in
    audit_record(
        action="logout",
        obj=user,
        actor=user,
        ip=context.client_ip(request),
    )


@receiver(user_login_failed, dispatch_uid="tongxin_audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Only the user name: Django already masks the password in ``credentials``,
    # and the audit trail must never hold it even masked.
    username = str(credentials.get("username", "") or "")[:150]
    audit_record(
        action="login_failed",
        object_type="accounts.user",
        object_repr=username,
        detail={"username": username},
        ip=context.client_ip(request),
    )
