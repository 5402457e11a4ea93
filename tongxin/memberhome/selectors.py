"""Reads of 会员之家: the sign-in lookups and the member's own home page.

The sign-in lookups run before anyone is signed in, so they take no acting
user: they answer only "which account may this number sign in", never show
a record, and are used by the sign-in services alone.  The home page reads
through each app's selectors with the signed-in user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from tongxin.accounts.models import Role
from tongxin.activities.selectors import upcoming_for_member
from tongxin.appraisal.selectors import duty_record, member_for_record
from tongxin.core import tree
from tongxin.core.periods import Period
from tongxin.lifecycle.models import Certificate
from tongxin.lifecycle.selectors import member_certificates
from tongxin.memberhome.models import RememberedPhone, SmsFailure, SmsLock
from tongxin.members.models import Member
from tongxin.notifications.selectors import notification_list, unread_count
from tongxin.orgs.models import Post
from tongxin.orgs.selectors import org_ancestors
from tongxin.participation import selectors as participation
from tongxin.publicity.selectors import notice_choice

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


# --- 我的: the signed-in member's home page ------------------------------------------


@dataclass
class ItemRow:
    """One of the member's participation items: its state and latest feedback."""

    item: object
    state_name: str
    #: The latest workflow step with a comment (who answered what, when).
    feedback: object | None = None


@dataclass
class Home:
    """Everything 我的 shows, each part read through its app's scoped selectors."""

    member: Member
    events: list
    notices: list
    unread: int
    suggestions: list[ItemRow]
    opinions: list[ItemRow]
    record: object | None
    certificate: object | None
    head: object | None
    chain: list = field(default_factory=list)
    notice: object | None = None  # publicity.selectors.NoticeChoice


def _item_rows(user, kind: str, items, limit: int) -> list[ItemRow]:
    names = participation.state_names(kind)
    rows = []
    for item in items[:limit]:
        steps = participation.item_steps(user=user, item=item)
        answered = [s for s in steps if s.comment]
        rows.append(
            ItemRow(
                item=item,
                state_name=names.get(item.state, ""),
                feedback=answered[-1] if answered else None,
            )
        )
    return rows


def branch_head(*, member: Member) -> Post | None:
    """The current head of the nearest organization above the member (or theirs).

    Only the member's own organization chain is read, never anyone else's.
    """
    paths = tree.ancestor_paths(member.org_path)
    posts = (
        Post.objects.filter(
            organization__path__in=paths,
            title__in=Post.HEAD_TITLES,
            end_on__isnull=True,
        )
        .exclude(member=member)
        .select_related("member", "organization")
    )
    return max(
        posts,
        key=lambda p: (len(p.organization.path), -Post.RANK.get(p.title, 99)),
        default=None,
    )


def member_home(*, user, today: dt.date | None = None) -> Home | None:
    """Return the signed-in user's 我的 page, or None without an active member record."""
    member = getattr(user, "member", None) if getattr(user, "member_id", None) else None
    if member is None or not member.is_active:
        return None
    member = Member.objects.select_related("organization").get(pk=member.pk)
    today = today or timezone.localdate()
    mine = participation.my_items(user=user)
    try:
        record = duty_record(
            user=user,
            member=member_for_record(user=user, pk=member.pk),
            period=Period.for_year(today.year, today=today),
        )
    except Member.DoesNotExist:
        record = None
    certificate = (
        member_certificates(member).filter(status=Certificate.Status.VALID).last()
    )
    return Home(
        member=member,
        events=upcoming_for_member(user=user),
        notices=list(notification_list(user=user)[:5]),
        unread=unread_count(user=user),
        suggestions=_item_rows(user, "suggestions", mine.get("suggestions", []), 5),
        opinions=_item_rows(user, "opinions", mine.get("opinions", []), 5),
        record=record,
        certificate=certificate,
        head=branch_head(member=member),
        chain=[*org_ancestors(org=member.organization), member.organization],
        notice=notice_choice(member=member),
    )
