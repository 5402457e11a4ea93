"""The web form and the API of a create write agree: same outcome, same rows.

Each case sends one input through the page and through the API, as the same
user on the permission matrix's committee (``tests/security/conftest.py``),
each in a savepoint rolled back afterwards, and compares:

- the outcome: both succeed (a redirect, a 2xx answer) or both refuse, and a
  refusal is the same kind of refusal (not allowed, not found, invalid input)
  whose message the page shows too;
- what was stored: the rows each request added to the written model (every
  column but the key and timestamps, many-to-many links included) and how many
  rows every domain table gained.

Participation's writes have their own, finer parity test
(``tests/participation/test_adapter_parity.py``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse

from tests.security import conftest as security
from tongxin.activities.models import Series, Signup
from tongxin.campaigns.models import Campaign
from tongxin.honors.models import Honor
from tongxin.lifecycle.models import TrainingClass
from tongxin.members.models import Member
from tongxin.orgs.models import Organization
from tongxin.publicity.models import Broadcast
from tongxin.talent.models import Training

V1 = "/api/v1"

# The permission matrix's committee and its logged-in clients.
_module_world = security._module_world
_private_media = security._private_media
world = security.world
client_as = security.client_as

Input = Callable[[SimpleNamespace], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One write, as a page and as an API operation, with one input."""

    name: str
    role: str
    model: type[models.Model]
    web: Callable[[SimpleNamespace], str]
    api: Callable[[SimpleNamespace], str]
    data: Input
    #: The form's spelling of the input where it differs (a checkbox is "on").
    form: Callable[[dict[str, Any]], dict[str, Any]] = lambda d: d
    ok: bool = True
    #: A refusal the page words as the API does (a service's message, not a
    #: form field's own, such as an id outside the user's reach).
    same_message: bool = False

    def __str__(self) -> str:
        return self.name


def _honor(w, place: str, **extra) -> dict:
    return {
        "organization": w.honors_places[place].pk,
        "title": "优秀会员之家",
        "category": "overall",
        "level": "committee",
        "awarding_body": "民进大连市委",
        "year": 2014,
        **extra,
    }


def _honor_form(d: dict) -> dict:
    form = {k: v for k, v in d.items() if k != "members"}
    names = [Member.objects.get(pk=pk).name for pk in d.get("members", [])]
    form["recipients_text"] = "\n".join(names)
    return form


def _no_parent(d: dict) -> dict:
    """The page takes the parent from its URL."""
    return {k: v for k, v in d.items() if k != "parent"}


def _checkbox(d: dict) -> dict:
    return {k: ("on" if v is True else v) for k, v in d.items() if v is not False}


CASES = [
    # Organizations: staff open a branch; a branch head may not.
    Case(
        "orgs: staff create a group",
        "staff",
        Organization,
        lambda w: reverse("orgs:create", args=[w.org.edu1.pk]),
        lambda w: f"{V1}/orgs",
        lambda w: {
            "parent": w.org.edu1.pk,
            "name": "青年小组",
            "kind": "group",
            "code": "G1B1Y",
        },
        form=_no_parent,
    ),
    Case(
        "orgs: a code already taken is refused",
        "staff",
        Organization,
        lambda w: reverse("orgs:create", args=[w.org.edu1.pk]),
        lambda w: f"{V1}/orgs",
        lambda w: {
            "parent": w.org.edu1.pk,
            "name": "青年小组",
            "kind": "group",
            "code": "G1B2",
        },
        form=_no_parent,
        ok=False,
        same_message=True,
    ),
    Case(
        "orgs: a branch head may not create",
        "head",
        Organization,
        lambda w: reverse("orgs:create", args=[w.org.edu1.pk]),
        lambda w: f"{V1}/orgs",
        lambda w: {
            "parent": w.org.edu1.pk,
            "name": "青年小组",
            "kind": "group",
            "code": "G1B1Y",
        },
        form=_no_parent,
        ok=False,
    ),
    # Members.
    Case(
        "members: a head adds a member to their branch",
        "head",
        Member,
        lambda w: reverse("members:create"),
        lambda w: f"{V1}/members",
        lambda w: {"organization": w.org.edu1.pk, "name": "钱新来", "gender": "M"},
    ),
    Case(
        "members: a head may not add one outside their branch",
        "head",
        Member,
        lambda w: reverse("members:create"),
        lambda w: f"{V1}/members",
        lambda w: {"organization": w.org.edu2.pk, "name": "钱新来", "gender": "M"},
        ok=False,
    ),
    # Activities.
    Case(
        "activities: a head creates a series",
        "head",
        Series,
        lambda w: reverse("activities:series_create"),
        lambda w: f"{V1}/activities/series",
        lambda w: {"organization": w.org.edu1.pk, "name": "读书会", "kind": "lecture"},
    ),
    Case(
        "activities: a head may not create one for another branch",
        "head",
        Series,
        lambda w: reverse("activities:series_create"),
        lambda w: f"{V1}/activities/series",
        lambda w: {
            "organization": w.org.direct.pk,
            "name": "读书会",
            "kind": "lecture",
        },
        ok=False,
    ),
    Case(
        "activities: a member signs themselves up (no member named)",
        "member",
        Signup,
        lambda w: reverse("activities:signup", args=[w.activities.events["own"].pk]),
        lambda w: f"{V1}/activities/events/{w.activities.events['own'].pk}/signups",
        lambda w: {},
    ),
    # Honors.
    Case(
        "honors: staff record an honor with a recipient",
        "staff",
        Honor,
        lambda w: reverse("honors:create"),
        lambda w: f"{V1}/honors",
        lambda w: _honor(w, "inside", members=[w.members["inside"].pk]),
        form=_honor_form,
    ),
    Case(
        "honors: a year in the future is refused",
        "staff",
        Honor,
        lambda w: reverse("honors:create"),
        lambda w: f"{V1}/honors",
        lambda w: _honor(w, "inside", year=2030),
        form=_honor_form,
        ok=False,
        same_message=True,
    ),
    Case(
        "honors: a branch head may not record one",
        "head",
        Honor,
        lambda w: reverse("honors:create"),
        lambda w: f"{V1}/honors",
        lambda w: _honor(w, "inside"),
        form=_honor_form,
        ok=False,
    ),
    # Campaigns.
    Case(
        "campaigns: staff open a campaign",
        "staff",
        Campaign,
        lambda w: reverse("campaigns:create"),
        lambda w: f"{V1}/campaigns",
        lambda w: {
            "organization": w.campaigns.orgs["inside"].pk,
            "title": "调研专项",
            "start_on": "2025-01-01",
            "end_on": "2025-12-31",
        },
    ),
    Case(
        "campaigns: an end before the start is refused",
        "staff",
        Campaign,
        lambda w: reverse("campaigns:create"),
        lambda w: f"{V1}/campaigns",
        lambda w: {
            "organization": w.campaigns.orgs["inside"].pk,
            "title": "调研专项",
            "start_on": "2025-12-31",
            "end_on": "2025-01-01",
        },
        ok=False,
        same_message=True,
    ),
    # Talent.
    Case(
        "talent: staff record a training",
        "staff",
        Training,
        lambda w: reverse("talent:add", args=[w.members["inside"].pk, "training"]),
        lambda w: f"{V1}/talent/people/{w.members['inside'].pk}/trainings",
        lambda w: {"kind": "course", "title": "理论研修班", "start_on": "2021-01-01"},
        form=lambda d: {f"training-{k}": v for k, v in d.items()},
    ),
    Case(
        "talent: a branch head may not",
        "head",
        Training,
        lambda w: reverse("talent:add", args=[w.members["inside"].pk, "training"]),
        lambda w: f"{V1}/talent/people/{w.members['inside'].pk}/trainings",
        lambda w: {"kind": "course", "title": "理论研修班", "start_on": "2021-01-01"},
        form=lambda d: {f"training-{k}": v for k, v in d.items()},
        ok=False,
    ),
    # Lifecycle.
    Case(
        "lifecycle: staff open a training class",
        "staff",
        TrainingClass,
        lambda w: reverse("lifecycle:class_new"),
        lambda w: f"{V1}/lifecycle/classes",
        lambda w: {
            "name": "新会员培训班",
            "organization": w.org.edu1.pk,
            "start_on": "2025-01-01",
            "end_on": "2025-01-02",
        },
    ),
    Case(
        "lifecycle: an end before the start is refused",
        "staff",
        TrainingClass,
        lambda w: reverse("lifecycle:class_new"),
        lambda w: f"{V1}/lifecycle/classes",
        lambda w: {
            "name": "新会员培训班",
            "organization": w.org.edu1.pk,
            "start_on": "2025-01-02",
            "end_on": "2025-01-01",
        },
        ok=False,
        same_message=True,
    ),
    # Publicity.
    Case(
        "publicity: the office sends a broadcast",
        "office",
        Broadcast,
        lambda w: reverse("publicity:broadcast_create"),
        lambda w: f"{V1}/publicity/broadcasts",
        lambda w: {
            "title": "学习通知",
            "body": "{姓名}同志：请按时参加。",
            "send_sms": True,
            "organization": w.org.edu1.pk,
        },
        form=_checkbox,
    ),
    Case(
        "publicity: a branch head may not",
        "head",
        Broadcast,
        lambda w: reverse("publicity:broadcast_create"),
        lambda w: f"{V1}/publicity/broadcasts",
        lambda w: {
            "title": "学习通知",
            "body": "{姓名}同志：请按时参加。",
            "send_sms": True,
            "organization": w.org.edu1.pk,
        },
        form=_checkbox,
        ok=False,
    ),
]


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for name in security.DOMAIN_APPS
        for m in apps.get_app_config(name).get_models()
    }


def _row(obj: models.Model) -> dict[str, Any]:
    """Every stored column but the key and timestamps; links by id."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or isinstance(f, (models.DateTimeField, models.FileField)):
            continue
        out[f.attname] = getattr(obj, f.attname)
    for f in obj._meta.many_to_many:
        out[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return out


@dataclass
class Outcome:
    ok: bool
    kind: str  # "ok", "forbidden", "missing", "invalid"
    rows: list[dict[str, Any]]
    gained: dict[str, int]
    text: str
    messages: list[str]
    fields: set[str]


def _send(client, case: Case, w, via: str) -> Outcome:
    model = case.model
    before_pks = set(model._default_manager.values_list("pk", flat=True))
    before = _counts()
    data = case.data(w)
    with transaction.atomic():
        if via == "web":
            r = client.post(case.web(w), case.form(data))
            ok = r.status_code == 302
            kind = {403: "forbidden", 404: "missing", 200: "invalid", 400: "invalid"}
            messages: list[str] = []
            form = r.context.get("form") if r.context else None
            fields = set(form.errors) if form is not None and not ok else set()
        else:
            r = client.post(
                case.api(w), json.dumps(data), content_type="application/json"
            )
            ok = 200 <= r.status_code < 300
            kind = {403: "forbidden", 404: "missing", 400: "invalid", 422: "invalid"}
            body = {} if ok else r.json()
            messages = [body.get("detail", "")] if "errors" not in body else []
            for texts in (body.get("errors") or {}).values():
                messages += texts
            fields = set(body.get("errors") or {})
        rows = [
            _row(o)
            for o in model._default_manager.exclude(pk__in=before_pks).order_by("pk")
        ]
        after = _counts()
        transaction.set_rollback(True)
    gained = {k: after[k] - before[k] for k in after if after[k] != before[k]}
    text = html.unescape(r.content.decode()) if via == "web" else ""
    return Outcome(
        ok,
        "ok" if ok else kind.get(r.status_code, str(r.status_code)),
        rows,
        gained,
        text,
        messages,
        fields,
    )


def _differences(web: list[dict], api: list[dict]) -> dict:
    if len(web) != len(api):
        return {"rows": (len(web), len(api))}
    return {
        k: (w.get(k), a.get(k))
        for w, a in zip(web, api, strict=True)
        for k in w.keys() | a.keys()
        if w.get(k) != a.get(k)
    }


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_page_and_the_api_agree(case: Case, world, client_as):
    client = client_as(case.role)
    web = _send(client, case, world, "web")
    api = _send(client, case, world, "api")
    assert web.ok is api.ok is case.ok, (web.kind, api.kind, api.messages)
    assert web.kind == api.kind
    assert web.rows == api.rows, _differences(web.rows, api.rows)
    assert web.gained == api.gained
    if case.ok:
        assert len(web.rows) == 1
    else:
        assert web.rows == [] and web.gained == {}
        # Invalid input is refused on the same fields, worded alike where
        # the service words it.
        assert web.fields == api.fields
        if case.same_message:
            assert api.messages
            for message in api.messages:
                assert message in web.text, message
