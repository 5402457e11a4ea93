"""Every write to activities, social service, funds and the photo archive.

Services are keyword-only, atomic, check the policy and validate before
writing; see the modules for events and sign-ups (:mod:`.events`), series (:mod:`.series`), social
service and funds (:mod:`.social`) and the photo archive (:mod:`.photos`).
"""

from tongxin.activities.services.events import (
    BulkAttendance,
    attendance_checkin,
    attendance_import,
    attendance_is_open,
    attendance_mark,
    attendance_not_open_reason,
    attendance_record_many,
    attendance_remove,
    attendance_take,
    checkin_token,
    event_attachment_add,
    event_cancel,
    event_create,
    event_from_token,
    event_rotate_checkin,
    event_update,
    signup_cancel,
    signup_create,
    signup_create_many,
)
from tongxin.activities.services.photos import photo_add, photo_delete, photo_update
from tongxin.activities.services.scan import (
    ScanResult,
    attendance_scan,
    member_checkin_code,
    member_from_code,
)
from tongxin.activities.services.series import series_create, series_update
from tongxin.activities.services.social import (
    donation_add,
    fund_create,
    fund_entry_add,
    partner_create,
    program_base_add,
    program_create,
    program_update,
    service_activity_create,
    service_activity_update,
)

__all__ = [
    "attendance_checkin",
    "BulkAttendance",
    "attendance_import",
    "attendance_is_open",
    "attendance_mark",
    "attendance_not_open_reason",
    "attendance_record_many",
    "attendance_remove",
    "attendance_scan",
    "attendance_take",
    "checkin_token",
    "donation_add",
    "event_attachment_add",
    "event_cancel",
    "event_create",
    "event_from_token",
    "event_rotate_checkin",
    "event_update",
    "fund_create",
    "member_checkin_code",
    "member_from_code",
    "fund_entry_add",
    "partner_create",
    "photo_add",
    "photo_delete",
    "photo_update",
    "program_base_add",
    "program_create",
    "program_update",
    "ScanResult",
    "series_create",
    "series_update",
    "service_activity_create",
    "service_activity_update",
    "signup_cancel",
    "signup_create",
    "signup_create_many",
]
