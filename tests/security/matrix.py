"""The permission matrix: every endpoint, who may use it, on which side.

One :class:`Entry` per web page and method, and per API operation.  An entry
says how to build the request for a *target* and which answer each role
gets.  Targets:

``inside``
    an object in the branch head's subtree (edu1);
``outside``
    the same kind of object outside it (edu2 or the direct branch);
``own``
    the self-service member's own record (in edu2);
``cross``
    an object inside whose request names something outside (a transfer of
    an edu1 member to edu2);
``any``
    no object: a page everyone with the right reaches the same way;
``list``
    a list: the answer is checked for the inside, outside and own objects,
    each shown exactly when the role may see it.

A :class:`Rule` turns (role, target) into the expected :class:`Outcome`
from three sets of roles written out below -- who may see the object, who
may act on it -- and the reach of each role (:data:`REACH`).  It is a
table written from the issue, not derived from the policies it checks.

Adding an endpoint is adding an entry: its name (URL name, or ``METHOD
/api/v1/path`` as in the OpenAPI schema), targets, a request builder and a
rule.  ``test_permission_matrix.py`` fails on any URL pattern or API
operation that has no entry here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

# --- roles and their reach -----------------------------------------------------

ROLES = (
    "anonymous",
    "outsider",  # a login without grants
    "member",  # self-service: their own record only
    "head",  # org_head of edu1
    "leader",  # reads the whole committee
    "staff",  # staff_org on the committee
    "office",  # staff_office + staff_service on the committee
    "sysadmin",
    "secadmin",
    "auditadmin",
)
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
WIDE = frozenset({"leader", "staff", "office", "sysadmin", "secadmin", "auditadmin"})

#: The targets each role's grants reach ("any" and "list" reach everyone).
REACH: dict[str, frozenset[str]] = {
    "anonymous": frozenset(),
    "outsider": frozenset(),
    "member": frozenset({"own"}),
    "head": frozenset({"inside"}),
    **{r: frozenset({"inside", "outside", "own", "cross"}) for r in WIDE},
}

# Who may do what (the issue's roles; see the apps' policies.py).
ORG_READERS = frozenset({"head", "leader", "staff", "office", "sysadmin", "secadmin"})
ORG_EDITORS = frozenset({"staff", "office"})
#: Leadership posts and member counts are business data: not the administrators'.
POST_READERS = ORG_READERS - {"sysadmin", "secadmin"}
DEPARTMENT_EDITORS = frozenset({"office"})
MEMBER_READERS = frozenset({"member", "head", "leader", "staff", "office"})
MEMBER_EDITORS = frozenset({"head", "staff", "office"})
EXPORTERS = MEMBER_EDITORS | {"leader"}
IMPORTERS = MEMBER_EDITORS
#: A member reveals their own masked fields (their reach is their record).
REVEALERS = MEMBER_EDITORS | {"member"}
# 三员分立: each administrator role does one thing.
SYSADMINS = frozenset({"sysadmin"})  # accounts
SECADMINS = frozenset({"secadmin"})  # grants
AUDITADMINS = frozenset({"auditadmin"})  # the audit trail, and nothing else
ADMINS = SYSADMINS | SECADMINS | AUDITADMINS
GRANT_READERS = ADMINS
NOBODY: frozenset[str] = frozenset()

OBJECT = ("inside", "outside")
MEMBER_OBJECT = ("inside", "outside", "own")
ANY = ("any",)
LIST = ("list",)


@dataclass(frozen=True)
class Outcome:
    """The expected answer: a status code and whether data changed."""

    status: int
    changes: bool = False


@dataclass(frozen=True)
class Rule:
    """Who gets which answer.

    ``view``: roles that see the object (if their reach covers the target);
    ``act``: roles that may perform the request there.  A role that may act
    gets ``ok``; one that sees but may not act ``denied``; one that does not
    see ``hidden``.  With ``gate`` a role without ``act`` is ``denied``
    whatever the target (pages that check the right before reading anything),
    and ``hidden`` is then the answer to a role that has the right elsewhere.
    ``crossed`` answers a ``cross`` target for a role that reaches only the
    inside.  With ``anywhere`` the target's place does not matter (the
    request carries its own capability, such as a check-in token).
    ``overrides`` fixes single (role, target) cells; ``"*"`` is any target.
    """

    view: frozenset[str]
    act: frozenset[str]
    ok: int
    denied: int = 403
    hidden: int = 404
    crossed: int = 0
    anonymous: int = 302
    gate: bool = False
    writes: bool = False
    anywhere: bool = False
    #: The request writes in a transaction it rolls back (a dry run through
    #: the services): the tables are compared instead of the SQL watched.
    rolls_back: bool = False
    overrides: dict[tuple[str, str], int] = field(default_factory=dict)

    def expect(self, role: str, target: str) -> Outcome:
        if role == "anonymous":
            return Outcome(self.anonymous)
        for key in ((role, target), (role, "*")):
            if key in self.overrides:
                return Outcome(self.overrides[key])
        reach = REACH[role] | {"any", "list"}
        place = "inside" if target == "cross" else target
        if self.anywhere:
            place = "any"
        if role in self.act and place in reach:
            if target == "cross" and "cross" not in reach:
                return Outcome(self.crossed)
            return Outcome(self.ok, changes=self.writes)
        if self.gate:
            return Outcome(self.hidden if role in self.act else self.denied)
        if role in self.view and place in reach:
            return Outcome(self.denied)
        return Outcome(self.hidden)

    def shows(self, role: str, target: str) -> bool:
        """Return True if a list answered to ``role`` includes ``target``."""
        return role in self.view and target in REACH[role]


def page(*, view: frozenset[str], act: frozenset[str] | None = None, **kw) -> Rule:
    """Return the rule of a web page read (GET): 200, 403, 404, 302 to login."""
    return Rule(view=view, act=view if act is None else act, ok=200, **kw)


def form(*, view: frozenset[str], act: frozenset[str], **kw) -> Rule:
    """Return the rule of a web form post: a redirect after the write."""
    return Rule(view=view, act=act, ok=302, writes=True, **kw)


def api(*, view: frozenset[str], act: frozenset[str] | None = None, **kw) -> Rule:
    """Return the rule of an API operation: 401 without credentials."""
    kw.setdefault("ok", 200)
    return Rule(view=view, act=view if act is None else act, anonymous=401, **kw)


# --- requests --------------------------------------------------------------


@dataclass
class Call:
    """A request: path, and form data, query parameters or a JSON body."""

    path: str
    data: dict[str, Any] | None = None
    json: dict[str, Any] | None = None


Builder = Callable[[SimpleNamespace, str, Any], Call]


@dataclass(frozen=True)
class Entry:
    """One endpoint and method: how to call it and who gets what."""

    endpoint: str  # URL name, or "METHOD /api/v1/path" as in the schema
    method: str
    targets: tuple[str, ...]
    build: Builder
    rule: Rule
    #: For lists: the text of each target's object as it appears in the answer.
    markers: Callable[[SimpleNamespace], dict[str, str]] | None = None
    #: The endpoint answers every method alike (no wrong-method check).
    any_method: bool = False
    #: Text the answer shows exactly when the request is allowed (a secret).
    secret: Callable[[SimpleNamespace, str], str] | None = None

    @property
    def is_api(self) -> bool:
        return self.endpoint.startswith(self.method + " /api/")

    @property
    def id(self) -> str:
        return self.endpoint if self.is_api else f"{self.method} {self.endpoint}"


def _today() -> str:
    return dt.date.today().isoformat()


def _fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


def _org(w, t):
    return w.orgs["inside" if t == "cross" else t]


def _member(w, t):
    return w.members["inside" if t == "cross" else t]


def _roster_csv(w, t: str) -> bytes:
    """Return a one-row roster registering a new member in ``t``'s organization."""
    code = w.orgs["inside" if t in ("any", "inside") else "outside"].code
    return (
        "姓名,性别,出生日期,入会时间,组织代码\n"
        f"孙导入,男,1980-02-03,2010-05-01,{code}\n"
    ).encode()


def _roster_file(w, t: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("花名册.csv", _roster_csv(w, t), content_type="text/csv")


def _import_token(w, t: str, client) -> str:
    """Upload a roster as the client's user and return the preview's token.

    A user who may not upload gets a token uploaded by staff, which is not
    theirs to commit.
    """
    from tongxin.core import uploads

    response = client.post(
        reverse("members:import"), {"file": _roster_file(w, t), "mode": "all"}
    )
    token = response.context.get("commit_form") if response.context else None
    if token is not None:
        return token.initial["token"]
    stored = uploads.store(
        user=w.users["staff"], upload=_roster_file(w, t), mode="all", org_id=None
    )
    return stored.token


def _post_data(w, t: str) -> dict:
    """Return a post assignment: a member of the organization, but for ``cross``."""
    holder = w.members["inside" if t == "inside" else "own"]
    return {"member": holder.pk, "title": "deputy_head", "start_on": "2024-01-01"}


def _member_edit_data(member) -> dict:
    from tongxin.members.forms import MemberEditForm

    member = _fresh(member)
    data = {
        k: ("" if v is None else v)
        for k, v in MemberEditForm.initial_for(member).items()
    }
    data.update(version=member.version, note="已核对")
    return data


# --- the web UI ------------------------------------------------------------

ORG_NAMES = lambda w: {  # noqa: E731
    "inside": w.orgs["inside"].name,
    "outside": w.orgs["outside"].name,
}
MEMBER_NAMES = lambda w: {t: m.name for t, m in w.members.items()}  # noqa: E731


def _web(name: str, *args) -> str:
    return reverse(name, args=args)


WEB: list[Entry] = [
    # A redirect to the member list, whatever the method: it reads nothing.
    Entry(
        "home",
        "GET",
        ANY,
        lambda w, t, c: Call("/"),
        Rule(LOGGED_IN, LOGGED_IN, 302),
        any_method=True,
    ),
    # Organizations.
    Entry(
        "orgs:tree",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("orgs:tree")),
        page(view=ORG_READERS, act=LOGGED_IN),
        markers=ORG_NAMES,
    ),
    # A form's organization search: what the tree shows, by name or code.
    Entry(
        "orgs:pick",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("orgs:pick"), {"_pick": "教育"}),
        page(view=ORG_READERS, act=LOGGED_IN),
        markers=ORG_NAMES,
    ),
    Entry(
        "orgs:detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:detail", w.orgs[t].pk)),
        page(view=ORG_READERS),
    ),
    Entry(
        "orgs:create",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:create", w.orgs[t].pk)),
        page(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("orgs:create", w.orgs[t].pk),
            {"name": "新建小组", "code": "NEWZ1", "kind": "group"},
        ),
        form(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:edit",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:edit", w.orgs[t].pk)),
        page(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:edit",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("orgs:edit", w.orgs[t].pk),
            {
                "name": w.orgs[t].name + "（改）",
                "code": w.orgs[t].code,
                "version": _fresh(w.orgs[t]).version,
            },
        ),
        form(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:move",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:move", w.groups[t].pk)),
        page(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:move",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("orgs:move", w.groups[t].pk),
            {"parent": w.org.direct.pk, "version": _fresh(w.groups[t]).version},
        ),
        form(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:close",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:close", w.groups[t].pk)),
        page(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:close",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("orgs:close", w.groups[t].pk),
            {"closed_on": _today(), "version": _fresh(w.groups[t]).version},
        ),
        form(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:post_assign",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:post_assign", w.orgs[t].pk)),
        page(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:post_assign",
        "POST",
        (*OBJECT, "cross"),
        lambda w, t, c: Call(_web("orgs:post_assign", _org(w, t).pk), _post_data(w, t)),
        # A post's holder is a member of the organization's subtree: the
        # form does not offer another (cross: an edu2 member for edu1).
        form(
            view=ORG_READERS,
            act=ORG_EDITORS,
            overrides={("staff", "cross"): 200, ("office", "cross"): 200},
        ),
    ),
    Entry(
        "orgs:post_end",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:post_end", w.orgs[t].pk, w.posts[t].pk)),
        page(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:post_end",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("orgs:post_end", w.orgs[t].pk, w.posts[t].pk), {"end_on": _today()}
        ),
        form(view=ORG_READERS, act=ORG_EDITORS),
    ),
    Entry(
        "orgs:departments",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_web("orgs:departments", w.orgs[t].pk)),
        page(view=ORG_READERS),
    ),
    Entry(
        "orgs:departments",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("orgs:departments", w.orgs[t].pk),
            {"kind": "other", "name": "联络部", "sort_order": "5"},
        ),
        form(view=ORG_READERS, act=DEPARTMENT_EDITORS),
    ),
    # Members.
    Entry(
        "members:list",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("members:list")),
        # A member who sees no one else is sent to their own page.
        page(view=MEMBER_READERS, act=LOGGED_IN, overrides={("member", "*"): 302}),
        markers=MEMBER_NAMES,
    ),
    Entry(
        "members:me",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("members:me")),
        Rule(
            frozenset({"member"}),
            frozenset({"member"}),
            200,
            overrides={(r, "*"): 302 for r in LOGGED_IN - {"member"}},
        ),
    ),
    # A form's member search: what the member list shows ("a" is in every
    # name's pinyin: lixiaomei, wangneiming, zhaowailiang).
    Entry(
        "members:pick",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("members:pick"), {"_pick": "a"}),
        page(view=MEMBER_READERS, act=LOGGED_IN),
        markers=MEMBER_NAMES,
    ),
    Entry(
        "members:create",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("members:create")),
        page(view=NOBODY, act=MEMBER_EDITORS, gate=True),
    ),
    Entry(
        "members:create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("members:create"),
            {"organization": w.orgs[t].pk, "name": "钱新来", "gender": "M"},
        ),
        # A right elsewhere but not here: the form refuses the organization.
        form(view=NOBODY, act=MEMBER_EDITORS, gate=True, hidden=200),
    ),
    Entry(
        "members:detail",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("members:detail", w.members[t].pk)),
        page(view=MEMBER_READERS),
    ),
    Entry(
        "members:edit",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("members:edit", w.members[t].pk)),
        page(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:edit",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web("members:edit", w.members[t].pk), _member_edit_data(w.members[t])
        ),
        form(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:transfer",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("members:transfer", w.members[t].pk)),
        page(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:transfer",
        "POST",
        (*MEMBER_OBJECT, "cross"),
        lambda w, t, c: Call(
            _web("members:transfer", _member(w, t).pk),
            {
                "to_org": (
                    w.orgs["outside"] if t == "cross" else w.groups["inside"]
                ).pk,
                "on": _today(),
                "version": _fresh(_member(w, t)).version,
            },
        ),
        form(view=MEMBER_READERS, act=MEMBER_EDITORS, crossed=200),
    ),
    Entry(
        "members:leave",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("members:leave", w.members[t].pk)),
        page(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:leave",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web("members:leave", w.members[t].pk),
            {
                "status": "withdrawn",
                "on": _today(),
                "version": _fresh(w.members[t]).version,
            },
        ),
        form(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:public_post_add",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_web("members:public_post_add", w.members[t].pk)),
        page(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:public_post_add",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web("members:public_post_add", w.members[t].pk),
            {"kind": "npc", "level": "district", "body": "中山区人大"},
        ),
        form(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:public_post_end",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web(
                "members:public_post_end",
                w.members[t].pk,
                w.public_posts[t].pk,
            ),
            {"end_on": _today()},
        ),
        form(view=MEMBER_READERS, act=MEMBER_EDITORS),
    ),
    Entry(
        "members:import",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("members:import")),
        page(view=NOBODY, act=IMPORTERS, gate=True),
    ),
    Entry(
        "members:import",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("members:import"), {"file": _roster_file(w, t), "mode": "all"}
        ),
        # A preview: checks the file, writes nothing.
        page(view=NOBODY, act=IMPORTERS, gate=True),
    ),
    Entry(
        "members:import_commit",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _web("members:import_commit"),
            {"token": _import_token(w, t, c), "mode": "all"},
        ),
        # Rows outside the importer's subtree are errors: nothing is written.
        Rule(NOBODY, IMPORTERS, 200, writes=True, gate=True, hidden=200),
    ),
    Entry(
        "members:import_template",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("members:import_template")),
        page(view=NOBODY, act=IMPORTERS, gate=True),
    ),
    Entry(
        "members:export",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("members:export")),
        page(view=MEMBER_READERS, act=EXPORTERS, gate=True),
        markers=MEMBER_NAMES,
    ),
    Entry(
        "members:export_print",
        "GET",
        LIST,
        lambda w, t, c: Call(_web("members:export_print")),
        page(view=MEMBER_READERS, act=EXPORTERS, gate=True),
        markers=MEMBER_NAMES,
    ),
]


# --- the API -----------------------------------------------------------------

V1 = "/api/v1"


def _api(method: str, path: str, *args, **kwargs) -> Entry:
    return Entry(f"{method} {V1}{path}", method, *args, **kwargs)


def _version(obj) -> int:
    return _fresh(obj).version


API: list[Entry] = [
    # Organizations.
    _api(
        "GET",
        "/orgs",
        LIST,
        lambda w, t, c: Call(f"{V1}/orgs"),
        api(view=ORG_READERS, act=LOGGED_IN),
        markers=ORG_NAMES,
    ),
    _api(
        "POST",
        "/orgs",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/orgs",
            json={
                "parent": w.orgs[t].pk,
                "name": "新建小组",
                "kind": "group",
                "code": "NEWZ1",
            },
        ),
        # The parent is looked up among the organizations the user sees.
        api(view=ORG_READERS, act=ORG_EDITORS, ok=201, writes=True, hidden=422),
    ),
    _api(
        "GET",
        "/orgs/tree",
        LIST,
        lambda w, t, c: Call(f"{V1}/orgs/tree"),
        api(view=ORG_READERS, act=LOGGED_IN),
        markers=ORG_NAMES,
    ),
    _api(
        "GET",
        "/orgs/{org_id}",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/orgs/{w.orgs[t].pk}"),
        api(view=ORG_READERS),
    ),
    _api(
        "PATCH",
        "/orgs/{org_id}",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/orgs/{w.orgs[t].pk}",
            json={"version": _version(w.orgs[t]), "note": "已核对"},
        ),
        api(view=ORG_READERS, act=ORG_EDITORS, writes=True),
    ),
    _api(
        "POST",
        "/orgs/{org_id}/move",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/orgs/{w.groups[t].pk}/move",
            json={"parent": w.org.direct.pk, "version": _version(w.groups[t])},
        ),
        # The new parent (the direct branch) is looked up first, among the
        # organizations the user sees: the head does not see it.
        api(
            view=ORG_READERS,
            act=ORG_EDITORS,
            writes=True,
            overrides={("head", "inside"): 422},
        ),
    ),
    _api(
        "POST",
        "/orgs/{org_id}/close",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/orgs/{w.groups[t].pk}/close",
            json={"on": _today(), "version": _version(w.groups[t])},
        ),
        api(view=ORG_READERS, act=ORG_EDITORS, writes=True),
    ),
    _api(
        "GET",
        "/orgs/{org_id}/departments",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/orgs/{w.orgs[t].pk}/departments"),
        api(view=ORG_READERS),
    ),
    _api(
        "POST",
        "/orgs/{org_id}/departments",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/orgs/{w.orgs[t].pk}/departments",
            json={"kind": "other", "name": "联络部"},
        ),
        api(view=ORG_READERS, act=DEPARTMENT_EDITORS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/orgs/{org_id}/posts",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/orgs/{w.orgs[t].pk}/posts"),
        api(view=ORG_READERS),
    ),
    _api(
        "POST",
        "/orgs/{org_id}/posts",
        (*OBJECT, "cross"),
        lambda w, t, c: Call(f"{V1}/orgs/{_org(w, t).pk}/posts", json=_post_data(w, t)),
        # The member is looked up among the members the user sees: the
        # administrators see organizations but no members, the head no edu2
        # member.  A holder from outside the organization's subtree is
        # refused by the service (cross).
        api(
            view=ORG_READERS,
            act=ORG_EDITORS,
            ok=201,
            writes=True,
            overrides={
                ("sysadmin", "*"): 422,
                ("secadmin", "*"): 422,
                ("head", "cross"): 422,
                ("staff", "cross"): 422,
                ("office", "cross"): 422,
            },
        ),
    ),
    _api(
        "POST",
        "/orgs/{org_id}/posts/{post_id}/end",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/orgs/{w.orgs[t].pk}/posts/{w.posts[t].pk}/end",
            json={"on": _today()},
        ),
        api(view=POST_READERS, act=ORG_EDITORS, writes=True),
    ),
    # Members.
    _api(
        "GET",
        "/members",
        LIST,
        lambda w, t, c: Call(f"{V1}/members"),
        api(view=MEMBER_READERS, act=LOGGED_IN),
        markers=MEMBER_NAMES,
    ),
    _api(
        "POST",
        "/members",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members",
            json={"organization": w.orgs[t].pk, "name": "钱新来", "gender": "男"},
        ),
        # The organization is looked up among the organizations the user sees.
        api(view=ORG_READERS, act=MEMBER_EDITORS, ok=201, writes=True, hidden=422),
    ),
    _api(
        "GET",
        "/members/{member_id}",
        MEMBER_OBJECT,
        lambda w, t, c: Call(f"{V1}/members/{w.members[t].pk}"),
        api(view=MEMBER_READERS),
    ),
    _api(
        "PATCH",
        "/members/{member_id}",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/{w.members[t].pk}",
            json={"version": _version(w.members[t]), "note": "已核对"},
        ),
        api(view=MEMBER_READERS, act=MEMBER_EDITORS, writes=True),
    ),
    _api(
        "POST",
        "/members/{member_id}/transfer",
        (*MEMBER_OBJECT, "cross"),
        lambda w, t, c: Call(
            f"{V1}/members/{_member(w, t).pk}/transfer",
            json={
                "to_org": (
                    w.orgs["outside"] if t == "cross" else w.groups["inside"]
                ).pk,
                "on": _today(),
                "version": _version(_member(w, t)),
            },
        ),
        # The receiving organization is looked up among those the user sees:
        # a member sees none.
        api(
            view=MEMBER_READERS,
            act=MEMBER_EDITORS,
            writes=True,
            crossed=422,
            overrides={("member", "own"): 422},
        ),
    ),
    _api(
        "POST",
        "/members/{member_id}/leave",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/{w.members[t].pk}/leave",
            json={
                "status": "withdrawn",
                "on": _today(),
                "version": _version(w.members[t]),
            },
        ),
        api(view=MEMBER_READERS, act=MEMBER_EDITORS, writes=True),
    ),
    _api(
        "GET",
        "/members/{member_id}/history",
        MEMBER_OBJECT,
        lambda w, t, c: Call(f"{V1}/members/{w.members[t].pk}/history"),
        api(view=MEMBER_READERS),
    ),
    _api(
        "GET",
        "/members/{member_id}/public-posts",
        MEMBER_OBJECT,
        lambda w, t, c: Call(f"{V1}/members/{w.members[t].pk}/public-posts"),
        api(view=MEMBER_READERS),
    ),
    _api(
        "POST",
        "/members/{member_id}/public-posts",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/{w.members[t].pk}/public-posts",
            json={"kind": "npc", "level": "district", "body": "中山区人大"},
        ),
        api(view=MEMBER_READERS, act=MEMBER_EDITORS, ok=201, writes=True),
    ),
    # Roster.
    _api(
        "POST",
        "/roster/import",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/roster/import", {"file": _roster_file(w, t), "commit": "true"}
        ),
        # Rows outside the importer's subtree are errors: nothing is written.
        api(view=NOBODY, act=IMPORTERS, writes=True, gate=True, hidden=200),
    ),
    _api(
        "GET",
        "/roster/export",
        LIST,
        lambda w, t, c: Call(f"{V1}/roster/export"),
        api(view=MEMBER_READERS, act=EXPORTERS, gate=True),
        markers=MEMBER_NAMES,
    ),
    _api(
        "GET",
        "/roster/template",
        ANY,
        lambda w, t, c: Call(f"{V1}/roster/template"),
        api(view=NOBODY, act=IMPORTERS, gate=True),
    ),
]

# --- accounts, grants, reveals and the audit trail ---------------------------

NEW_PASSWORD = "Tongxin-Changed-2026!"


def _account(w, t: str):
    return w.accounts[t]


def _disabled(w, t: str):
    """Return the target account, disabled first (to be enabled again)."""
    from tongxin.accounts.services import user_set_active

    return user_set_active(by=w.root, user=_fresh(w.accounts[t]), active=False)


def _with_device(w, t: str):
    """Return the target account, with a TOTP device (to be reset)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=w.accounts[t], name="totp", confirmed=True)
    return w.accounts[t]


def _clear_id(w, t: str) -> str:
    return _fresh(w.members[t]).id_number


def _grant_data(w, t: str) -> dict:
    return {"username": "acct_in", "role": "leader", "organization": w.orgs[t].pk}


ACCOUNT = ("inside", "outside")
GATE_SYS = Rule(NOBODY, SYSADMINS, 200, gate=True)

# --- tokens, the two-person rule, member links --------------------------------

#: 组织部 links accounts to members (a business act, never an administrator's).
LINKERS = frozenset({"staff"})
RESET_READERS = SYSADMINS | SECADMINS


def _token_of(w, t: str):
    """Return a token the target account minted for itself."""
    from tongxin.accounts.services import api_token_create

    account = _fresh(w.accounts[t])
    return api_token_create(by=account, user=account, name="脚本")[0]


def _pending_reset(w, t: str = "", kind: str = "password"):
    """Return a pending request to reset a fresh audit administrator's credentials."""
    from tongxin.accounts.models import User
    from tongxin.accounts.services import credential_reset_request, grant_role

    target = User.objects.create_user(f"adm_{kind}", password="Tongxin-Test-2026")
    grant_role(by=w.root, user=target, role="auditadmin", organization=w.org.city)
    return credential_reset_request(by=w.users["sysadmin"], user=target, kind=kind)


def _new_member(w, t: str = "inside"):
    """Return a fresh member without an account in the target's branch."""
    from tongxin.members.services import member_create

    return member_create(
        by=w.root,
        organization=_org(w, t),
        name="新会员",
        gender="M",
        id_number="110101197503140013",
        joined_on=dt.date(2005, 6, 1),
    )


def _proposed_link(w, t: str = "inside"):
    from tongxin.accounts.services import member_account_create

    account, _password = member_account_create(
        by=w.users["staff"], member=_new_member(w, t)
    )
    return account.links.get()


def _fresh_account(w, t: str = ""):
    from tongxin.accounts.models import User

    return User.objects.create_user("lianjie", password="Tongxin-Test-2026")


ACCOUNTS_SECURITY_WEB: list[Entry] = [
    Entry(
        "accounts:tokens",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:tokens")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "accounts:token_create",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("accounts:token_create"), {"name": "脚本", "expires_days": 30}
        ),
        # Everyone mints for themselves; the token is shown on a page.
        Rule(NOBODY, LOGGED_IN, 200, writes=True, gate=True),
    ),
    Entry(
        "accounts:all_tokens",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:all_tokens")),
        Rule(NOBODY, SECADMINS, 200, gate=True),
    ),
    Entry(
        "accounts:token_revoke",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(_web("accounts:token_revoke", _token_of(w, t).pk), {}),
        # Someone else's token is not found; the security administrator revokes any.
        Rule(NOBODY, SECADMINS, 302, writes=True),
    ),
    Entry(
        "accounts:resets",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:resets")),
        Rule(NOBODY, RESET_READERS, 200, gate=True),
    ),
    Entry(
        "accounts:reset_approve",
        "POST",
        ANY,
        lambda w, t, c: Call(_web("accounts:reset_approve", _pending_reset(w).pk), {}),
        # The new password is shown once to the approver.
        Rule(NOBODY, SECADMINS, 200, writes=True, gate=True),
    ),
    Entry(
        "accounts:reset_refuse",
        "POST",
        ANY,
        lambda w, t, c: Call(_web("accounts:reset_refuse", _pending_reset(w).pk), {}),
        Rule(NOBODY, SECADMINS, 302, writes=True, gate=True),
    ),
    Entry(
        "accounts:links",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:links")),
        Rule(NOBODY, LINKERS, 200, gate=True),
    ),
    Entry(
        "accounts:member_account_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:member_account_create")),
        Rule(NOBODY, LINKERS, 200, gate=True),
    ),
    Entry(
        "accounts:member_account_create",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("accounts:member_account_create"), {"member": _new_member(w).pk}
        ),
        Rule(NOBODY, LINKERS, 200, writes=True, gate=True),
    ),
    Entry(
        "accounts:member_accounts_bulk",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:member_accounts_bulk")),
        Rule(NOBODY, LINKERS, 200, gate=True),
    ),
    Entry(
        "accounts:member_accounts_bulk",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("accounts:member_accounts_bulk"),
            {"organization": _new_member(w).organization_id},
        ),
        Rule(NOBODY, LINKERS, 200, writes=True, gate=True),
    ),
    Entry(
        "accounts:link_confirm_in_person",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("accounts:link_confirm_in_person", _proposed_link(w).pk), {}
        ),
        Rule(NOBODY, LINKERS, 302, writes=True, gate=True),
    ),
    # Without a link to confirm, the page sends the user on.
    Entry(
        "accounts:link_confirm",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:link_confirm")),
        Rule(NOBODY, LOGGED_IN, 302, gate=True),
    ),
    Entry(
        "accounts:link_confirm",
        "POST",
        ANY,
        lambda w, t, c: Call(_web("accounts:link_confirm"), {"proof": "0011"}),
        Rule(NOBODY, LOGGED_IN, 302, gate=True),
    ),
]


SECURITY_WEB: list[Entry] = [
    Entry(
        "accounts:password_change",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:password_change")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "accounts:password_change",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("accounts:password_change"),
            {
                "old_password": "Tongxin-Test-2026",
                "new_password": NEW_PASSWORD,
                "new_password_again": NEW_PASSWORD,
            },
        ),
        form(view=LOGGED_IN, act=LOGGED_IN),
    ),
    # Administrators pass the second factor here; they are verified already.
    Entry(
        "accounts:otp",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:otp")),
        Rule(NOBODY, ADMINS, 302, gate=True),
    ),
    Entry(
        "accounts:otp",
        "POST",
        ANY,
        lambda w, t, c: Call(_web("accounts:otp"), {"token": "000000"}),
        Rule(NOBODY, ADMINS, 302, gate=True),
    ),
    Entry(
        "accounts:users",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:users")),
        GATE_SYS,
    ),
    Entry(
        "accounts:user_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:user_create")),
        GATE_SYS,
    ),
    Entry(
        "accounts:user_create",
        "POST",
        ANY,
        lambda w, t, c: Call(
            _web("accounts:user_create"),
            {"username": "newuser", "display_name": "新用户", "password_login": "on"},
        ),
        # The one-time password is shown on a page, not after a redirect.
        Rule(NOBODY, SYSADMINS, 200, writes=True, gate=True),
    ),
    Entry(
        "accounts:user_detail",
        "GET",
        ACCOUNT,
        lambda w, t, c: Call(_web("accounts:user_detail", _account(w, t).pk)),
        GATE_SYS,
    ),
    Entry(
        "accounts:user_edit",
        "GET",
        ACCOUNT,
        lambda w, t, c: Call(_web("accounts:user_edit", _account(w, t).pk)),
        GATE_SYS,
    ),
    Entry(
        "accounts:user_edit",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(
            _web("accounts:user_edit", _account(w, t).pk),
            {"display_name": "改过的名字", "member": _account(w, t).member_id},
        ),
        Rule(NOBODY, SYSADMINS, 302, writes=True, gate=True),
    ),
    Entry(
        "accounts:user_disable",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(_web("accounts:user_disable", _account(w, t).pk), {}),
        Rule(NOBODY, SYSADMINS, 302, writes=True, gate=True),
    ),
    Entry(
        "accounts:user_enable",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(_web("accounts:user_enable", _disabled(w, t).pk), {}),
        Rule(NOBODY, SYSADMINS, 302, writes=True, gate=True),
    ),
    Entry(
        "accounts:user_reset_password",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(
            _web("accounts:user_reset_password", _account(w, t).pk), {}
        ),
        Rule(NOBODY, SYSADMINS, 200, writes=True, gate=True),
    ),
    Entry(
        "accounts:user_reset_otp",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(
            _web("accounts:user_reset_otp", _with_device(w, t).pk), {}
        ),
        Rule(NOBODY, SYSADMINS, 302, writes=True, gate=True),
    ),
    # Nobody mints a token for another account, the system administrator
    # included (the kept address serves oneself only).
    Entry(
        "accounts:user_token_create",
        "POST",
        ACCOUNT,
        lambda w, t, c: Call(
            _web("accounts:user_token_create", _account(w, t).pk), {"name": "脚本"}
        ),
        Rule(NOBODY, NOBODY, 200, gate=True),
    ),
    *ACCOUNTS_SECURITY_WEB,
    Entry(
        "accounts:grants",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:grants")),
        Rule(NOBODY, GRANT_READERS, 200, gate=True),
    ),
    Entry(
        "accounts:grant_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("accounts:grant_create")),
        Rule(NOBODY, SECADMINS, 200, gate=True),
    ),
    Entry(
        "accounts:grant_create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_web("accounts:grant_create"), _grant_data(w, t)),
        Rule(NOBODY, SECADMINS, 302, writes=True, gate=True),
    ),
    Entry(
        "accounts:grant_revoke",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_web("accounts:grant_revoke", w.grants[t].pk), {}),
        Rule(NOBODY, SECADMINS, 302, writes=True, gate=True),
    ),
    Entry(
        "members:reveal",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _web("members:reveal", w.members[t].pk), {"field": "id_number"}
        ),
        # Audited (the audit trail is not compared), nothing else written.
        page(view=MEMBER_READERS, act=REVEALERS),
        secret=_clear_id,
    ),
    Entry(
        "audit:list",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("audit:list")),
        Rule(NOBODY, AUDITADMINS, 200, gate=True),
    ),
    Entry(
        "audit:export",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("audit:export"), {"format": "xlsx"}),
        Rule(NOBODY, AUDITADMINS, 200, gate=True),
    ),
    Entry(
        "audit:verify",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("audit:verify")),
        Rule(NOBODY, AUDITADMINS, 200, gate=True),
    ),
    Entry(
        "audit:verify",
        "POST",
        ANY,
        lambda w, t, c: Call(_web("audit:verify")),
        Rule(NOBODY, AUDITADMINS, 302, writes=True, gate=True),
    ),
]


def _gate(act: frozenset[str], ok: int = 200, writes: bool = False) -> Rule:
    return api(view=NOBODY, act=act, ok=ok, writes=writes, gate=True)


ACCOUNTS_SECURITY_API: list[Entry] = [
    _api(
        "GET",
        "/accounts/tokens",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/tokens"),
        api(view=LOGGED_IN),
    ),
    _api(
        "POST",
        "/accounts/tokens",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/tokens", json={"name": "脚本"}),
        api(view=LOGGED_IN, ok=201, writes=True),
    ),
    _api(
        "DELETE",
        "/accounts/tokens/{token_id}",
        ACCOUNT,
        lambda w, t, c: Call(f"{V1}/accounts/tokens/{_token_of(w, t).pk}", json={}),
        api(view=NOBODY, act=SECADMINS, ok=204, writes=True),
    ),
    _api(
        "GET",
        "/accounts/all-tokens",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/all-tokens"),
        _gate(SECADMINS),
    ),
    _api(
        "POST",
        "/accounts/users/{user_id}/reset-otp",
        ACCOUNT,
        lambda w, t, c: Call(
            f"{V1}/accounts/users/{_with_device(w, t).pk}/reset-otp", json={}
        ),
        _gate(SYSADMINS, 204, writes=True),
    ),
    _api(
        "GET",
        "/accounts/credential-resets",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/credential-resets"),
        _gate(RESET_READERS),
    ),
    _api(
        "POST",
        "/accounts/credential-resets/{reset_id}/approve",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/credential-resets/{_pending_reset(w).pk}/approve", json={}
        ),
        _gate(SECADMINS, writes=True),
    ),
    _api(
        "POST",
        "/accounts/credential-resets/{reset_id}/refuse",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/credential-resets/{_pending_reset(w).pk}/refuse", json={}
        ),
        _gate(SECADMINS, writes=True),
    ),
    _api(
        "POST",
        "/accounts/member-accounts",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/member-accounts", json={"member": _new_member(w).pk}
        ),
        _gate(LINKERS, 201, writes=True),
    ),
    _api(
        "GET",
        "/accounts/member-links",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/member-links"),
        api(view=LOGGED_IN),
    ),
    _api(
        "POST",
        "/accounts/member-links",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/member-links",
            json={"username": _fresh_account(w).username, "member": _new_member(w).pk},
        ),
        _gate(LINKERS, 201, writes=True),
    ),
    # Only the account's owner confirms, with part of their ID number.
    _api(
        "POST",
        "/accounts/member-links/{link_id}/confirm",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/member-links/{_proposed_link(w).pk}/confirm",
            json={"proof": "0011"},
        ),
        api(view=NOBODY, act=NOBODY, ok=200),
    ),
    _api(
        "POST",
        "/accounts/member-links/{link_id}/confirm-in-person",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/member-links/{_proposed_link(w).pk}/confirm-in-person",
            json={},
        ),
        _gate(LINKERS, writes=True),
    ),
]


SECURITY_API: list[Entry] = [
    _api(
        "GET",
        "/accounts/users",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/users"),
        _gate(SYSADMINS),
    ),
    _api(
        "POST",
        "/accounts/users",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/users",
            json={"username": "newuser", "display_name": "新用户"},
        ),
        _gate(SYSADMINS, 201, writes=True),
    ),
    _api(
        "GET",
        "/accounts/users/{user_id}",
        ACCOUNT,
        lambda w, t, c: Call(f"{V1}/accounts/users/{_account(w, t).pk}"),
        _gate(SYSADMINS),
    ),
    _api(
        "POST",
        "/accounts/users/{user_id}/disable",
        ACCOUNT,
        lambda w, t, c: Call(
            f"{V1}/accounts/users/{_account(w, t).pk}/disable", json={}
        ),
        _gate(SYSADMINS, writes=True),
    ),
    _api(
        "POST",
        "/accounts/users/{user_id}/enable",
        ACCOUNT,
        lambda w, t, c: Call(
            f"{V1}/accounts/users/{_disabled(w, t).pk}/enable", json={}
        ),
        _gate(SYSADMINS, writes=True),
    ),
    _api(
        "POST",
        "/accounts/users/{user_id}/reset-password",
        ACCOUNT,
        lambda w, t, c: Call(
            f"{V1}/accounts/users/{_account(w, t).pk}/reset-password", json={}
        ),
        _gate(SYSADMINS, writes=True),
    ),
    _api(
        "POST",
        "/accounts/users/{user_id}/tokens",
        ACCOUNT,
        lambda w, t, c: Call(
            f"{V1}/accounts/users/{_account(w, t).pk}/tokens", json={"name": "脚本"}
        ),
        _gate(NOBODY),
    ),
    *ACCOUNTS_SECURITY_API,
    _api(
        "POST",
        "/accounts/password",
        ANY,
        lambda w, t, c: Call(
            f"{V1}/accounts/password",
            json={"old_password": "Tongxin-Test-2026", "new_password": NEW_PASSWORD},
        ),
        api(view=LOGGED_IN, ok=204, writes=True),
    ),
    _api(
        "GET",
        "/accounts/grants",
        ANY,
        lambda w, t, c: Call(f"{V1}/accounts/grants"),
        _gate(GRANT_READERS),
    ),
    _api(
        "POST",
        "/accounts/grants",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/accounts/grants", json=_grant_data(w, t)),
        _gate(SECADMINS, 201, writes=True),
    ),
    _api(
        "DELETE",
        "/accounts/grants/{grant_id}",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/accounts/grants/{w.grants[t].pk}", json={}),
        _gate(SECADMINS, 204, writes=True),
    ),
    _api(
        "POST",
        "/members/{member_id}/reveal",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/{w.members[t].pk}/reveal", json={"field": "id_number"}
        ),
        api(view=MEMBER_READERS, act=REVEALERS),
        secret=_clear_id,
    ),
    _api(
        "GET",
        "/audit/events",
        ANY,
        lambda w, t, c: Call(f"{V1}/audit/events"),
        _gate(AUDITADMINS),
    ),
    _api(
        "GET",
        "/audit/verify",
        ANY,
        lambda w, t, c: Call(f"{V1}/audit/verify"),
        _gate(AUDITADMINS),
    ),
]

ENTRIES: list[Entry] = WEB + API + SECURITY_WEB + SECURITY_API


def _with_apps() -> list[Entry]:
    """Add the entries of apps kept in their own modules (they import this one)."""
    from tests.security import (
        matrix_activities,
        matrix_appraisal,
        matrix_campaigns,
        matrix_honors,
        matrix_ledger,
        matrix_lifecycle,
        matrix_memberhome,
        matrix_participation,
        matrix_publicity,
        matrix_reports,
        matrix_stats,
        matrix_talent,
    )

    return (
        ENTRIES
        + matrix_activities.ENTRIES
        + matrix_appraisal.ENTRIES
        + matrix_honors.ENTRIES
        + matrix_campaigns.ENTRIES
        + matrix_talent.ENTRIES
        + matrix_lifecycle.ENTRIES
        + matrix_participation.ENTRIES
        + matrix_publicity.ENTRIES
        + matrix_stats.ENTRIES
        + matrix_reports.ENTRIES
        + matrix_ledger.ENTRIES
        + matrix_memberhome.ENTRIES
    )


ENTRIES = _with_apps()

#: URL patterns with no entry, and why.  Each is asserted by its own test.
EXEMPT = {
    "accounts:login": "the login page itself (test_login_and_logout_are_open)",
    "accounts:logout": "logging out (test_login_and_logout_are_open)",
    "api:openapi-json": "the OpenAPI schema (test_the_api_description_is_public)",
    "api:openapi-view": "the API docs page (test_the_api_description_is_public)",
    "api:api-root": "ninja's root, a 404 (test_the_api_root_is_not_found)",
    "publicity:sms_receipt": "an SMS provider's receipt, signed with HMAC instead "
    "of a session (tests/publicity/test_broadcast_services.py)",
    "publicity:wechat_callback": "the WeChat OAuth callback, authenticated by its "
    "signed one-time state instead of a session (tests/publicity/test_channel_views.py)",
    "memberhome:login": "the members' SMS sign-in, open to everyone "
    "(tests/memberhome/test_sms_login.py)",
    "memberhome:login_code": "the SMS code page, open to whoever asked for a code "
    "(tests/memberhome/test_sms_login.py)",
    "memberhome:phone_login": "one-tap sign-in with a remembered phone's signed "
    "cookie instead of a session (tests/memberhome/test_sms_login.py)",
    "memberhome:forget_phone": "forgetting this device's remembered phone, open "
    "to everyone (tests/memberhome/test_sms_login.py)",
    "memberhome:text_size": "the large-text switch, a cookie for every visitor "
    "(tests/memberhome/test_sms_login.py)",
    "memberhome:join": "applying to join: the applicant's SMS code request, open "
    "to everyone (tests/memberhome/test_join.py)",
    "memberhome:join_code": "the applicant's code page, open to whoever asked "
    "for a code (tests/memberhome/test_join.py)",
    "memberhome:join_apply": "the application form, open only to a session whose "
    "mobile was verified by code (tests/memberhome/test_join.py)",
    "memberhome:join_status": "an application's status page, reached by the "
    "secret token in the applicant's SMS (tests/memberhome/test_join.py)",
}
#: The Django admin is one entry: every page of it needs a superuser.
ADMIN_NAMESPACE = "admin"


def xlsx_text(content: bytes) -> str:
    """Return every cell of a workbook as text, for the list markers."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
