"""The permission matrix of political participation (参政议政).

Items are submitted (not drafts) and belong to the member who wrote them:
*inside* by a member of edu1 (the branch head's subtree), *outside* by a
member of the direct branch, *own* by the self-service member (edu2).  Staff
of every department, leaders and heads read the items of their subtree; a
member reads their own; the participation department -- the ``office`` user
holds ``staff_participation`` on the committee -- manages them, and only it.
The three administrators see no items.  See
``tongxin/participation/policies.py`` for the rules written out here.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

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
    _web,
    api,
    form,
    page,
)

ACT = ("inside", "outside", "own")
#: Who reads submitted items: staff, leaders and heads in their subtree, the
#: member their own.
READERS = frozenset({"member", "head", "leader", "staff", "office"})
#: The participation department.
PART = frozenset({"office"})
#: Who may submit: a member (their own) or the participation department.
CREATORS = frozenset({"member", "office"})
STATS = frozenset({"head", "leader", "staff", "office"})
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def _research_body(w, client) -> dict:
    """A research topic: a member's is their own organization's; a user
    without a member record names the organization (the service's rule)."""
    body = {
        "title": "新课题",
        "target_body": "民进省委会",
        "members": [w.participation.members["own"].pk],
    }
    uid = str(client.session.get("_auth_user_id", ""))
    user = next((u for u in w.users.values() if str(u.pk) == uid), None)
    if user is None or not user.member_id:
        body["organization"] = w.participation.members["own"].organization_id
    return body


def build_participation(root, members: dict, city) -> SimpleNamespace:
    """Create one submitted item of each kind per side, written by its member."""
    from tongxin.participation import services as p

    session = p.session_create(
        by=root, name="市政协十三届二次会议", body="大连市政协", level="city", year=2024
    )
    suggestions, proposals, opinions = {}, {}, {}
    for t, m in members.items():
        suggestions[t] = p.suggestion_create(
            by=root, author=m, title=f"建议{t}", text="正文", submit=True
        )
        proposal = p.proposal_create(
            by=root,
            kind="member",
            session=session,
            member=m,
            title=f"提案{t}",
            submit=True,
        )
        p.item_transition(by=root, item=proposal, action="file")
        proposals[t] = proposal
        report = p.opinion_create(by=root, authors=[m], title=f"信息{t}", submit=True)
        p.item_transition(by=root, item=report, action="sign_off")
        p.item_transition(
            by=root, item=report, action="report", values={"targets": ["民进中央"]}
        )
        opinions[t] = report
    return SimpleNamespace(
        session=session,
        suggestions=suggestions,
        proposals=proposals,
        opinions=opinions,
        members=members,
        city=city,
    )


def _p(name: str, *args) -> str:
    return _web(f"participation:{name}", *args)


def _s(w, t):
    return w.participation.suggestions[t]


def _prop(w, t):
    return w.participation.proposals[t]


def _op(w, t):
    return w.participation.opinions[t]


def _today() -> str:
    """An adoption is not dated before its report's submission (today's, here)."""
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _attachment(w, t):
    """Attach a PDF to the target's suggestion (as root; files live per test)."""
    from tongxin.participation import services

    return services.attachment_add(by=w.root, item=_s(w, t), upload=_pdf())


def _pdf():
    return SimpleUploadedFile("附件.pdf", PDF, content_type="application/pdf")


SUGGESTIONS = lambda w: {t: s.title for t, s in w.participation.suggestions.items()}  # noqa: E731
PROPOSALS = lambda w: {t: s.title for t, s in w.participation.proposals.items()}  # noqa: E731
OPINIONS = lambda w: {t: s.title for t, s in w.participation.opinions.items()}  # noqa: E731
DATE = dt.date(2024, 3, 1).isoformat()

WEB: list[Entry] = [
    Entry(
        "participation:home",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("home")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "participation:list",
        "GET",
        LIST,
        lambda w, t, c: Call(_p("list", "suggestions")),
        page(view=READERS, act=LOGGED_IN),
        markers=SUGGESTIONS,
    ),
    Entry(
        "participation:create",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("create", "suggestions")),
        page(view=NOBODY, act=CREATORS, gate=True),
    ),
    Entry(
        "participation:create",
        "POST",
        ANY,
        # The member's form has no author field: they submit their own.
        lambda w, t, c: Call(
            _p("create", "suggestions"),
            {
                "title": "新建议",
                "submit": "1",
                "author": w.participation.members["own"].pk,
            },
        ),
        form(view=NOBODY, act=CREATORS, gate=True),
    ),
    Entry(
        "participation:detail",
        "GET",
        ACT,
        lambda w, t, c: Call(_p("detail", "suggestions", _s(w, t).pk)),
        page(view=READERS),
    ),
    Entry(
        "participation:edit",
        "GET",
        ACT,
        lambda w, t, c: Call(_p("edit", "suggestions", _s(w, t).pk)),
        page(view=READERS, act=PART),
    ),
    Entry(
        "participation:edit",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("edit", "suggestions", _s(w, t).pk),
            {"title": "改过的建议", "text": "正文", "date": DATE},
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:transition",
        "GET",
        ACT,
        lambda w, t, c: Call(_p("transition", "suggestions", _s(w, t).pk, "return")),
        page(view=READERS, act=PART),
    ),
    Entry(
        "participation:transition",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("transition", "suggestions", _s(w, t).pk, "accept"), {"comment": "好"}
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:attachment_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("attachment_add", "suggestions", _s(w, t).pk), {"file": _pdf()}
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:attachment",
        "GET",
        ACT,
        lambda w, t, c: Call(
            _p(
                "attachment",
                "suggestions",
                _s(w, t).pk,
                _attachment(w, t).pk,
            )
        ),
        page(view=READERS),
    ),
    Entry(
        "participation:convert",
        "GET",
        ACT,
        lambda w, t, c: Call(_p("convert", _s(w, t).pk)),
        page(view=READERS, act=PART),
    ),
    Entry(
        "participation:convert",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("convert", _s(w, t).pk), {"session": w.participation.session.pk}
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:unit_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("unit_add", _prop(w, t).pk), {"name": "市教育局", "role": "lead"}
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:award_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("award_add", _prop(w, t).pk),
            {"name": "优秀提案", "body": "市政协", "year": 2024},
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:adoption_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("adoption_add", _op(w, t).pk),
            {"level": "national", "body": "民进中央", "adopted_on": _today()},
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:instruction_add",
        "POST",
        ACT,
        lambda w, t, c: Call(
            _p("instruction_add", _op(w, t).pk),
            {"leader": "市领导", "content": "请研究", "given_on": DATE},
        ),
        form(view=READERS, act=PART),
    ),
    Entry(
        "participation:drive_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("drive_list")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "participation:drive_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("drive_create")),
        page(view=NOBODY, act=PART, gate=True),
    ),
    Entry(
        "participation:drive_create",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _p("drive_create"),
            {
                "theme": "献一策",
                "organization": w.participation.city.pk,
                "start_on": "2024-01-01",
                "end_on": "2024-12-31",
            },
        ),
        form(view=NOBODY, act=PART, gate=True),
    ),
    Entry(
        "participation:session_list",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("session_list")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "participation:session_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("session_create")),
        page(view=NOBODY, act=PART, gate=True),
    ),
    Entry(
        "participation:session_create",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _p("session_create"),
            {
                "name": "市政协十三届三次会议",
                "body": "大连市政协",
                "level": "city",
                "year": 2025,
            },
        ),
        form(view=NOBODY, act=PART, gate=True),
    ),
    Entry(
        "participation:coverage",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("coverage")),
        page(view=NOBODY, act=STATS, gate=True),
    ),
    Entry(
        "participation:stats",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("stats")),
        page(view=NOBODY, act=STATS, gate=True),
    ),
    Entry(
        "participation:stats_export",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("stats_export")),
        page(view=NOBODY, act=STATS, gate=True),
    ),
    Entry(
        "participation:compile",
        "GET",
        ANY,
        lambda w, t, c: Call(_p("compile")),
        page(view=NOBODY, act=PART, gate=True),
    ),
    Entry(
        "participation:compile",
        "POST",
        ANY,
        # A download: nothing in the domain tables changes (the export is audited).
        lambda w, t, c: Call(_p("compile"), {"kind": "suggestions"}),
        Rule(view=NOBODY, act=PART, ok=200, gate=True),
    ),
]

P = "/participation"


def _api_write(**kw) -> Rule:
    kw.setdefault("ok", 201)
    return api(writes=True, **kw)


API: list[Entry] = [
    _api(
        "GET",
        f"{P}/drives",
        ANY,
        lambda w, t, c: Call(V1 + P + "/drives"),
        api(view=LOGGED_IN),
    ),
    _api(
        "POST",
        f"{P}/drives",
        ANY,
        lambda w, t, c: Call(
            V1 + P + "/drives",
            json={
                "theme": "献一策",
                "organization": w.participation.city.pk,
                "start_on": "2024-01-01",
                "end_on": "2024-12-31",
            },
        ),
        _api_write(view=NOBODY, act=PART, gate=True),
    ),
    _api(
        "GET",
        f"{P}/sessions",
        ANY,
        lambda w, t, c: Call(V1 + P + "/sessions"),
        api(view=LOGGED_IN),
    ),
    _api(
        "POST",
        f"{P}/sessions",
        ANY,
        lambda w, t, c: Call(
            V1 + P + "/sessions",
            json={
                "name": "市政协十三届三次会议",
                "body": "大连市政协",
                "level": "city",
                "year": 2025,
            },
        ),
        _api_write(view=NOBODY, act=PART, gate=True),
    ),
    _api(
        "GET",
        f"{P}/coverage",
        ANY,
        lambda w, t, c: Call(V1 + P + "/coverage", {"year": 2024}),
        api(view=NOBODY, act=STATS, gate=True),
    ),
    _api(
        "GET",
        f"{P}/stats",
        ANY,
        lambda w, t, c: Call(V1 + P + "/stats"),
        api(view=NOBODY, act=STATS, gate=True),
    ),
    _api(
        "POST",
        f"{P}/compilations",
        ANY,
        lambda w, t, c: Call(V1 + P + "/compilations", json={"kind": "suggestions"}),
        api(view=NOBODY, act=PART, gate=True),
    ),
    _api(
        "POST",
        f"{P}/suggestions/{{item_id}}/proposal",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/suggestions/{_s(w, t).pk}/proposal",
            json={"session": w.participation.session.pk},
        ),
        _api_write(view=READERS, act=PART),
    ),
    _api(
        "POST",
        f"{P}/proposals/{{item_id}}/units",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/proposals/{_prop(w, t).pk}/units",
            json={"name": "市教育局", "role": "lead"},
        ),
        _api_write(view=READERS, act=PART),
    ),
    _api(
        "POST",
        f"{P}/proposals/{{item_id}}/awards",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/proposals/{_prop(w, t).pk}/awards",
            json={"name": "优秀提案", "body": "市政协", "year": 2024},
        ),
        _api_write(view=READERS, act=PART),
    ),
    _api(
        "POST",
        f"{P}/opinions/{{item_id}}/adoptions",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/opinions/{_op(w, t).pk}/adoptions",
            json={"level": "national", "body": "民进中央", "adopted_on": _today()},
        ),
        _api_write(view=READERS, act=PART),
    ),
    _api(
        "POST",
        f"{P}/opinions/{{item_id}}/instructions",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/opinions/{_op(w, t).pk}/instructions",
            json={"leader": "市领导", "content": "请研究", "given_on": DATE},
        ),
        _api_write(view=READERS, act=PART),
    ),
    _api(
        "GET",
        f"{P}/suggestions",
        LIST,
        lambda w, t, c: Call(V1 + P + "/suggestions"),
        api(view=READERS, act=LOGGED_IN),
        markers=SUGGESTIONS,
    ),
    _api(
        "GET",
        f"{P}/proposals",
        LIST,
        lambda w, t, c: Call(V1 + P + "/proposals"),
        api(view=READERS, act=LOGGED_IN),
        markers=PROPOSALS,
    ),
    _api(
        "GET",
        f"{P}/opinions",
        LIST,
        lambda w, t, c: Call(V1 + P + "/opinions"),
        api(view=READERS, act=LOGGED_IN),
        markers=OPINIONS,
    ),
    _api(
        "GET",
        f"{P}/research",
        LIST,
        lambda w, t, c: Call(V1 + P + "/research"),
        api(view=READERS, act=LOGGED_IN),
    ),
    _api(
        "POST",
        f"{P}/suggestions",
        ANY,
        lambda w, t, c: Call(
            V1 + P + "/suggestions",
            json={"title": "新建议", "author": w.participation.members["own"].pk},
        ),
        _api_write(view=NOBODY, act=CREATORS, gate=True),
    ),
    _api(
        "POST",
        f"{P}/proposals",
        ANY,
        lambda w, t, c: Call(
            V1 + P + "/proposals",
            json={
                "title": "新提案",
                "proposal_kind": "member",
                "session": w.participation.session.pk,
                "member": w.participation.members["own"].pk,
            },
        ),
        _api_write(view=NOBODY, act=CREATORS, gate=True),
    ),
    _api(
        "POST",
        f"{P}/opinions",
        ANY,
        lambda w, t, c: Call(
            V1 + P + "/opinions",
            json={"title": "新信息", "authors": [w.participation.members["own"].pk]},
        ),
        _api_write(view=NOBODY, act=CREATORS, gate=True),
    ),
    _api(
        "POST",
        f"{P}/research",
        ANY,
        lambda w, t, c: Call(V1 + P + "/research", json=_research_body(w, c)),
        _api_write(view=NOBODY, act=CREATORS, gate=True),
    ),
    _api(
        "GET",
        f"{P}/{{kind}}/{{item_id}}",
        ACT,
        lambda w, t, c: Call(f"{V1}{P}/suggestions/{_s(w, t).pk}"),
        api(view=READERS),
    ),
    _api(
        "PATCH",
        f"{P}/{{kind}}/{{item_id}}",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/suggestions/{_s(w, t).pk}", json={"title": "改过"}
        ),
        api(view=READERS, act=PART, writes=True),
    ),
    _api(
        "POST",
        f"{P}/{{kind}}/{{item_id}}/transitions",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/suggestions/{_s(w, t).pk}/transitions", json={"action": "accept"}
        ),
        api(view=READERS, act=PART, writes=True),
    ),
    _api(
        "POST",
        f"{P}/{{kind}}/{{item_id}}/attachments",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/suggestions/{_s(w, t).pk}/attachments", {"file": _pdf()}
        ),
        _api_write(view=READERS, act=PART),
    ),
    _api(
        "GET",
        f"{P}/{{kind}}/{{item_id}}/attachments/{{attachment_id}}",
        ACT,
        lambda w, t, c: Call(
            f"{V1}{P}/suggestions/{_s(w, t).pk}/attachments/{_attachment(w, t).pk}"
        ),
        api(view=READERS),
    ),
]

ENTRIES: list[Entry] = WEB + API
