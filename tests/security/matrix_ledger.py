"""The permission matrix of 台账导入: the page, its preview and commit, the
templates, and the API.

Who may import a kind is who may write its records (the apps' policies):
activities are managed by heads and staff, honors and tasks by staff, and
participation items by the participation department (here the office).  The
page admits whoever may import some kind.  Targets are the branch head's
branch (*inside*) and the directly affiliated branch (*outside*) as the
organizer of a past activity; a row outside the importer's subtree is an
error, so nothing is written (200 without changes).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.security.matrix import (
    ANY,
    NOBODY,
    OBJECT,
    V1,
    Call,
    Entry,
    Rule,
    _api,
    _web,
    api,
    page,
)

IMPORTERS = frozenset({"head", "staff", "office"})
#: The kind of the file the matrix uploads: a past activity.
KIND = "activities"


def _ledger(w, t: str) -> bytes:
    """A one-row activities ledger organized by ``t``'s organization."""
    from tests.ledger.helpers import fill
    from tongxin.ledger.services import ledger_template
    from tongxin.members.roster.actor import SYSTEM_ACTOR

    org = w.orgs["inside" if t in ("any", "inside") else "outside"]
    row = {"日期": "2024-05-18", "活动名称": "往年座谈会", "活动类型": "座谈会"}
    row["主办组织"] = org.code
    return fill(ledger_template(by=SYSTEM_ACTOR, kind=KIND), [row])


def _file(w, t: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("活动台账.xlsx", _ledger(w, t))


def _token(w, t: str, client) -> str:
    """Upload a ledger as the client's user and return the preview's token;
    a user who may not upload gets a token of staff's, not theirs to commit."""
    from tongxin.core import uploads

    response = client.post(
        reverse("ledger:import"), {"kind": KIND, "file": _file(w, t), "mode": "all"}
    )
    form = response.context.get("commit_form") if response.context else None
    if form is not None:
        return form.initial["token"]
    return uploads.store(
        user=w.users["staff"], upload=_file(w, t), mode="all", org_id=None
    ).token


GATE_PAGE = page(view=NOBODY, act=IMPORTERS, gate=True)

WEB: list[Entry] = [
    Entry(
        "ledger:import",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("ledger:import")),
        GATE_PAGE,
    ),
    Entry(
        "ledger:import",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("ledger:import"), {"kind": KIND, "file": _file(w, t), "mode": "all"}
        ),
        # A preview: imports the file in a transaction it rolls back.
        page(view=NOBODY, act=IMPORTERS, gate=True, rolls_back=True),
    ),
    Entry(
        "ledger:commit",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("ledger:commit"),
            {"token": _token(w, t, c), "kind": KIND, "mode": "all"},
        ),
        # Rows outside the importer's subtree are errors: nothing is kept.
        Rule(
            NOBODY, IMPORTERS, 200, writes=True, gate=True, hidden=200, rolls_back=True
        ),
    ),
    Entry(
        "ledger:template",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("ledger:template", KIND)),
        GATE_PAGE,
    ),
]

API: list[Entry] = [
    _api(
        "GET",
        "/ledger/{kind}/template",
        ANY,
        lambda w, t, c: Call(f"{V1}/ledger/{KIND}/template"),
        api(view=NOBODY, act=IMPORTERS, gate=True),
    ),
    _api(
        "POST",
        "/ledger/{kind}/import",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/ledger/{KIND}/import", {"file": _file(w, t), "commit": "true"}
        ),
        api(
            view=NOBODY,
            act=IMPORTERS,
            writes=True,
            gate=True,
            hidden=200,
            rolls_back=True,
        ),
    ),
]

ENTRIES = WEB + API
