"""The permission matrix of 会员之家 (/m/): the member's home page, its
one-tap sign-up and cancel, micro-suggestions, and members' change requests (asked on
``/m/details/``, decided on the members app's pages).

The events are those of ``matrix_activities`` (open to the members below
their organizer: the self-service member sees the ``own`` one only).  Only a
user with a member record signs up or cancels here; an account without one
is refused (403) on an event it may see, as on the activities' own page.
"""

from __future__ import annotations

import datetime as dt

from tests.security.matrix import (
    ANY,
    LIST,
    LOGGED_IN,
    MEMBER_NAMES,
    MEMBER_OBJECT,
    V1,
    Call,
    Entry,
    Rule,
    _api,
    _web,
    api,
    form,
    page,
)
from tests.security.matrix_activities import ACT, EVENT_READERS, SELF, _event, _signup

#: A change request is seen by its member, the heads above them and 组织部
#: (``staff``); the office (staff_office) and leaders do not see it.
CHANGE_READERS = frozenset({"member", "head", "staff"})
CHANGE_DECIDERS = frozenset({"head", "staff"})
#: Only the member themselves asks; anyone else is sent to the start page.
MEMBER_ONLY = {(r, "*"): 302 for r in LOGGED_IN - {"member"}}


def _change(w, t):
    return w.change_requests[t]


def _own_returned(w) -> None:
    """Return the member's pending request, so that they may ask again."""
    from tongxin.members.services_changes import change_request_return

    change_request_return(
        request=w.change_requests["own"], by=w.users["staff"], reason="请重新填写"
    )


def _details_post(w, t, c) -> Call:
    _own_returned(w)
    return Call(
        _web("memberhome:details"),
        {
            "mobile": "",
            "email": "",
            "address": "",
            "work_unit": "",
            "job": "语文教师",
            "title": "",
            "education": "",
            "note": "",
        },
    )


def _api_submit(w, t, c) -> Call:
    _own_returned(w)
    return Call(f"{V1}/members/change-requests", json={"job": "语文教师"})


HEAD_MOBILE = "13812345678"  # the world's inside member (王内明)


def _head_post(w, t):
    """The post whose holder's phone is asked for.

    ``own``: the self-service member's own branch head -- the member holds
    教育二支部's head post herself, so the head of 教育基层委员会 above it,
    given here to 王内明; ``inside``: 教育一支部's head; ``outside``: 教育二支部's
    head, the member's own post (nobody is their own branch head).
    """
    if t != "own":
        return w.posts[t]
    from tongxin.orgs.models import Post
    from tongxin.orgs.services import post_assign

    found = Post.objects.filter(organization=w.org.edu, end_on__isnull=True).first()
    return found or post_assign(
        organization=w.org.edu,
        member=w.members["inside"],
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=w.root,
    )


ENTRIES: list[Entry] = [
    # 我的: the member's page; anyone else signed in is sent to the start page.
    Entry(
        "memberhome:home",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("memberhome:home")),
        Rule(
            frozenset({"member"}),
            frozenset({"member"}),
            200,
            overrides={(r, "*"): 302 for r in LOGGED_IN - {"member"}},
        ),
    ),
    Entry(
        "memberhome:signup",
        "POST",
        ACT,
        lambda w, t, c: Call(_web("memberhome:signup", _event(w, t).pk), {}),
        form(view=EVENT_READERS, act=SELF),
    ),
    Entry(
        "memberhome:signup_cancel",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _web("memberhome:signup_cancel", _signup(w, t).event_id), {}
        ),
        form(view=EVENT_READERS, act=SELF),
    ),
    # My check-in QR code, big: the member's own; anyone else goes to the start page.
    Entry(
        "memberhome:qr",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("memberhome:qr")),
        Rule(frozenset({"member"}), frozenset({"member"}), 200, overrides=MEMBER_ONLY),
    ),
    Entry(
        "memberhome:details",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("memberhome:details")),
        Rule(frozenset({"member"}), frozenset({"member"}), 200, overrides=MEMBER_ONLY),
    ),
    Entry(
        "memberhome:details",
        "POST",
        ANY,
        _details_post,
        Rule(
            frozenset({"member"}),
            frozenset({"member"}),
            302,
            writes=True,
            overrides=MEMBER_ONLY,
        ),
    ),
    Entry(
        "memberhome:suggest",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("memberhome:suggest")),
        Rule(frozenset({"member"}), frozenset({"member"}), 200, overrides=MEMBER_ONLY),
    ),
    Entry(
        "memberhome:suggest",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("memberhome:suggest"),
            {"title": "小区路灯不亮", "text": "人民路 5 号门前路灯坏了。"},
        ),
        Rule(
            frozenset({"member"}),
            frozenset({"member"}),
            302,
            writes=True,
            overrides=MEMBER_ONLY,
        ),
    ),
    # My branch head's phone in clear: only the member, only their own head;
    # audited (the audit trail is not compared), nothing else written.
    Entry(
        "memberhome:head_phone",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("memberhome:head_phone", _head_post(w, t).pk), {}),
        Rule(frozenset({"member"}), frozenset({"member"}), 200),
        secret=lambda w, t: HEAD_MOBILE,
    ),
    # The members app's pages for those who decide.
    Entry(
        "members:change_requests",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("members:change_requests")),
        page(view=CHANGE_READERS, gate=True),
        markers=MEMBER_NAMES,
    ),
    Entry(
        "members:change_request",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("members:change_request", _change(w, t).pk)),
        page(view=CHANGE_READERS),
    ),
    Entry(
        "members:change_request_confirm",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web("members:change_request_confirm", _change(w, t).pk), {}
        ),
        form(view=CHANGE_READERS, act=CHANGE_DECIDERS),
    ),
    Entry(
        "members:change_request_return",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web("members:change_request_return", _change(w, t).pk),
            {"reason": "请附单位证明"},
        ),
        form(view=CHANGE_READERS, act=CHANGE_DECIDERS),
    ),
    # The same on the API.
    _api(
        "GET",
        "/members/change-requests",
        LIST,
        lambda w, t, c: Call(f"{V1}/members/change-requests"),
        api(view=CHANGE_READERS, gate=True),
        markers=MEMBER_NAMES,
    ),
    _api(
        "POST",
        "/members/change-requests",
        ANY,
        _api_submit,
        api(view=frozenset({"member"}), ok=201, writes=True, gate=True),
    ),
    _api(
        "GET",
        "/members/change-requests/{request_id}",
        MEMBER_OBJECT,
        lambda w, t, c: Call(f"{V1}/members/change-requests/{_change(w, t).pk}"),
        api(view=CHANGE_READERS),
    ),
    _api(
        "POST",
        "/members/change-requests/{request_id}/confirm",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/change-requests/{_change(w, t).pk}/confirm", json={}
        ),
        api(view=CHANGE_READERS, act=CHANGE_DECIDERS, writes=True),
    ),
    _api(
        "POST",
        "/members/change-requests/{request_id}/return",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/change-requests/{_change(w, t).pk}/return",
            json={"reason": "请附单位证明"},
        ),
        api(view=CHANGE_READERS, act=CHANGE_DECIDERS, writes=True),
    ),
]
