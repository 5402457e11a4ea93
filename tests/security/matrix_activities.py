"""The permission matrix of the activities app: events, social service, photos.

Targets are records organized *inside* the branch head's subtree (edu1),
*outside* it (the direct branch) and at the self-service member's *own*
branch (edu2): an event is open to the members below its organizer, so the
member sees and signs up for the ``own`` event only.  See
``tongxin/activities/policies.py`` for the rules written out here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.security.matrix import (
    ANY,
    LIST,
    LOGGED_IN,
    NOBODY,
    V1,
    Call,
    Entry,
    Rule,
    _api,
    _fresh,
    _web,
    api,
    form,
    page,
)

ACT = ("inside", "outside", "own")

#: Events: read by staff, leaders and heads in their subtrees, and by the
#: members they are open to; managed by staff and heads.
EVENT_READERS = frozenset({"member", "head", "leader", "staff", "office"})
EVENT_MANAGERS = frozenset({"head", "staff", "office"})
ATTENDANCE_READERS = EVENT_MANAGERS | {"leader"}
STATS_READERS = frozenset({"head", "leader", "staff", "office"})
#: Social service: read like the registry, managed by the social service
#: department (the ``office`` user also holds staff_service).
PROGRAM_READERS = STATS_READERS
PROGRAM_MANAGERS = frozenset({"office"})
#: Photos: read like events (open to members), managed by publicity and office.
PHOTO_READERS = EVENT_READERS
PHOTO_MANAGERS = frozenset({"office"})
#: Only a user with a member record signs themselves up or checks in.
SELF = frozenset({"member"})

#: Checking in by token: a member the event is open to (own) checks in; one it
#: is not open to is refused (403); an account without a member record is
#: told it cannot check in (400).
CHECKIN = Rule(
    NOBODY,
    SELF,
    201,
    hidden=400,
    writes=True,
    overrides={("member", "inside"): 403, ("member", "outside"): 403},
)

EVENT_TITLES = lambda w: {t: e.title for t, e in w.activities.events.items()}  # noqa: E731
SERIES_NAMES = lambda w: {t: s.name for t, s in w.activities.series.items()}  # noqa: E731
PROGRAM_NAMES = lambda w: {t: p.name for t, p in w.activities.programs.items()}  # noqa: E731
FUND_NAMES = lambda w: {t: f.name for t, f in w.activities.funds.items()}  # noqa: E731
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (180, 40, 30)).save(out, "JPEG")
    return out.getvalue()


def _event(w, t):
    return w.activities.events[t]


def _held(w, t):
    return w.activities.held[t]


def _place(w, t):
    return {"inside": w.org.edu1, "outside": w.org.direct, "own": w.org.edu2}[t]


def _member(w, t):
    return w.members[t]


def _signup(w, t):
    """Sign the target's member up for the target's event (as root)."""
    from tongxin.activities import services

    return services.signup_create(event=_event(w, t), member=_member(w, t), by=w.root)


def _attended(w, t):
    """Mark the target's member present at the target's event; return the member."""
    from tongxin.activities import services

    services.attendance_mark(event=_held(w, t), members=[_member(w, t)], by=w.root)
    return _member(w, t)


def _scan_code(w, t) -> dict:
    """The check-in code the target's member shows on their phone today."""
    from tongxin.activities import services

    return {"code": services.member_checkin_code(_member(w, t))}


def _attachment(w, t):
    from tongxin.activities import services

    upload = SimpleUploadedFile("通知.pdf", PDF, content_type="application/pdf")
    return services.event_attachment_add(
        event=_event(w, t), by=w.root, upload=upload, title="通知"
    )


def _photo(w, t):
    from tongxin.activities import services

    upload = SimpleUploadedFile("合影.jpg", _jpeg(), content_type="image/jpeg")
    return services.photo_add(
        by=w.root,
        organization=_place(w, t),
        upload=upload,
        caption=f"合影{t}",
        year=2024,
    )


def _token(w, t) -> str:
    from tongxin.activities import services

    return services.checkin_token(_held(w, t))


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _event_form(w, t) -> dict:
    from tongxin.activities.forms import EventEditForm

    event = _fresh(_event(w, t))
    data = EventEditForm.initial_for(event)
    data.update(
        title=event.title + "（改）",
        start_at=_local(event.start_at),
        end_at=_local(event.end_at),
        signup_deadline="",
        co_organizers=[],
        departments=[],
        allows_signup="on",
    )
    return {k: ("" if v is None else v) for k, v in data.items()}


def _new_event_form(w, t) -> dict:
    start = timezone.now() + dt.timedelta(days=10)
    return {
        "organization": _place(w, t).pk,
        "title": "新活动",
        "kind": "lecture",
        "start_at": _local(start),
        "end_at": _local(start + dt.timedelta(hours=2)),
        "allows_signup": "on",
    }


def _new_event_json(w, t) -> dict:
    start = timezone.now() + dt.timedelta(days=10)
    return {
        "organization": _place(w, t).pk,
        "title": "新活动",
        "kind": "lecture",
        "start_at": start.isoformat(),
        "end_at": (start + dt.timedelta(hours=2)).isoformat(),
    }


def _a(name: str, *args) -> str:
    return _web(f"activities:{name}", *args)


WEB: list[Entry] = [
    # Events.
    Entry(
        "activities:event_list",
        "GET",
        LIST,
        lambda w, t, c: Call(_a("event_list")),
        page(view=EVENT_READERS, act=LOGGED_IN),
        markers=EVENT_TITLES,
    ),
    Entry(
        "activities:my_events",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("my_events")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "activities:event_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("event_create")),
        page(view=NOBODY, act=EVENT_MANAGERS, gate=True),
    ),
    Entry(
        "activities:event_create",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("event_create"), _new_event_form(w, t)),
        # A right elsewhere but not here: the form refuses the organizer.
        form(view=NOBODY, act=EVENT_MANAGERS, gate=True, hidden=200),
    ),
    Entry(
        "activities:event_detail",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("event_detail", _event(w, t).pk)),
        page(view=EVENT_READERS),
    ),
    Entry(
        "activities:event_edit",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("event_edit", _event(w, t).pk)),
        page(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:event_edit",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("event_edit", _event(w, t).pk), _event_form(w, t)),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:event_cancel",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("event_cancel", _event(w, t).pk)),
        page(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:event_cancel",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("event_cancel", _event(w, t).pk),
            {"reason": "天气原因", "version": _fresh(_event(w, t)).version},
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:signup",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("signup", _event(w, t).pk), {}),
        # Only a member signs themselves up: the others have no member record.
        form(view=EVENT_READERS, act=SELF),
    ),
    Entry(
        "activities:signup_others",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("signup_others", _event(w, t).pk)),
        page(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:signup_others",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("signup_others", _event(w, t).pk), {"members": _member(w, t).name}
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:signup_cancel",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("signup_cancel", _event(w, t).pk, _signup(w, t).pk), {}
        ),
        # The member cancels their own; managers any of their subtree.  A
        # leader's refusal is a message after the redirect (nothing changes).
        form(
            view=EVENT_READERS,
            act=EVENT_MANAGERS | SELF,
            overrides={("leader", "*"): 302},
        ),
    ),
    Entry(
        "activities:attendance",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("attendance", _event(w, t).pk)),
        page(view=EVENT_READERS, act=ATTENDANCE_READERS),
    ),
    Entry(
        "activities:attendance",
        "POST",
        ACT,
        lambda w, t, c: Call(
            # Unticking the one present member takes their attendance back.
            _a("attendance", _held(w, t).pk),
            {"present": [], "_": _attended(w, t).pk},
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:attendance_walk_in",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("attendance_walk_in", _held(w, t).pk), {"member": _member(w, t).name}
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    # Scanning a member's check-in code: the page and the form, for managers.
    Entry(
        "activities:attendance_scan",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("attendance_scan", _held(w, t).pk)),
        page(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:attendance_scan",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("attendance_scan", _held(w, t).pk), _scan_code(w, t)),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:attendance_names",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("attendance_names", _held(w, t).pk), {"names": _member(w, t).name}
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    # A sign-in sheet's preview reads and writes nothing; the commit records.
    Entry(
        "activities:attendance_sheet",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("attendance_sheet", _held(w, t).pk),
            {
                "file": SimpleUploadedFile(
                    "签到表.csv", f"姓名\n{_member(w, t).name}\n".encode()
                )
            },
        ),
        Rule(EVENT_READERS, EVENT_MANAGERS, 200),
    ),
    Entry(
        "activities:attendance_sheet_commit",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("attendance_sheet_commit", _held(w, t).pk),
            {"member": [_member(w, t).pk]},
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:attendance_remove",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("attendance_remove", _held(w, t).pk, _attended(w, t).pk), {}
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:attendance_print",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("attendance_print", _event(w, t).pk)),
        page(view=EVENT_READERS, act=ATTENDANCE_READERS),
    ),
    Entry(
        "activities:attendance_export",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("attendance_export", _event(w, t).pk)),
        page(view=EVENT_READERS, act=ATTENDANCE_READERS),
    ),
    Entry(
        "activities:event_qr",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("event_qr", _event(w, t).pk)),
        page(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:event_qr_rotate",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("event_qr_rotate", _event(w, t).pk), {}),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    # The QR code's token is the capability: whoever holds it sees the page;
    # only a member the event is open to checks in.
    Entry(
        "activities:checkin",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("checkin", _token(w, t))),
        page(view=LOGGED_IN, anywhere=True),
    ),
    Entry(
        "activities:checkin",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("checkin", _token(w, t)), {}),
        replace(CHECKIN, ok=302),
    ),
    Entry(
        "activities:attachment_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("attachment_add", _event(w, t).pk),
            {
                "file": SimpleUploadedFile("通知.pdf", PDF, "application/pdf"),
                "title": "通知",
            },
        ),
        form(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    Entry(
        "activities:attachment_download",
        "GET",
        ACT,
        lambda w, t, c: Call(
            _a("attachment_download", _event(w, t).pk, _attachment(w, t).pk)
        ),
        page(view=EVENT_READERS),
    ),
    # Series and statistics.
    Entry(
        "activities:series_list",
        "GET",
        LIST,
        lambda w, t, c: Call(_a("series_list")),
        page(view=EVENT_READERS, act=LOGGED_IN),
        markers=SERIES_NAMES,
    ),
    Entry(
        "activities:series_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("series_create")),
        page(view=NOBODY, act=EVENT_MANAGERS, gate=True),
    ),
    Entry(
        "activities:series_create",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("series_create"),
            {"organization": _place(w, t).pk, "name": "新系列", "kind": "lecture"},
        ),
        form(view=NOBODY, act=EVENT_MANAGERS, gate=True, hidden=200),
    ),
    Entry(
        "activities:series_detail",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("series_detail", w.activities.series[t].pk)),
        page(view=EVENT_READERS),
    ),
    Entry(
        "activities:stats",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("stats")),
        page(view=NOBODY, act=STATS_READERS, gate=True),
    ),
    # Social service: programs, partners, funds.
    Entry(
        "activities:program_list",
        "GET",
        LIST,
        lambda w, t, c: Call(_a("program_list")),
        page(view=PROGRAM_READERS, act=PROGRAM_READERS, gate=True),
        markers=PROGRAM_NAMES,
    ),
    Entry(
        "activities:program_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("program_create")),
        page(view=NOBODY, act=PROGRAM_MANAGERS, gate=True),
    ),
    Entry(
        "activities:program_create",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("program_create"),
            {"organization": _place(w, t).pk, "name": "新项目", "kind": "teaching"},
        ),
        form(view=NOBODY, act=PROGRAM_MANAGERS, gate=True, hidden=200),
    ),
    Entry(
        "activities:program_detail",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("program_detail", w.activities.programs[t].pk)),
        page(view=PROGRAM_READERS),
    ),
    Entry(
        "activities:program_edit",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("program_edit", w.activities.programs[t].pk)),
        page(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:program_edit",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("program_edit", w.activities.programs[t].pk),
            {
                "name": "助学项目（改）",
                "kind": "teaching",
                "version": _fresh(w.activities.programs[t]).version,
            },
        ),
        form(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:program_base_add",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("program_base_add", w.activities.programs[t].pk)),
        page(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:program_base_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("program_base_add", w.activities.programs[t].pk), {"name": "实践基地"}
        ),
        form(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:service_activity_create",
        "GET",
        ACT,
        lambda w, t, c: Call(
            _a("service_activity_create", w.activities.programs[t].pk)
        ),
        page(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:service_activity_create",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("service_activity_create", w.activities.programs[t].pk),
            {"title": "送书下乡", "held_on": "2024-06-01"},
        ),
        form(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:donation_add",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("donation_add", w.activities.service_activities[t].pk)),
        page(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:donation_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("donation_add", w.activities.service_activities[t].pk),
            {"kind": "money", "value": "100", "donor_name": "某公司"},
        ),
        form(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:partner_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("partner_create")),
        page(view=NOBODY, act=PROGRAM_MANAGERS, gate=True),
    ),
    Entry(
        "activities:partner_create",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("partner_create"),
            {"organization": _place(w, t).pk, "name": "敬老院", "kind": "nursing_home"},
        ),
        form(view=NOBODY, act=PROGRAM_MANAGERS, gate=True, hidden=200),
    ),
    Entry(
        "activities:fund_list",
        "GET",
        LIST,
        lambda w, t, c: Call(_a("fund_list")),
        page(view=PROGRAM_READERS, act=PROGRAM_READERS, gate=True),
        markers=FUND_NAMES,
    ),
    Entry(
        "activities:fund_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("fund_create")),
        page(view=NOBODY, act=PROGRAM_MANAGERS, gate=True),
    ),
    Entry(
        "activities:fund_create",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("fund_create"), {"organization": _place(w, t).pk, "name": "新基金"}
        ),
        form(view=NOBODY, act=PROGRAM_MANAGERS, gate=True, hidden=200),
    ),
    Entry(
        "activities:fund_detail",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("fund_detail", w.activities.funds[t].pk)),
        page(view=PROGRAM_READERS),
    ),
    Entry(
        "activities:fund_entry_add",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("fund_entry_add", w.activities.funds[t].pk)),
        page(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    Entry(
        "activities:fund_entry_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("fund_entry_add", w.activities.funds[t].pk),
            {
                "direction": "in",
                "on": "2024-01-01",
                "amount": "1000",
                "party_name": "某公司",
            },
        ),
        form(view=PROGRAM_READERS, act=PROGRAM_MANAGERS),
    ),
    # The photo archive.
    Entry(
        "activities:photo_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("photo_list")),
        page(view=NOBODY, act=PHOTO_READERS, gate=True),
    ),
    Entry(
        "activities:photo_add",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("photo_add")),
        page(view=NOBODY, act=PHOTO_MANAGERS, gate=True),
    ),
    Entry(
        "activities:photo_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("photo_add"),
            {
                "image": SimpleUploadedFile("合影.jpg", _jpeg(), "image/jpeg"),
                "caption": "新照片",
                "organization": _place(w, t).pk,
                "year": "2024",
            },
        ),
        form(view=NOBODY, act=PHOTO_MANAGERS, gate=True, hidden=200),
    ),
    Entry(
        "activities:photo_detail",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("photo_detail", _photo(w, t).pk)),
        page(view=PHOTO_READERS),
    ),
    Entry(
        "activities:photo_edit",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("photo_edit", _photo(w, t).pk)),
        page(view=PHOTO_READERS, act=PHOTO_MANAGERS),
    ),
    Entry(
        "activities:photo_edit",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _a("photo_edit", (p := _photo(w, t)).pk),
            {
                "caption": "改过的说明",
                "organization": p.organization_id,
                "year": "2024",
                "version": p.version,
            },
        ),
        form(view=PHOTO_READERS, act=PHOTO_MANAGERS),
    ),
    Entry(
        "activities:photo_delete",
        "POST",
        ACT,
        lambda w, t, c: Call(_a("photo_delete", _photo(w, t).pk), {}),
        form(view=PHOTO_READERS, act=PHOTO_MANAGERS),
    ),
    Entry(
        "activities:photo_image",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("photo_image", _photo(w, t).pk)),
        page(view=PHOTO_READERS),
    ),
    Entry(
        "activities:photo_thumb",
        "GET",
        ACT,
        lambda w, t, c: Call(_a("photo_thumb", _photo(w, t).pk)),
        page(view=PHOTO_READERS),
    ),
]


A = f"{V1}/activities"


def _gate(act, ok=200, writes=False, hidden=422) -> Rule:
    return api(view=NOBODY, act=act, ok=ok, writes=writes, gate=True, hidden=hidden)


API: list[Entry] = [
    _api(
        "GET",
        "/activities/events",
        LIST,
        lambda w, t, c: Call(f"{A}/events"),
        api(view=EVENT_READERS, act=LOGGED_IN),
        markers=EVENT_TITLES,
    ),
    _api(
        "POST",
        "/activities/events",
        ACT,
        lambda w, t, c: Call(f"{A}/events", json=_new_event_json(w, t)),
        # The organizer is looked up among the organizations the user sees.
        _gate(EVENT_MANAGERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/activities/events/{event_id}",
        ACT,
        lambda w, t, c: Call(f"{A}/events/{_event(w, t).pk}"),
        api(view=EVENT_READERS),
    ),
    _api(
        "PATCH",
        "/activities/events/{event_id}",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_event(w, t).pk}",
            json={"version": _fresh(_event(w, t)).version, "place": "会议室"},
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/activities/events/{event_id}/cancel",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_event(w, t).pk}/cancel", json={"reason": "天气原因"}
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS, writes=True),
    ),
    _api(
        "GET",
        "/activities/events/{event_id}/signups",
        ACT,
        lambda w, t, c: Call(f"{A}/events/{_event(w, t).pk}/signups"),
        api(view=EVENT_READERS, act=ATTENDANCE_READERS),
    ),
    _api(
        "POST",
        "/activities/events/{event_id}/signups",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_event(w, t).pk}/signups",
            json={"member": _member(w, t).pk},
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS | SELF, ok=201, writes=True),
    ),
    _api(
        "POST",
        "/activities/events/{event_id}/signups/{signup_id}/cancel",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_event(w, t).pk}/signups/{_signup(w, t).pk}/cancel",
            json={},
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS | SELF, writes=True),
    ),
    _api(
        "GET",
        "/activities/events/{event_id}/attendance",
        ACT,
        lambda w, t, c: Call(f"{A}/events/{_event(w, t).pk}/attendance"),
        api(view=EVENT_READERS, act=ATTENDANCE_READERS),
    ),
    _api(
        "POST",
        "/activities/events/{event_id}/attendance",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_held(w, t).pk}/attendance",
            json={"members": [_member(w, t).pk]},
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/activities/events/{event_id}/attendance/scan",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_held(w, t).pk}/attendance/scan", json=_scan_code(w, t)
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS, ok=201, writes=True),
    ),
    _api(
        "POST",
        "/activities/events/{event_id}/attendance/bulk",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_held(w, t).pk}/attendance/bulk",
            json={"members": [_member(w, t).pk]},
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS, writes=True),
    ),
    _api(
        "DELETE",
        "/activities/events/{event_id}/attendance/{member_id}",
        ACT,
        lambda w, t, c: Call(
            f"{A}/events/{_held(w, t).pk}/attendance/{_attended(w, t).pk}", json={}
        ),
        api(view=EVENT_READERS, act=EVENT_MANAGERS, ok=204, writes=True),
    ),
    _api(
        "GET",
        "/activities/events/{event_id}/checkin-token",
        ACT,
        lambda w, t, c: Call(f"{A}/events/{_event(w, t).pk}/checkin-token"),
        api(view=EVENT_READERS, act=EVENT_MANAGERS),
    ),
    _api(
        "POST",
        "/activities/checkin",
        ACT,
        lambda w, t, c: Call(f"{A}/checkin", json={"token": _token(w, t)}),
        replace(CHECKIN, anonymous=401),
    ),
    _api(
        "GET",
        "/activities/members/{member_id}/attended",
        ACT,
        lambda w, t, c: Call(f"{A}/members/{_member(w, t).pk}/attended"),
        # The member is looked up among the members the user sees.
        api(view=frozenset({"member", "head", "leader", "staff", "office"})),
    ),
    _api(
        "GET",
        "/activities/stats/attendance-by-year",
        ANY,
        lambda w, t, c: Call(f"{A}/stats/attendance-by-year"),
        _gate(STATS_READERS),
    ),
    _api(
        "GET",
        "/activities/series",
        LIST,
        lambda w, t, c: Call(f"{A}/series"),
        api(view=EVENT_READERS, act=LOGGED_IN),
        markers=SERIES_NAMES,
    ),
    _api(
        "POST",
        "/activities/series",
        ACT,
        lambda w, t, c: Call(
            f"{A}/series", json={"organization": _place(w, t).pk, "name": "新系列"}
        ),
        _gate(EVENT_MANAGERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/activities/series/{series_id}",
        ACT,
        lambda w, t, c: Call(f"{A}/series/{w.activities.series[t].pk}"),
        api(view=EVENT_READERS),
    ),
    _api(
        "GET",
        "/activities/partners",
        ANY,
        lambda w, t, c: Call(f"{A}/partners"),
        _gate(PROGRAM_READERS),
    ),
    _api(
        "POST",
        "/activities/partners",
        ACT,
        lambda w, t, c: Call(
            f"{A}/partners",
            json={
                "organization": _place(w, t).pk,
                "name": "敬老院",
                "kind": "nursing_home",
            },
        ),
        _gate(PROGRAM_MANAGERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/activities/programs",
        LIST,
        lambda w, t, c: Call(f"{A}/programs"),
        api(view=PROGRAM_READERS, act=PROGRAM_READERS, gate=True),
        markers=PROGRAM_NAMES,
    ),
    _api(
        "POST",
        "/activities/programs",
        ACT,
        lambda w, t, c: Call(
            f"{A}/programs",
            json={
                "organization": _place(w, t).pk,
                "name": "新项目",
                "kind": "teaching",
            },
        ),
        _gate(PROGRAM_MANAGERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/activities/programs/{program_id}",
        ACT,
        lambda w, t, c: Call(f"{A}/programs/{w.activities.programs[t].pk}"),
        api(view=PROGRAM_READERS),
    ),
    _api(
        "PATCH",
        "/activities/programs/{program_id}",
        ACT,
        lambda w, t, c: Call(
            f"{A}/programs/{w.activities.programs[t].pk}",
            json={
                "version": _fresh(w.activities.programs[t]).version,
                "description": "改过",
            },
        ),
        api(view=PROGRAM_READERS, act=PROGRAM_MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/activities/programs/{program_id}/bases",
        ACT,
        lambda w, t, c: Call(
            f"{A}/programs/{w.activities.programs[t].pk}/bases",
            json={"name": "实践基地"},
        ),
        api(view=PROGRAM_READERS, act=PROGRAM_MANAGERS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/activities/programs/{program_id}/activities",
        ACT,
        lambda w, t, c: Call(f"{A}/programs/{w.activities.programs[t].pk}/activities"),
        api(view=PROGRAM_READERS),
    ),
    _api(
        "POST",
        "/activities/programs/{program_id}/activities",
        ACT,
        lambda w, t, c: Call(
            f"{A}/programs/{w.activities.programs[t].pk}/activities",
            json={"title": "送书下乡", "held_on": "2024-06-01"},
        ),
        api(view=PROGRAM_READERS, act=PROGRAM_MANAGERS, ok=201, writes=True),
    ),
    _api(
        "POST",
        "/activities/service-activities/{activity_id}/donations",
        ACT,
        lambda w, t, c: Call(
            f"{A}/service-activities/{w.activities.service_activities[t].pk}/donations",
            json={"kind": "money", "value": 100, "donor_name": "某公司"},
        ),
        api(view=PROGRAM_READERS, act=PROGRAM_MANAGERS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/activities/funds",
        LIST,
        lambda w, t, c: Call(f"{A}/funds"),
        api(view=PROGRAM_READERS, act=PROGRAM_READERS, gate=True),
        markers=FUND_NAMES,
    ),
    _api(
        "POST",
        "/activities/funds",
        ACT,
        lambda w, t, c: Call(
            f"{A}/funds", json={"organization": _place(w, t).pk, "name": "新基金"}
        ),
        _gate(PROGRAM_MANAGERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/activities/funds/{fund_id}",
        ACT,
        lambda w, t, c: Call(f"{A}/funds/{w.activities.funds[t].pk}"),
        api(view=PROGRAM_READERS),
    ),
    _api(
        "POST",
        "/activities/funds/{fund_id}/entries",
        ACT,
        lambda w, t, c: Call(
            f"{A}/funds/{w.activities.funds[t].pk}/entries",
            json={
                "direction": "in",
                "on": "2024-01-01",
                "amount": 1000,
                "party_name": "某公司",
            },
        ),
        api(view=PROGRAM_READERS, act=PROGRAM_MANAGERS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/activities/photos",
        ANY,
        lambda w, t, c: Call(f"{A}/photos"),
        _gate(PHOTO_READERS),
    ),
    _api(
        "POST",
        "/activities/photos",
        ACT,
        lambda w, t, c: Call(
            f"{A}/photos",
            {
                "image": SimpleUploadedFile("合影.jpg", _jpeg(), "image/jpeg"),
                "caption": "新照片",
                "organization": str(_place(w, t).pk),
                "year": "2024",
            },
        ),
        _gate(PHOTO_MANAGERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/activities/photos/{photo_id}",
        ACT,
        lambda w, t, c: Call(f"{A}/photos/{_photo(w, t).pk}"),
        api(view=PHOTO_READERS),
    ),
    _api(
        "PATCH",
        "/activities/photos/{photo_id}",
        ACT,
        lambda w, t, c: Call(
            f"{A}/photos/{(p := _photo(w, t)).pk}",
            json={"version": p.version, "caption": "改过的说明"},
        ),
        api(view=PHOTO_READERS, act=PHOTO_MANAGERS, writes=True),
    ),
    _api(
        "DELETE",
        "/activities/photos/{photo_id}",
        ACT,
        lambda w, t, c: Call(f"{A}/photos/{_photo(w, t).pk}", json={}),
        api(view=PHOTO_READERS, act=PHOTO_MANAGERS, ok=204, writes=True),
    ),
    _api(
        "GET",
        "/activities/photos/{photo_id}/image",
        ACT,
        lambda w, t, c: Call(f"{A}/photos/{_photo(w, t).pk}/image"),
        api(view=PHOTO_READERS),
    ),
]

ENTRIES = WEB + API
