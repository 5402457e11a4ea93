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
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.members.policies import policy
from tongxin.orgs.models import Organization

#: Age bands used in filters and statistics: (key, label, min age, max age).
AGE_BANDS = [
    ("-35", "35岁及以下", 0, 35),
    ("36-45", "36-45岁", 36, 45),
    ("46-55", "46-55岁", 46, 55),
    ("56-65", "56-65岁", 56, 65),
    ("66-", "66岁及以上", 66, 200),
]
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


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_q(band: str, today: dt.date | None = None) -> Q:
    """Return the birth-date range of an age band, as of ``today``."""
    today = today or dt.date.today()
    for key, _label, lo, hi in AGE_BANDS:
        if key == band:
            # age >= lo  <=> born on or before today - lo years
            # age <= hi  <=> born after today - (hi + 1) years
            return Q(birth_date__lte=_years_ago(today, lo)) & Q(
                birth_date__gt=_years_ago(today, hi + 1)
            )
    raise ValueError(band)


def search_q(text: str) -> Q:
    """Return a condition matching names by characters, pinyin or initials.

    A whole certificate number, ID number (18 characters) or mobile number
    (11 digits) finds its member too; the last two through their keyed hashes,
    as they are stored encrypted.
    """
    needle = chinese.normalize_query(text)
    if not needle:
        return Q()
    q = Q(search_text__contains=needle)
    if needle.isalnum() and needle.isascii():
        q |= Q(certificate_no=text.strip())
    if number := _whole_id_number(text):
        q |= Q(id_number_hash=blind_index("id_number", number))
    if mobile := _whole_mobile(text):
        q |= Q(mobile_hash=blind_index("mobile", mobile))
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


def member_pick(*, user, text: str, limit: int = PICK_LIMIT) -> list[Member]:
    """Active members the user may see matching ``text``, for a form's picker."""
    if not chinese.normalize_query(text):
        return []
    return list(
        member_queryset(user=user)
        .filter(status=Member.Status.ACTIVE)
        .filter(search_q(text))
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
        qs = qs.filter(search_q(f.q))
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
