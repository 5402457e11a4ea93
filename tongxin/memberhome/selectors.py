"""Reads of 会员之家's sign-in.

These lookups run before anyone is signed in, so they take no acting user:
they answer only "which account may this number sign in", never show a
record, and are used by the sign-in services alone.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from tongxin.accounts.models import Role
from tongxin.memberhome.models import RememberedPhone, SmsFailure, SmsLock
from tongxin.members.models import Member

#: Every role but the member's own: holders keep password + second factor.
NON_MEMBER_ROLES = [role for role in Role.values if role != Role.MEMBER]


def sms_user(*, phone_digest: str):
    """Return the one account this number may sign in by SMS code, or None.

    Only a member-only account qualifies: active, linked to an active member
    whose registry mobile hashes to ``phone_digest``, not staff, not the
    superuser and holding no grant but the member role.  A number shared by
    two such accounts signs in neither (the code would not say whose it is).
    """
    users = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=False,
            is_superuser=False,
            member__mobile_hash=phone_digest,
            member__status=Member.Status.ACTIVE,
        )
        .exclude(grants__role__in=NON_MEMBER_ROLES)
        .distinct()[:2]
    )
    return users[0] if len(users) == 1 else None


def active_lock(*, phone_digest: str, now: dt.datetime) -> SmsLock | None:
    """Return the lock in force on this number, if any."""
    return (
        SmsLock.objects.filter(phone_digest=phone_digest, until__gt=now)
        .order_by("-until")
        .first()
    )


def counted_failures(*, phone_digest: str) -> int:
    """Wrong codes entered for this number since its last lock or sign-in."""
    return SmsFailure.objects.filter(phone_digest=phone_digest, counted=True).count()


def remembered_phone(*, token_digest: str, now: dt.datetime) -> RememberedPhone | None:
    """Return the remembered phone a device's token names, if still valid."""
    return (
        RememberedPhone.objects.select_related("user")
        .filter(token_digest=token_digest, revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
