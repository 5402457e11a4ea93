from django.urls import path

from tongxin.activities.views import attendance, events, photos, series, social

app_name = "activities"

urlpatterns: list = [
    # Events and sign-up (views/events.py), attendance and check-in
    # (views/attendance.py), series and statistics (views/series.py).
    path("", events.event_list_view, name="event_list"),
    path("mine/", events.my_events, name="my_events"),
    path("new/", events.event_create, name="event_create"),
    path("<int:pk>/", events.event_detail, name="event_detail"),
    path("<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("<int:pk>/cancel/", events.event_cancel, name="event_cancel"),
    path("<int:pk>/signup/", events.signup_self, name="signup"),
    path("<int:pk>/signup/others/", events.signup_others, name="signup_others"),
    path(
        "<int:pk>/signups/<int:signup_pk>/cancel/",
        events.signup_cancel,
        name="signup_cancel",
    ),
    path("<int:pk>/attendance/", attendance.attendance, name="attendance"),
    path(
        "<int:pk>/attendance/walk-in/",
        attendance.attendance_walk_in,
        name="attendance_walk_in",
    ),
    path(
        "<int:pk>/attendance/names/",
        attendance.attendance_names,
        name="attendance_names",
    ),
    path(
        "<int:pk>/attendance/sheet/",
        attendance.attendance_sheet_preview,
        name="attendance_sheet",
    ),
    path(
        "<int:pk>/attendance/sheet/commit/",
        attendance.attendance_sheet_commit,
        name="attendance_sheet_commit",
    ),
    path(
        "<int:pk>/attendance/scan/",
        attendance.attendance_scan,
        name="attendance_scan",
    ),
    path(
        "<int:pk>/attendance/<int:member_pk>/remove/",
        attendance.attendance_remove,
        name="attendance_remove",
    ),
    path(
        "<int:pk>/attendance/print/",
        attendance.attendance_print,
        name="attendance_print",
    ),
    path(
        "<int:pk>/attendance.xlsx",
        attendance.attendance_export,
        name="attendance_export",
    ),
    path("<int:pk>/qr/", attendance.event_qr, name="event_qr"),
    path("<int:pk>/qr/rotate/", attendance.event_qr_rotate, name="event_qr_rotate"),
    path("checkin/<str:token>/", attendance.checkin, name="checkin"),
    path("<int:pk>/attachments/new/", events.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        events.attachment_download,
        name="attachment_download",
    ),
    path("series/", series.series_list_view, name="series_list"),
    path("series/new/", series.series_create, name="series_create"),
    path("series/<int:pk>/", series.series_detail, name="series_detail"),
    path("stats/", series.attendance_stats, name="stats"),
    # Social service and funds (views/social.py).
    path("programs/", social.program_list_view, name="program_list"),
    path("programs/new/", social.program_create, name="program_create"),
    path("programs/<int:pk>/", social.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", social.program_edit, name="program_edit"),
    path(
        "programs/<int:pk>/bases/new/", social.program_base_add, name="program_base_add"
    ),
    path(
        "programs/<int:pk>/activities/new/",
        social.service_activity_create,
        name="service_activity_create",
    ),
    path(
        "programs/activities/<int:pk>/donations/new/",
        social.donation_add,
        name="donation_add",
    ),
    path("partners/new/", social.partner_create, name="partner_create"),
    path("funds/", social.fund_list_view, name="fund_list"),
    path("funds/new/", social.fund_create, name="fund_create"),
    path("funds/<int:pk>/", social.fund_detail, name="fund_detail"),
    path("funds/<int:pk>/entries/new/", social.fund_entry_add, name="fund_entry_add"),
    # The photo archive (views/photos.py).
    path("photos/", photos.photo_list_view, name="photo_list"),
    path("photos/new/", photos.photo_add, name="photo_add"),
    path("photos/<int:pk>/", photos.photo_detail, name="photo_detail"),
    path("photos/<int:pk>/edit/", photos.photo_edit, name="photo_edit"),
    path("photos/<int:pk>/delete/", photos.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/image/", photos.photo_image, name="photo_image"),
    path("photos/<int:pk>/thumb/", photos.photo_thumb, name="photo_thumb"),
]
