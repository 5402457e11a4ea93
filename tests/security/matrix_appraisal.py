"""The permission matrix of the appraisal app: duty records, rankings, scores, rules.

A member's duty record is read like the member: the member themself, heads
in their subtree, leaders, staff and the office (``MEMBER_READERS``); anyone
else gets 404.  Rankings and organization scores are lists read by heads,
leaders, staff and the office, each seeing their subtree; the self-service
member and the administrators get 403.  The rules are committee-wide: read
by the same readers, changed by the organization department and the office
(grants on the committee).  See ``tongxin/appraisal/policies.py``.
"""

from __future__ import annotations

import itertools

from tests.security.matrix import (
    ANY,
    LIST,
    MEMBER_OBJECT,
    MEMBER_READERS,
    NOBODY,
    V1,
    Call,
    Entry,
    Rule,
    _api,
    _fresh,
    _member,
    _web,
    api,
    form,
    page,
)

READERS = frozenset({"head", "leader", "staff", "office"})
EDITORS = frozenset({"staff", "office"})
_codes = itertools.count(1)


def MEMBER_NAMES(w):
    return {t: w.members[t].name for t in ("inside", "outside", "own")}


def ORG_NAMES(w):
    return {
        "inside": w.org.edu1.name,
        "outside": w.org.direct.name,
        "own": w.org.edu2.name,
    }


def _rule(w):
    from tongxin.appraisal.models import PointRule

    return PointRule.objects.get(code="event")


def _edit(w) -> dict:
    rule = _fresh(_rule(w))
    return {
        "name": "参加活动",
        "points": "1.5",
        "cap": "",
        "active": "on",
        "version": rule.version,
    }


def _new(w) -> dict:
    return {
        "scheme": "member",
        "code": f"matrix-{next(_codes)}",
        "name": "参加活动（加分）",
        "measure": "event_attended",
        "points": "1",
        "cap": "",
    }


def _a(name: str, *args) -> str:
    return _web(f"appraisal:{name}", *args)


def _gate(act):
    return page(view=NOBODY, act=act, gate=True)


WEB: list[Entry] = [
    Entry(
        "appraisal:index",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("index")),
        # Readers go to the ranking, a member to their record, others 403.
        Rule(view=NOBODY, act=READERS | {"member"}, ok=302, gate=True),
    ),
    Entry(
        "appraisal:record",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_a("record", _member(w, t).pk)),
        page(view=MEMBER_READERS),
    ),
    Entry(
        "appraisal:record_export",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_a("record_export", _member(w, t).pk), {"format": "xlsx"}),
        page(view=MEMBER_READERS),
    ),
    Entry(
        "appraisal:ranking",
        "GET",
        LIST,
        lambda w, t, c: Call(_a("ranking")),
        page(view=READERS, act=READERS, gate=True),
        markers=MEMBER_NAMES,
    ),
    Entry(
        "appraisal:ranking_export",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("ranking_export")),
        _gate(READERS),
    ),
    Entry(
        "appraisal:scores",
        "GET",
        LIST,
        lambda w, t, c: Call(_a("scores")),
        page(view=READERS, act=READERS, gate=True),
        markers=ORG_NAMES,
    ),
    Entry(
        "appraisal:scores_export",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("scores_export")),
        _gate(READERS),
    ),
    Entry(
        "appraisal:rules",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("rules")),
        _gate(READERS),
    ),
    Entry(
        "appraisal:rule_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("rule_create")),
        _gate(EDITORS),
    ),
    Entry(
        "appraisal:rule_create",
        "POST",
        ANY,
        lambda w, t, c: Call(_a("rule_create"), _new(w)),
        form(view=NOBODY, act=EDITORS, gate=True),
    ),
    Entry(
        "appraisal:rule_edit",
        "GET",
        ANY,
        lambda w, t, c: Call(_a("rule_edit", _rule(w).pk)),
        _gate(EDITORS),
    ),
    Entry(
        "appraisal:rule_edit",
        "POST",
        ANY,
        lambda w, t, c: Call(_a("rule_edit", _rule(w).pk), _edit(w)),
        form(view=NOBODY, act=EDITORS, gate=True),
    ),
]

P = f"{V1}/appraisal"


def _api_gate(act, ok=200, writes=False):
    return api(view=NOBODY, act=act, ok=ok, writes=writes, gate=True)


API: list[Entry] = [
    _api(
        "GET",
        "/appraisal/members/{member_id}/record",
        MEMBER_OBJECT,
        lambda w, t, c: Call(f"{P}/members/{_member(w, t).pk}/record"),
        api(view=MEMBER_READERS),
    ),
    _api(
        "GET",
        "/appraisal/ranking",
        LIST,
        lambda w, t, c: Call(f"{P}/ranking"),
        api(view=READERS, act=READERS, gate=True),
        markers=MEMBER_NAMES,
    ),
    _api(
        "GET",
        "/appraisal/scores",
        LIST,
        lambda w, t, c: Call(f"{P}/scores"),
        api(view=READERS, act=READERS, gate=True),
        markers=ORG_NAMES,
    ),
    _api(
        "GET",
        "/appraisal/rules",
        ANY,
        lambda w, t, c: Call(f"{P}/rules"),
        _api_gate(READERS),
    ),
    _api(
        "POST",
        "/appraisal/rules",
        ANY,
        lambda w, t, c: Call(f"{P}/rules", json={**_new(w), "cap": None}),
        _api_gate(EDITORS, 201, writes=True),
    ),
    _api(
        "PUT",
        "/appraisal/rules/{rule_id}",
        ANY,
        lambda w, t, c: Call(
            f"{P}/rules/{_rule(w).pk}",
            json={
                "name": "参加活动",
                "points": "1.5",
                "active": True,
                "version": _fresh(_rule(w)).version,
            },
        ),
        _api_gate(EDITORS, writes=True),
    ),
]

ENTRIES = WEB + API
