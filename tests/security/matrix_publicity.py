"""The permission matrix of the publicity app: broadcasts and subscriptions.

Targets are the branch head's branch (edu1, *inside*) and the directly
affiliated branch (*outside*).  Broadcasts are sent and read by the
publicity department and the office (the ``office`` user) and read by
leaders; subscriptions are read like the registry and kept by publicity and
the office; a member sets their own channel preferences.  See
``tongxin/publicity/policies.py``.  The SMS receipt callback has no session
(an HMAC signature instead) and is exempt here, tested in
``tests/publicity/test_broadcast_services.py``.
"""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import (
    ANY,
    LIST,
    NOBODY,
    V1,
    Call,
    Entry,
    _api,
    _web,
    api,
    form,
    page,
)

OBJ = ("inside", "outside")
SENDERS = frozenset({"office"})
BROADCAST_READERS = frozenset({"office", "leader"})
SUB_READERS = frozenset({"head", "leader", "staff", "office"})
SELF = frozenset({"member"})

SUB_NAMES = lambda w: {  # noqa: E731
    "inside": w.org.edu1.name,
    "outside": w.org.direct.name,
}


def _place(w, t):
    return {"inside": w.org.edu1, "outside": w.org.direct}[t]


def _broadcast(w, t, *, failed: bool = False):
    """Create a broadcast to the target's branch as root (nothing is sent)."""
    from tongxin.publicity import services
    from tongxin.publicity.models import Delivery

    b = services.broadcast_create(
        by=w.root,
        title=f"通知{t}",
        body="{姓名}您好",
        send_sms=True,
        send_email=False,
        organization=_place(w, t),
    )
    if failed:
        b.deliveries.update(status=Delivery.Status.FAILED, reason="测试")
    return b


def _form(w, t) -> dict:
    return {
        "title": "学习通知",
        "body": "{姓名}同志：请按时参加。",
        "send_sms": "on",
        "organization": _place(w, t).pk,
    }


def _json(w, t) -> dict:
    return {
        "title": "学习通知",
        "body": "{姓名}同志：请按时参加。",
        "send_sms": True,
        "organization": _place(w, t).pk,
    }


def _p(name: str, *args) -> str:
    return _web(f"publicity:{name}", *args)


def _page_gate(act, **kw):
    return page(view=NOBODY, act=act, gate=True, **kw)


WEB: list[Entry] = [
    Entry(
        "publicity:broadcast_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("broadcast_list")),
        _page_gate(BROADCAST_READERS),
    ),
    Entry(
        "publicity:broadcast_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("broadcast_create")),
        _page_gate(SENDERS),
    ),
    Entry(
        "publicity:broadcast_create",
        "POST",
        OBJ,
        lambda w, t, c: Call(_p("broadcast_create"), _form(w, t)),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:broadcast_detail",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("broadcast_detail", _broadcast(w, t).pk)),
        _page_gate(BROADCAST_READERS),
    ),
    Entry(
        "publicity:broadcast_progress",
        "GET",
        OBJ,
        lambda w, t, c: Call(_p("broadcast_progress", _broadcast(w, t).pk)),
        _page_gate(BROADCAST_READERS),
    ),
    Entry(
        "publicity:broadcast_retry",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("broadcast_retry", _broadcast(w, t, failed=True).pk), {}
        ),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
    Entry(
        "publicity:my_preferences",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("my_preferences")),
        _page_gate(SELF),
    ),
    Entry(
        "publicity:my_preferences",
        "POST",
        ANY,
        lambda w, t, c: Call(_p("my_preferences"), {"sms_opt_out": "on"}),
        form(view=NOBODY, act=SELF, gate=True),
    ),
    Entry(
        "publicity:subscription_list",
        "GET",
        LIST,
        lambda w, t, c: Call(_p("subscription_list")),
        page(view=SUB_READERS, act=SUB_READERS, gate=True),
        markers=SUB_NAMES,
    ),
    Entry(
        "publicity:subscription_set",
        "POST",
        OBJ,
        lambda w, t, c: Call(
            _p("subscription_set"),
            {
                "organization": _place(w, t).pk,
                "year": dt.date.today().year,
                "copies": 99,
            },
        ),
        form(view=NOBODY, act=SENDERS, gate=True),
    ),
]

P = f"{V1}/publicity"


def _gate(act, ok=200, writes=False):
    return api(view=NOBODY, act=act, ok=ok, writes=writes, gate=True)


API: list[Entry] = [
    _api(
        "GET",
        "/publicity/broadcasts",
        ANY,
        lambda w, t, c: Call(f"{P}/broadcasts"),
        _gate(BROADCAST_READERS),
    ),
    _api(
        "POST",
        "/publicity/broadcasts",
        OBJ,
        lambda w, t, c: Call(f"{P}/broadcasts", json=_json(w, t)),
        _gate(SENDERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/publicity/broadcasts/{broadcast_id}",
        OBJ,
        lambda w, t, c: Call(f"{P}/broadcasts/{_broadcast(w, t).pk}"),
        _gate(BROADCAST_READERS),
    ),
    _api(
        "GET",
        "/publicity/broadcasts/{broadcast_id}/deliveries",
        OBJ,
        lambda w, t, c: Call(f"{P}/broadcasts/{_broadcast(w, t).pk}/deliveries"),
        _gate(BROADCAST_READERS),
    ),
    _api(
        "POST",
        "/publicity/broadcasts/{broadcast_id}/retry",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/broadcasts/{_broadcast(w, t, failed=True).pk}/retry", json={}
        ),
        _gate(SENDERS, writes=True),
    ),
    _api(
        "GET",
        "/publicity/subscriptions",
        LIST,
        lambda w, t, c: Call(f"{P}/subscriptions"),
        api(view=SUB_READERS, act=SUB_READERS, gate=True),
        markers=SUB_NAMES,
    ),
    _api(
        "GET",
        "/publicity/subscriptions/totals",
        ANY,
        lambda w, t, c: Call(f"{P}/subscriptions/totals"),
        _gate(SUB_READERS),
    ),
    _api(
        "PUT",
        "/publicity/subscriptions",
        OBJ,
        lambda w, t, c: Call(
            f"{P}/subscriptions",
            json={
                "organization": _place(w, t).pk,
                "year": dt.date.today().year,
                "copies": 99,
            },
        ),
        _gate(SENDERS, writes=True),
    ),
    _api(
        "GET",
        "/publicity/preferences",
        ANY,
        lambda w, t, c: Call(f"{P}/preferences"),
        _gate(SELF),
    ),
    _api(
        "PUT",
        "/publicity/preferences",
        ANY,
        lambda w, t, c: Call(f"{P}/preferences", json={"email_opt_out": True}),
        _gate(SELF, writes=True),
    ),
]

ENTRIES = WEB + API
