"""The permission matrix of admission, training classes, card photos and certificates.

Heads of base organizations and the organization department (``staff``)
register and review applications within their subtrees; only the
organization department approves, runs classes and issues certificates;
heads and staff upload card photos; leaders read.  Nobody else sees
anything here.  Targets: records *inside* the branch head's subtree (edu1)
and *outside* it (edu2 for applications and members' introducers, the
direct branch for classes), built on first use.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import make_id_number
from tests.security.matrix import (
    ANY,
    LIST,
    LOGGED_IN,
    MEMBER_OBJECT,
    Call,
    Entry,
    api,
    form,
    page,
)

VIEW = frozenset({"staff", "head", "leader"})
BASE = frozenset({"staff", "head"})
#: A member sees their own card photo and certificates (and nobody else's).
CARD_VIEW = VIEW | {"member"}
ORG_DEPT = frozenset({"staff"})
OBJECT = ("inside", "outside")
V1 = "/api/v1/lifecycle"
_seq = itertools.count(300)


def _id_number() -> str:
    return make_id_number(dt.date(1990, 5, 5), False, next(_seq))


def _org(w, t):
    return w.orgs[t]  # edu1 / edu2


def _intro(w, t):
    """Return two active members of the target's organization (made once)."""
    from tongxin.members.models import Member
    from tongxin.members.services import member_create

    org = _org(w, t)
    found = list(Member.objects.filter(organization=org, name__startswith="介绍")[:2])
    while len(found) < 2:
        found.append(
            member_create(
                by=w.root,
                organization=org,
                name=f"介绍{t}{len(found)}",
                id_number=_id_number(),
                joined_on=dt.date(2000, 1, 1),
            )
        )
    return found


def _scanned(w, t):
    """An application carrying a scanned registration form, as online ones do."""
    from tongxin.core import files

    app = _application(w, t)
    name = files.new_name("admission", ".pdf")
    files.write(name, b"%PDF-1.4\n%%EOF\n")
    type(app).objects.filter(pk=app.pk).update(scan=name, scan_type="application/pdf")
    return app


def _application(w, t, status="submitted"):
    from tongxin.lifecycle import services

    a, b = _intro(w, t)
    app = services.application_submit(
        by=w.root,
        organization=_org(w, t),
        introducer_1=a,
        introducer_2=b,
        applied_on=dt.date(2024, 1, 2),
        name=f"申请人{t}",
        id_number=_id_number(),
    )
    if status == "reviewed":
        services.application_transition(by=w.root, application=app, action="review")
    return app


#: Only the members an application names as introducers confirm or decline it.
INTRODUCER = frozenset({"member"})
INTRODUCTION = ("own", "inside", "outside")


def _introducing(w, t):
    """An application waiting for its introducers: the self-service member is
    one of them for ``own``; two members of edu1 for ``inside``; two members
    outside the branch head's subtree, in an organization there, for ``outside``."""
    from tongxin.lifecycle import services
    from tongxin.lifecycle.models import Application

    side = "outside" if t == "outside" else "inside"
    a, b = _intro(w, side)
    first = w.members["own"] if t == "own" else a
    app = services.application_submit(
        by=w.root,
        organization=_org(w, side),
        introducer_1=first,
        introducer_2=b,
        applied_on=dt.date(2024, 1, 2),
        name=f"网上申请人{t}",
        id_number=_id_number(),
    )
    Application.objects.filter(pk=app.pk).update(status="introducing")
    return app


def _class(w, t):
    """Return the target's class (edu1 inside, direct branch outside) with a
    completed attendee, made once."""
    from tongxin.lifecycle import services
    from tongxin.lifecycle.models import Attendee, TrainingClass

    name = f"新会员培训班{t}"
    klass = TrainingClass.objects.filter(name=name).first()
    if klass is None:
        org = w.orgs["inside"] if t == "inside" else w.org.direct
        klass = services.class_create(
            by=w.root,
            organization=org,
            name=name,
            start_on=dt.date(2024, 5, 10),
            end_on=dt.date(2024, 5, 12),
        )
        services.attendee_add(by=w.root, training_class=klass, members=[w.members[t]])
        services.attendee_complete(
            by=w.root,
            training_class=klass,
            attendees=Attendee.objects.filter(training_class=klass),
        )
    return klass


def _certified_class(w, t):
    from tongxin.lifecycle import services
    from tongxin.lifecycle.models import Certificate

    klass = _class(w, t)
    if not Certificate.objects.filter(training_class=klass).exists():
        services.certificates_issue_for_class(by=w.root, training_class=klass)
    return klass


def _certificate(w, t):
    from tongxin.lifecycle import services
    from tongxin.lifecycle.models import Certificate

    member = w.members[t]
    cert = Certificate.objects.filter(member=member, status="valid").first()
    return cert or services.certificate_issue(
        by=w.root, member=member, issued_on=dt.date(2024, 1, 1)
    )


def _png() -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 20, 20)).save(out, "PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def _photographed(w, t):
    from tongxin.lifecycle import services
    from tongxin.lifecycle.models import MemberPhoto

    member = w.members[t]
    if not MemberPhoto.objects.filter(member=member).exists():
        services.photo_upload(by=w.root, member=member, upload=_png())
    return member


def _u(name, *args) -> str:
    return reverse(f"lifecycle:{name}", args=args)


def _both_applications(w, t, c):
    _application(w, "inside")
    _application(w, "outside")
    return Call(_u("applications"))


def _both_classes(w, t, c):
    _class(w, "inside")
    _class(w, "outside")
    return Call(_u("classes"))


def _application_post(w, t, c):
    a, b = _intro(w, t)
    return Call(
        _u("application_new"),
        {
            "name": "新申请人",
            "id_number": _id_number(),
            "organization": _org(w, t).pk,
            "introducer_1": a.pk,
            "introducer_2": b.pk,
            "applied_on": "2024-02-01",
        },
    )


def _api_application(w, t, c):
    a, b = _intro(w, t)
    return Call(
        f"{V1}/applications",
        json={
            "name": "新申请人",
            "id_number": _id_number(),
            "organization": _org(w, t).pk,
            "introducer_1": a.pk,
            "introducer_2": b.pk,
            "applied_on": "2024-02-01",
        },
    )


APP_NAMES = lambda w: {t: f"申请人{t}" for t in OBJECT}  # noqa: E731
CLASS_NAMES = lambda w: {t: f"新会员培训班{t}" for t in OBJECT}  # noqa: E731
GATE = page(view=VIEW, gate=True)
CLASS_ORG = lambda w, t: (w.orgs["inside"] if t == "inside" else w.org.direct).pk  # noqa: E731

WEB: list[Entry] = [
    Entry(
        "lifecycle:applications",
        "GET",
        LIST,
        _both_applications,
        GATE,
        markers=APP_NAMES,
    ),
    Entry(
        "lifecycle:application_new",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("application_new")),
        page(view=VIEW, act=BASE, gate=True),
    ),
    Entry(
        "lifecycle:application_new",
        "POST",
        OBJECT,
        _application_post,
        # The head's form offers only their own organizations: 400 outside.
        form(view=VIEW, act=BASE, gate=True, overrides={("head", "outside"): 400}),
    ),
    Entry(
        "lifecycle:application",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("application", _application(w, t).pk)),
        page(view=VIEW),
    ),
    Entry(
        "lifecycle:application_scan",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("application_scan", _scanned(w, t).pk)),
        page(view=VIEW),
    ),
    Entry(
        "lifecycle:application_act",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("application_act", _application(w, t).pk), {"action": "review"}
        ),
        form(view=VIEW, act=BASE),
    ),
    Entry("lifecycle:classes", "GET", LIST, _both_classes, GATE, markers=CLASS_NAMES),
    Entry(
        "lifecycle:class_new",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("class_new")),
        page(view=VIEW, act=ORG_DEPT, gate=True),
    ),
    Entry(
        "lifecycle:class_new",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("class_new"),
            {
                "name": "新培训班",
                "organization": CLASS_ORG(w, t),
                "start_on": "2025-01-01",
                "end_on": "2025-01-02",
            },
        ),
        form(view=VIEW, act=ORG_DEPT, gate=True),
    ),
    Entry(
        "lifecycle:class_detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("class_detail", _class(w, t).pk)),
        page(view=VIEW),
    ),
    Entry(
        "lifecycle:class_session",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("class_session", _class(w, t).pk), {"on": "2024-05-11", "title": "会史"}
        ),
        form(view=VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:class_attendees",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("class_attendees", _class(w, t).pk),
            {"names": _intro(w, "inside")[0].name},
        ),
        form(view=VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:class_complete",
        "POST",
        OBJECT,
        lambda w, t, c: _complete_call(w, t),
        form(view=VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:class_certify",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_u("class_certify", _class(w, t).pk), {"issued_on": ""}),
        form(view=VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:class_cards",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("class_cards", _certified_class(w, t).pk)),
        page(view=VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:member",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_u("member", w.members[t].pk)),
        page(view=CARD_VIEW),
    ),
    Entry(
        "lifecycle:photo",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_u("photo", _photographed(w, t).pk)),
        page(view=CARD_VIEW),
    ),
    Entry(
        "lifecycle:photo_upload",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_u("photo_upload", w.members[t].pk), {"photo": _png()}),
        form(view=CARD_VIEW, act=BASE),
    ),
    Entry(
        "lifecycle:certificate_issue",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _u("certificate_issue", w.members[t].pk), {"issued_on": "2024-01-01"}
        ),
        form(view=CARD_VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:certificate_replace",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            _u("certificate_replace", _certificate(w, t).pk), {"on": "2024-06-01"}
        ),
        form(view=CARD_VIEW, act=ORG_DEPT),
    ),
    Entry(
        "lifecycle:certificate_card",
        "GET",
        MEMBER_OBJECT,
        lambda w, t, c: Call(_u("certificate_card", _certificate(w, t).pk)),
        page(view=CARD_VIEW),
    ),
]


def _complete_call(w, t):
    """A class with a second, not yet completed attendee."""
    from tongxin.lifecycle import services
    from tongxin.lifecycle.models import Attendee

    klass = _class(w, t)
    extra = _intro(w, "inside")[1]
    attendee = Attendee.objects.filter(training_class=klass, member=extra).first()
    if attendee is None:
        attendee = services.attendee_add(
            by=w.root, training_class=klass, members=[extra]
        )[0]
    return Call(_u("class_complete", klass.pk), {"attendee": [attendee.pk], "on": ""})


def _api_get(path_of):
    return lambda w, t, c: Call(path_of(w, t))


API: list[Entry] = [
    Entry(
        f"GET {V1}/applications",
        "GET",
        LIST,
        lambda w, t, c: (_both_applications(w, t, c), Call(f"{V1}/applications"))[1],
        api(view=VIEW, gate=True),
        markers=APP_NAMES,
    ),
    Entry(
        f"POST {V1}/applications",
        "POST",
        OBJECT,
        _api_application,
        # The head names an organization they cannot see: invalid input.
        api(
            view=VIEW,
            act=BASE,
            ok=201,
            writes=True,
            gate=True,
            overrides={("head", "outside"): 422},
        ),
    ),
    Entry(
        f"GET {V1}/applications/{{application_id}}",
        "GET",
        OBJECT,
        _api_get(lambda w, t: f"{V1}/applications/{_application(w, t).pk}"),
        api(view=VIEW),
    ),
    Entry(
        f"POST {V1}/applications/{{application_id}}/transitions",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/applications/{_application(w, t, 'reviewed').pk}/transitions",
            json={"action": "approve"},
        ),
        api(view=VIEW, act=ORG_DEPT, writes=True),
    ),
    Entry(
        f"GET {V1}/classes",
        "GET",
        LIST,
        lambda w, t, c: (_both_classes(w, t, c), Call(f"{V1}/classes"))[1],
        api(view=VIEW, gate=True),
        markers=CLASS_NAMES,
    ),
    Entry(
        f"POST {V1}/classes",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/classes",
            json={
                "name": "新培训班",
                "organization": CLASS_ORG(w, t),
                "start_on": "2025-01-01",
                "end_on": "2025-01-02",
            },
        ),
        api(view=VIEW, act=ORG_DEPT, ok=201, writes=True, gate=True),
    ),
    Entry(
        f"GET {V1}/classes/{{class_id}}",
        "GET",
        OBJECT,
        _api_get(lambda w, t: f"{V1}/classes/{_class(w, t).pk}"),
        api(view=VIEW),
    ),
    Entry(
        f"POST {V1}/classes/{{class_id}}/sessions",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/classes/{_class(w, t).pk}/sessions",
            json={"on": "2024-05-11", "title": "会史"},
        ),
        api(view=VIEW, act=ORG_DEPT, ok=201, writes=True),
    ),
    Entry(
        f"POST {V1}/classes/{{class_id}}/attendees",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            f"{V1}/classes/{_class(w, t).pk}/attendees",
            json={"members": [_intro(w, "inside")[0].pk]},
        ),
        api(view=VIEW, act=ORG_DEPT, ok=201, writes=True),
    ),
    Entry(
        f"POST {V1}/classes/{{class_id}}/completions",
        "POST",
        OBJECT,
        lambda w, t, c: _api_complete(w, t),
        api(view=VIEW, act=ORG_DEPT, writes=True),
    ),
    Entry(
        f"POST {V1}/classes/{{class_id}}/certificates",
        "POST",
        OBJECT,
        lambda w, t, c: Call(f"{V1}/classes/{_class(w, t).pk}/certificates", json={}),
        api(view=VIEW, act=ORG_DEPT, ok=201, writes=True),
    ),
    Entry(
        f"GET {V1}/classes/{{class_id}}/cards",
        "GET",
        OBJECT,
        _api_get(lambda w, t: f"{V1}/classes/{_certified_class(w, t).pk}/cards"),
        api(view=VIEW, act=ORG_DEPT),
    ),
    Entry(
        f"GET {V1}/members/{{member_id}}",
        "GET",
        MEMBER_OBJECT,
        _api_get(lambda w, t: f"{V1}/members/{w.members[t].pk}"),
        api(view=CARD_VIEW),
    ),
    Entry(
        f"POST {V1}/members/{{member_id}}/photo",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/{w.members[t].pk}/photo", {"photo": _png()}
        ),
        api(view=CARD_VIEW, act=BASE, ok=201, writes=True),
    ),
    Entry(
        f"POST {V1}/members/{{member_id}}/certificates",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/members/{w.members[t].pk}/certificates",
            json={"issued_on": "2024-01-01"},
        ),
        api(view=CARD_VIEW, act=ORG_DEPT, ok=201, writes=True),
    ),
    Entry(
        f"POST {V1}/certificates/{{certificate_id}}/replace",
        "POST",
        MEMBER_OBJECT,
        lambda w, t, c: Call(
            f"{V1}/certificates/{_certificate(w, t).pk}/replace",
            json={"on": "2024-06-01"},
        ),
        api(view=CARD_VIEW, act=ORG_DEPT, ok=201, writes=True),
    ),
    Entry(
        f"GET {V1}/certificates/{{certificate_id}}/card",
        "GET",
        MEMBER_OBJECT,
        _api_get(lambda w, t: f"{V1}/certificates/{_certificate(w, t).pk}/card"),
        api(view=CARD_VIEW),
    ),
]


def _api_complete(w, t):
    call = _complete_call(w, t)
    return Call(
        f"{V1}/classes/{_class(w, t).pk}/completions",
        json={"attendees": call.data["attendee"]},
    )


INTRODUCTIONS = [
    Entry(
        "memberhome:introduction_act",
        "POST",
        INTRODUCTION,
        lambda w, t, c: Call(
            reverse(
                "memberhome:introduction_act", args=[_introducing(w, t).pk, "confirm"]
            ),
            {},
        ),
        form(view=INTRODUCER, act=INTRODUCER),
    ),
    Entry(
        f"GET {V1}/introductions",
        "GET",
        LIST,
        lambda w, t, c: Call(f"{V1}/introductions"),
        api(view=LOGGED_IN),
    ),
    Entry(
        f"POST {V1}/introductions/{{application_id}}/confirm",
        "POST",
        INTRODUCTION,
        lambda w, t, c: Call(
            f"{V1}/introductions/{_introducing(w, t).pk}/confirm", json={}
        ),
        api(view=INTRODUCER, writes=True),
    ),
    Entry(
        f"POST {V1}/introductions/{{application_id}}/decline",
        "POST",
        INTRODUCTION,
        lambda w, t, c: Call(
            f"{V1}/introductions/{_introducing(w, t).pk}/decline",
            json={"comment": "不了解申请人"},
        ),
        api(view=INTRODUCER, writes=True),
    ),
]

ENTRIES = WEB + API + INTRODUCTIONS
