"""The permission matrix of the honors registry.

An honor *inside* is registered at edu1 and names a member of edu1 (and the
branch itself); one *outside* is registered at the direct branch and names its
member.  Staff of every department record honors in their subtrees; leaders
and heads read; see ``tongxin/honors/policies.py``.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.matrix import (
    ANY,
    LIST,
    LOGGED_IN,
    NOBODY,
    OBJECT,
    V1,
    Call,
    Entry,
    _api,
    _fresh,
    _web,
    api,
    form,
    page,
)

READERS = frozenset({"head", "leader", "staff", "office"})
MANAGERS = frozenset({"staff", "office"})
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
TITLES = lambda w: {t: h.title for t, h in w.honors.items.items()}  # noqa: E731


def build_honors(root, places: dict, members: dict) -> SimpleNamespace:
    """Create one honor per side, each naming a member and an organization."""
    from tongxin.honors import services

    items = {}
    for t in ("inside", "outside"):
        items[t] = services.honor_create(
            by=root,
            organization=places[t],
            title=f"先进个人{t}",
            category="publicity",
            level="city",
            awarding_body="大连市委统战部",
            year=2013,
            members=[members[t]],
            organizations=[places[t]],
        )
    return SimpleNamespace(items=items)


def _file(w, t):
    """Upload a file (as root) now: each test has its own media directory."""
    from tongxin.honors import services

    return services.honor_file_add(
        honor=_honor(w, t),
        by=w.root,
        upload=SimpleUploadedFile("决定.pdf", PDF),
        title="决定",
    )


def _honor(w, t):
    return w.honors.items[t]


def _org_recipient(w, t):
    return _honor(w, t).recipients.get(organization__isnull=False)


def _new_form(w, t) -> dict:
    return {
        "organization": w.honors_places[t].pk,
        "title": "新荣誉",
        "category": "overall",
        "level": "committee",
        "awarding_body": "民进大连市委",
        "year": "2014",
        "recipients_text": w.members[t].name,
    }


def _edit_form(w, t) -> dict:
    h = _fresh(_honor(w, t))
    return {
        "title": h.title + "（改）",
        "category": h.category,
        "level": h.level,
        "awarding_body": h.awarding_body,
        "year": h.year,
        "document_number": "",
        "note": "",
        "version": h.version,
    }


def _h(name: str, *args) -> str:
    return _web(f"honors:{name}", *args)


H = f"{V1}/honors"

WEB: list[Entry] = [
    Entry(
        "honors:list",
        "GET",
        LIST,
        lambda w, t, c: Call(_h("list")),
        page(view=READERS, act=LOGGED_IN),
        markers=TITLES,
    ),
    Entry(
        "honors:stats",
        "GET",
        ANY,
        lambda w, t, c: Call(_h("stats")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "honors:create",
        "GET",
        ANY,
        lambda w, t, c: Call(_h("create")),
        page(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "honors:create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_h("create"), _new_form(w, t)),
        form(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "honors:detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_h("detail", _honor(w, t).pk)),
        page(view=READERS),
    ),
    Entry(
        "honors:edit",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_h("edit", _honor(w, t).pk)),
        page(view=READERS, act=MANAGERS),
    ),
    Entry(
        "honors:edit",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_h("edit", _honor(w, t).pk), _edit_form(w, t)),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "honors:recipients_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _h("recipients_add", _honor(w, t).pk),
            {"recipients_text": w.members["own"].name},
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "honors:recipient_remove",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _h("recipient_remove", _honor(w, t).pk, _org_recipient(w, t).pk), {}
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "honors:file_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _h("file_add", _honor(w, t).pk),
            {"title": "证书", "file": SimpleUploadedFile("证书.pdf", PDF)},
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "honors:file_download",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_h("file_download", _honor(w, t).pk, _file(w, t).pk)),
        page(view=READERS),
    ),
]

API: list[Entry] = [
    _api(
        "GET",
        "/honors",
        LIST,
        lambda w, t, c: Call(H),
        api(view=READERS, act=LOGGED_IN),
        markers=TITLES,
    ),
    _api(
        "POST",
        "/honors",
        OBJECT,
        lambda w, t, c: Call(
            H,
            json={
                "organization": w.honors_places[t].pk,
                "title": "新荣誉",
                "category": "overall",
                "level": "committee",
                "awarding_body": "民进大连市委",
                "year": 2014,
                "members": [w.members[t].pk],
            },
        ),
        api(view=NOBODY, act=MANAGERS, ok=201, writes=True, gate=True),
    ),
    _api(
        "GET",
        "/honors/stats",
        ANY,
        lambda w, t, c: Call(f"{H}/stats"),
        api(view=LOGGED_IN),
    ),
    _api(
        "GET",
        "/honors/{honor_id}",
        OBJECT,
        lambda w, t, c: Call(f"{H}/{_honor(w, t).pk}"),
        api(view=READERS),
    ),
    _api(
        "PATCH",
        "/honors/{honor_id}",
        OBJECT,
        lambda w, t, c: Call(
            f"{H}/{_honor(w, t).pk}",
            json={"version": _fresh(_honor(w, t)).version, "note": "已核对"},
        ),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/honors/{honor_id}/recipients",
        OBJECT,
        lambda w, t, c: Call(
            f"{H}/{_honor(w, t).pk}/recipients",
            json={"members": [w.members["own"].pk]},
        ),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/honors/{honor_id}/files",
        OBJECT,
        lambda w, t, c: Call(
            f"{H}/{_honor(w, t).pk}/files",
            {"file": SimpleUploadedFile("证书.pdf", PDF), "title": "证书"},
        ),
        api(view=READERS, act=MANAGERS, ok=201, writes=True),
    ),
]

ENTRIES = WEB + API
