"""Every read of the member registry, scoped to the acting user."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from tongxin.core import chinese, codes, idnumber, tree
from tongxin.core.crypto import blind_index
from tongxin.core.history import history_entries
from tongxin.core.pickers import PICK_LIMIT
from tongxin.members.ages import age_bands
from tongxin.members.models import ChangeRequest, Member, Membership, PublicPost
from tongxin.members.policies import policy
from tongxin.orgs.models import Organization

_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
SORT_KEYS = {"stroke": "stroke_key", "pinyin": "pinyin_key"}
#: Columns a member list shows; lists load only these (and the sort keys).
LIST_FIELDS = (
    "id",
    "name",
    "gender",
    "birth_date",
    "organization__name",
    "organization__kind",
    "work_unit",
    "job",
    "title",
    "sector",
    "joined_on",
    "status",
    "stroke_key",
    "pinyin_key",
    "org_path",
)


@dataclass
class MemberFilters:
    """What a member list is filtered and sorted by; all fields optional."""

    org: Organization | None = None
    status: str | None = Member.Status.ACTIVE
    gender: str | None = None
    age_band: str | None = None
    education_level: str | None = None
    education: str | None = None
    sector: str | None = None
    join_year: int | None = None
    public_post: str | None = None
    q: str | None = None
    sort: str = "stroke"
    on: dt.date | None = None
    #: ``q`` is a whole ID number or mobile, allowed by ``personal_search``.
    q_personal: bool = False


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_q(band: str, today: dt.date | None = None) -> Q:
    """Return the birth-date range of an age band, as of ``today``."""
    today = today or dt.date.today()
    for key, _label, lo, hi in age_bands():
        if key == band:
            # age >= lo  <=> born on or before today - lo years
            # age <= hi  <=> born after today - (hi + 1) years
            return Q(birth_date__lte=_years_ago(today, lo)) & Q(
                birth_date__gt=_years_ago(today, hi + 1)
            )
    raise ValueError(band)


def search_q(text: str, *, personal_scope: Q | None = None) -> Q:
    """Return a condition matching names by characters, pinyin or initials.

    A whole certificate number finds its member too.  A whole ID number (18
    characters) or mobile number (11 digits) finds its member only with
    ``personal_scope`` -- the members whose numbers the user may reveal
    (:func:`reveal_q`), after :func:`tongxin.members.services.personal_search`
    allowed, counted and audited the search -- through the keyed hashes, as
    the numbers are stored encrypted.  Without it (pickers, other apps' name
    searches) such text matches names only: no search answers "is this
    someone's number?".
    """
    needle = chinese.normalize_query(text)
    if not needle:
        return Q()
    q = Q(search_text__contains=needle)
    if needle.isalnum() and needle.isascii():
        q |= Q(certificate_no=text.strip())
    if personal_scope is None:
        return q
    if number := _whole_id_number(text):
        q |= Q(id_number_hash=blind_index("id_number", number)) & personal_scope
    if mobile := _whole_mobile(text):
        q |= Q(mobile_hash=blind_index("mobile", mobile)) & personal_scope
    return q


def personal_field_of(text: str) -> str:
    """Return ``id_number`` or ``mobile`` if ``text`` is a whole one, else ``''``."""
    if _whole_id_number(text):
        return "id_number"
    if _whole_mobile(text):
        return "mobile"
    return ""


def reveal_q(user) -> Q:
    """Match the members whose ID number and mobile ``user`` may reveal."""
    paths = policy.scopes(user, "reveal")
    q = tree.subtrees_q(paths, "org_path") if paths else Q(pk__in=[])
    if (own := policy.owner_q(user)) is not None:
        q |= own
    return q


def _whole_id_number(text: str) -> str:
    try:
        number = idnumber.normalize_id_number(text)
    except ValueError:
        return ""
    return number if _ID_NUMBER.fullmatch(number) else ""


def _whole_mobile(text: str) -> str:
    if not any(c.isdigit() for c in text):
        return ""
    try:
        return idnumber.validate_mobile(text)
    except ValueError:
        return ""


def member_queryset(*, user, action: str = "view") -> QuerySet:
    """Return all members the user may see (or act on), unfiltered."""
    return policy.visible(user, Member.objects.all(), action)


def active_on_q(day: dt.date) -> Q:
    """Members in a membership period on ``day`` (the leaving day is out)."""
    return Q(
        pk__in=Membership.objects.filter(start_on__lte=day)
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=day))
        .values("member_id")
    )


def member_pick(
    *, user, text: str, limit: int = PICK_LIMIT, on: dt.date | None = None
) -> list[Member]:
    """Members the user may see matching ``text``, for a form's picker.

    Active members; with ``on``, the members active on that day (history
    entered with its date names those who have since left).
    """
    if not chinese.normalize_query(text):
        return []
    members = member_queryset(user=user)
    members = (
        members.filter(active_on_q(on))
        if on is not None
        else members.filter(status=Member.Status.ACTIVE)
    )
    return list(
        members.filter(search_q(text))
        .select_related("organization")
        .order_by("stroke_key", "id")[:limit]
    )


def member_list(
    *, user, filters: MemberFilters | None = None, action: str = "view"
) -> QuerySet:
    """Return the members the user may see, filtered and sorted."""
    f = filters or MemberFilters()
    if f.org is not None and policy.can_in(user, action, [f.org.path]):
        # The organization lies inside the user's scope: its range alone is the
        # scope, and a single range lets the planner use the narrow index.
        qs = Member.objects.all()
    else:
        qs = member_queryset(user=user, action=action)
    if f.on is not None:
        # Members at a date: by their membership period, not today's state.
        periods = Membership.objects.filter(start_on__lte=f.on).filter(
            Q(end_on__isnull=True) | Q(end_on__gt=f.on)
        )
        if f.org is not None:
            periods = periods.filter(tree.subtree_q(f.org.path, "org_path"))
        qs = qs.filter(pk__in=periods.values("member_id"))
    else:
        if f.org is not None:
            qs = qs.filter(tree.subtree_q(f.org.path, "org_path"))
        if f.status:
            qs = qs.filter(status=f.status)
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.age_band:
        qs = qs.filter(age_band_q(f.age_band))
    if f.education:
        qs = qs.filter(education=f.education)
    if f.education_level:
        level_codes = [
            c
            for c, _n in codes.EDUCATION
            if codes.EDUCATION_LEVEL(c) == f.education_level
        ]
        qs = qs.filter(education__in=level_codes)
    if f.sector:
        qs = qs.filter(sector=f.sector)
    if f.join_year:
        qs = qs.filter(
            joined_on__gte=dt.date(f.join_year, 1, 1),
            joined_on__lt=dt.date(f.join_year + 1, 1, 1),
        )
    if f.public_post:
        today = dt.date.today()
        posts = PublicPost.objects.filter(kind=f.public_post).filter(
            Q(end_on__isnull=True) | Q(end_on__gte=today)
        )
        qs = qs.filter(pk__in=posts.values("member_id"))
    if f.q:
        scope = reveal_q(user) if f.q_personal else None
        qs = qs.filter(search_q(f.q, personal_scope=scope))
    key = SORT_KEYS.get(f.sort, "stroke_key")
    return qs.order_by(key, "id")


def member_get(*, user, pk: int, action: str = "view") -> Member:
    """Return one member the user may see, or raise ``Member.DoesNotExist``."""
    return (
        member_queryset(user=user, action=action)
        .select_related("organization")
        .get(pk=pk)
    )


def member_by_id_number(*, user, id_number: str) -> Member | None:
    """Return the visible member with this ID number, or ``None``."""
    return member_queryset(user=user).with_id_number(id_number).first()


def member_history(*, member: Member) -> list[dict]:
    """Return the record's changes, newest first, as field-level differences.

    The caller must already have been allowed to see ``member``.
    """
    records = member.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    return history_entries(records, model=Member, display=_display)


def member_posts(*, member: Member) -> QuerySet:
    """Return the member's leadership posts, current first."""
    from tongxin.orgs.models import Post

    return (
        Post.objects.filter(member=member)
        .select_related("organization")
        .order_by(F("end_on").desc(nulls_first=True), "-start_on")
    )


def member_public_posts(*, member: Member) -> QuerySet:
    """Return the member's public offices, current first."""
    return member.public_posts.order_by(F("end_on").desc(nulls_first=True), "-start_on")


def _display(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.name == "organization_id" or field.name == "organization":
        org = Organization.objects.filter(pk=value).first()
        return org.name if org else value
    if field.name == "ethnicity":
        return dict(codes.ETHNICITY).get(value, value)
    if field.name == "education":
        return dict(codes.EDUCATION).get(value, value)
    if field.name == "sector":
        return dict(codes.SECTOR).get(value, value)
    if field.name == "id_number":
        from tongxin.core.idnumber import mask_id_number

        return mask_id_number(value)
    if field.name == "mobile":
        from tongxin.core.idnumber import mask_phone

        return mask_phone(value)
    return str(value)


def membership_list(*, member: Member) -> QuerySet:
    return member.memberships.select_related("organization").order_by("start_on", "id")


def members_at(*, user, on: dt.date, org: Organization | None = None) -> QuerySet:
    """Return the members who belonged to ``org``'s subtree on date ``on``."""
    return member_list(user=user, filters=MemberFilters(org=org, on=on, status=None))


#: Fields of a member shown in a list of a past date when the member is now
#: outside the user's reach: what was true then and is no personal data.
PAST_ONLY_FIELDS = ("id", "name", "joined_on", "organization")


def redact_out_of_reach(
    *, user, members, filters: MemberFilters, action: str = "view"
) -> list[Member]:
    """Blank what a past list may not show of members now out of the user's reach.

    A list of a date (``filters.on``) over an organization the user may see
    holds everyone who belonged to it then, including members who have since
    moved beyond the user's reach.  Of those, only the name, the date of
    joining and the organization *of that date* are kept; today's record
    (work, title, status, sector, birth date, certificate number) is blanked
    on the in-memory objects, which are marked ``past_only`` and are for
    display only, never saved.
    """
    members = list(members)
    if filters.on is None:
        return members
    scopes = policy.scopes(user, action)
    own = getattr(user, "member_id", None)
    outside = [
        m
        for m in members
        if m.pk != own and not any(tree.is_within(m.org_path, p) for p in scopes)
    ]
    if not outside:
        return members
    periods = Membership.objects.filter(
        member_id__in=[m.pk for m in outside], start_on__lte=filters.on
    ).filter(Q(end_on__isnull=True) | Q(end_on__gt=filters.on))
    if filters.org is not None:
        periods = periods.filter(tree.subtree_q(filters.org.path, "org_path"))
    orgs = {
        p.member_id: p.organization
        for p in periods.select_related("organization").order_by("start_on")
    }
    for m in outside:
        m.past_only = True
        m.gender = ""
        m.birth_date = None
        m.ethnicity = m.education = m.sector = ""
        m.title = m.work_unit = m.job = ""
        m.status, m.status_on, m.certificate_no = "", None, None
        if m.pk in orgs:
            m.organization = orgs[m.pk]
    return members


def memberships_on(day: dt.date, where: Q | None = None) -> QuerySet:
    """Return the membership periods covering ``day`` (the members on that day)."""
    qs = Membership.objects.filter(start_on__lte=day).filter(
        Q(end_on__isnull=True) | Q(end_on__gt=day)
    )
    return qs.filter(where) if where is not None else qs


# --- change requests -----------------------------------------------------------------


def _change_request_q(user) -> Q:
    """The requests a user sees: those they may confirm, and their own."""
    q = policy.scope_q(user, "confirm_change", "member__org_path")
    member_id = getattr(user, "member_id", None)
    if member_id:
        q |= Q(member_id=member_id)
    return q


def change_request_list(*, user, status: str | None = None) -> QuerySet:
    """Return the change requests the user sees, newest first."""
    qs = ChangeRequest.objects.filter(_change_request_q(user))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "member__organization", "requested_by", "decided_by"
    ).order_by("-requested_at", "-id")


def change_request_get(*, user, pk: int) -> ChangeRequest:
    """Return one request the user sees, or raise ``DoesNotExist``."""
    return change_request_list(user=user).get(pk=pk)


def can_confirm_changes(*, user) -> bool:
    """Return True if the user confirms change requests anywhere."""
    return bool(policy.scopes(user, "confirm_change"))


def pending_change_count(*, user) -> int:
    """The pending requests the user may act on (not their own)."""
    if not can_confirm_changes(user=user):
        return 0
    qs = ChangeRequest.objects.filter(
        policy.scope_q(user, "confirm_change", "member__org_path"),
        status=ChangeRequest.Status.PENDING,
    )
    member_id = getattr(user, "member_id", None)
    if member_id:
        qs = qs.exclude(member_id=member_id)
    return qs.count()


def own_change_requests(*, user, limit: int = 10) -> list[ChangeRequest]:
    """The user's own requests, newest first (none without a member record)."""
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return []
    return list(
        ChangeRequest.objects.filter(member_id=member_id)
        .select_related("decided_by")
        .order_by("-requested_at", "-id")[:limit]
    )
