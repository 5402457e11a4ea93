"""Reads of broadcasts and subscriptions, each starting from the acting user."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from tongxin.core import tree
from tongxin.members.filters import filters_from_params
from tongxin.members.models import Member
from tongxin.members.selectors import member_list
from tongxin.publicity.models import Broadcast, Delivery, Subscription
from tongxin.publicity.policies import policy

#: Member-list parameters a broadcast may be filtered by (``org`` is separate).
FILTER_PARAMS = (
    "status",
    "gender",
    "age",
    "edu_level",
    "education",
    "sector",
    "join_year",
    "post",
    "q",
)


def broadcast_recipients(
    *, user, organization=None, filters: Mapping | None = None, event=None
) -> QuerySet:
    """Return the members a broadcast would go to.

    An event's participants (confirmed sign-ups and attendance, active members),
    or the members ``user`` may see in ``organization``'s subtree matching the
    member-list ``filters`` (``ValidationError`` for a bad one).
    """
    if event is not None:
        from tongxin.activities.models import Attendance, Signup

        signed = Signup.objects.filter(event=event, status=Signup.Status.CONFIRMED)
        present = Attendance.objects.filter(event=event)
        return (
            Member.objects.filter(status=Member.Status.ACTIVE)
            .filter(
                Q(pk__in=signed.values("member_id"))
                | Q(pk__in=present.values("member_id"))
            )
            .order_by("stroke_key", "id")
        )
    params = {k: v for k, v in (filters or {}).items() if k in FILTER_PARAMS}
    f = filters_from_params(user=user, params=params)
    f.org = organization
    return member_list(user=user, filters=f)


def broadcast_list(*, user) -> QuerySet:
    """Return the broadcasts the user may see, newest first.

    Each carries ``to_send`` and ``done`` (deliveries not skipped, and those
    finished: sent, delivered or failed), counted in the same query.
    """
    S = Delivery.Status
    return (
        policy.visible(
            user,
            Broadcast.objects.select_related("organization", "created_by"),
            "view_broadcasts",
        )
        .annotate(
            to_send=Count("deliveries", filter=~Q(deliveries__status=S.SKIPPED)),
            done=Count(
                "deliveries",
                filter=Q(deliveries__status__in=[S.SENT, S.DELIVERED, S.FAILED]),
            ),
        )
        .order_by("-created_at", "-id")
    )


def broadcast_get(*, user, pk: int, action: str = "view_broadcasts") -> Broadcast:
    """Return one broadcast the user may see, or raise ``Broadcast.DoesNotExist``."""
    return policy.visible(
        user, Broadcast.objects.select_related("organization", "event"), action
    ).get(pk=pk)


@dataclass
class Progress:
    total: int
    queued: int
    sending: int
    sent: int
    delivered: int
    failed: int
    skipped: int
    opted_out: int

    @property
    def to_send(self) -> int:
        return self.total - self.skipped

    @property
    def done(self) -> int:
        return self.sent + self.delivered + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.to_send else self.done * 100 // self.to_send


def broadcast_progress(*, broadcast: Broadcast) -> Progress:
    """Return the counts of the broadcast's deliveries by status."""
    S = Delivery.Status
    counts = broadcast.deliveries.aggregate(
        total=Count("id"),
        **{s.value: Count("id", filter=Q(status=s)) for s in S},
        opted_out=Count("id", filter=Q(status=S.SKIPPED, reason="opted_out")),
    )
    return Progress(**counts)


def delivery_list(*, broadcast: Broadcast, status: str = "") -> QuerySet:
    """Return the deliveries of a broadcast (already checked visible)."""
    qs = broadcast.deliveries.select_related("member").order_by("id")
    if status:
        qs = qs.filter(status=status)
    return qs


def subscription_list(*, user, year: int | None = None, org=None) -> QuerySet:
    """Return the subscriptions the user may see (in ``org``'s subtree)."""
    qs = policy.visible(
        user,
        Subscription.objects.select_related("organization"),
        "view_subscriptions",
    )
    if year:
        qs = qs.filter(year=year)
    if org is not None:
        qs = qs.filter(tree.subtree_q(org.path, "path"))
    return qs.order_by("-year", "path")


def subscription_totals(*, user, org=None) -> list[dict]:
    """Return ``{"year", "copies", "organizations"}`` per year, newest first."""
    return list(
        subscription_list(user=user, org=org)
        .order_by()
        .values("year")
        .annotate(copies=Sum("copies"), organizations=Count("id"))
        .order_by("-year")
    )
