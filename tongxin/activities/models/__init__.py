"""Activities and social service: events, series, sign-ups, attendance,
service programs with volunteers, beneficiaries and donations, funds, and the
photo archive (history wall).

Every record that access is decided on carries ``path``, a copy of the tree
path of the organization that owns it (an event's organizer, a program's
owner), so that subtree filters are range conditions on an indexed column.
Sign-ups and attendance rows also carry the member's ``org_path`` at the
time, so that "attendance by members of a subtree per year" is one range
scan.  Money is Decimal yuan and hours Decimal, both never negative; every
period ends on or after it starts: the database refuses anything else.

The models live in three modules, one per part of the app: :mod:`.events`
(events, series, sign-ups, attendance), :mod:`.social` (service programs,
volunteers, beneficiaries, donations, funds) and :mod:`.photos` (the photo
archive); every name is re-exported here.
"""

# ruff: noqa: F401
from __future__ import annotations

from tongxin.activities.models.events import (
    Attendance,
    Event,
    EventAttachment,
    EventKind,
    Series,
    Signup,
    new_checkin_nonce,
)
from tongxin.activities.models.photos import (
    Photo,
)
from tongxin.activities.models.social import (
    Beneficiary,
    Donation,
    Fund,
    FundEntry,
    Partner,
    Program,
    ProgramBase,
    ServiceActivity,
    ServiceResult,
    VolunteerRecord,
    _one_party_q,
)

__all__ = [
    "new_checkin_nonce",
    "EventKind",
    "Series",
    "Event",
    "EventAttachment",
    "Signup",
    "Attendance",
    "Partner",
    "Program",
    "ProgramBase",
    "ServiceActivity",
    "VolunteerRecord",
    "Beneficiary",
    "ServiceResult",
    "Donation",
    "Fund",
    "FundEntry",
    "Photo",
]
