"""Every read of admissions, classes, photos and certificates, scoped to the user."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tongxin.core.crypto import blind_index
from tongxin.lifecycle.models import (
    AdmissionStatus,
    Application,
    Attendee,
    Certificate,
    MemberPhoto,
    TrainingClass,
)
from tongxin.lifecycle.policies import policy
from tongxin.members.models import Member


def application_list(*, user, status: str = "") -> QuerySet:
    qs = policy.visible(user, Application.objects.all()).select_related(
        "organization", "introducer_1", "introducer_2", "member"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-applied_on", "-id")


def application_get(*, user, pk: int) -> Application:
    return application_list(user=user).get(pk=pk)


def application_steps(application: Application) -> QuerySet:
    return application.steps.select_related("by").order_by("at", "id")


def class_list(*, user) -> QuerySet:
    return (
        policy.visible(user, TrainingClass.objects.all())
        .select_related("organization")
        .annotate(
            n_attendees=Count("attendees", distinct=True),
            n_completed=Count(
                "attendees",
                filter=Q(attendees__completed_on__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-start_on", "-id")
    )


def class_get(*, user, pk: int) -> TrainingClass:
    return policy.visible(user, TrainingClass.objects.all()).get(pk=pk)


def class_attendees(training_class: TrainingClass) -> QuerySet:
    return (
        Attendee.objects.filter(training_class=training_class)
        .select_related("member__organization")
        .order_by("member__stroke_key", "id")
    )


def member_get(*, user, pk: int) -> Member:
    """Return a member whose photo and certificates the user may see.

    Staff and heads see those of their subtree; a member sees their own.
    """
    member = Member.objects.select_related("organization").get(pk=pk)
    if not policy.can(user, "view_card", member):
        raise Member.DoesNotExist
    return member


def member_certificates(member: Member) -> QuerySet:
    return Certificate.objects.filter(member=member).order_by("issued_on", "id")


def member_photo(member: Member) -> MemberPhoto | None:
    return MemberPhoto.objects.filter(member=member).first()


def certificate_get(*, user, pk: int) -> Certificate:
    return (
        policy.visible(user, Certificate.objects.all(), "view_card")
        .select_related("member__organization")
        .get(pk=pk)
    )


def class_certificates(training_class: TrainingClass) -> QuerySet:
    return (
        Certificate.objects.filter(training_class=training_class, status="valid")
        .select_related("member__organization")
        .order_by("number")
    )


# --- online applications: introducers and applicants ------------------------------


def introductions_pending(*, user) -> QuerySet:
    """Applications waiting for this member's confirmation as an introducer."""
    member_id = getattr(user, "member_id", None)
    if not member_id or not policy.active(user):
        return Application.objects.none()
    return (
        Application.objects.filter(status=AdmissionStatus.INTRODUCING)
        .filter(
            Q(introducer_1_id=member_id, introducer_1_confirmed_on__isnull=True)
            | Q(introducer_2_id=member_id, introducer_2_confirmed_on__isnull=True)
        )
        .select_related("organization")
        .order_by("applied_on", "id")
    )


def introduction_get(*, user, pk: int) -> Application:
    """An application naming ``user``'s member as an introducer (any state).

    Raises ``Application.DoesNotExist`` for anyone else: the id of an
    application one does not introduce says nothing.
    """
    member_id = getattr(user, "member_id", None)
    if not member_id or not policy.active(user):
        raise Application.DoesNotExist
    return (
        Application.objects.filter(
            Q(introducer_1_id=member_id) | Q(introducer_2_id=member_id)
        )
        .select_related("organization", "introducer_1", "introducer_2")
        .get(pk=pk)
    )


def application_by_status_token(token: str) -> Application | None:
    """The application whose status link carries ``token``, if any."""
    if not token:
        return None
    return (
        Application.objects.filter(status_token_hash=blind_index("status_token", token))
        .select_related("organization")
        .first()
    )


def applications_of_mobile(mobile: str) -> QuerySet:
    """The online applications made from a (verified) mobile number."""
    return (
        Application.objects.filter(mobile_hash=blind_index("mobile", mobile))
        .select_related("organization")
        .order_by("-applied_on", "-id")
    )
