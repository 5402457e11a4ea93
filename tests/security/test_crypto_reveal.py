"""Revealing a masked ID number or mobile: who may, through every face, audited.

Staff (organization department, office) and a branch head within their
subtrees, and a member on their own record, may reveal; a leader sees masked
values only; anyone else does not see the record at all.  Every reveal is
one audit event naming the field; a refused one records nothing.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tongxin.audit.models import AuditEvent
from tongxin.members.services import member_reveal

MOBILE = "13812345678"  # the inside member's mobile (tests/security/conftest.py)

#: (role, target) -> allowed; roles and targets of the permission matrix.
ALLOWED = {
    ("staff", "inside"),
    ("staff", "outside"),
    ("office", "inside"),
    ("office", "outside"),
    ("head", "inside"),
    ("member", "own"),
}
REFUSED = [
    ("leader", "inside"),
    ("head", "outside"),
    ("member", "inside"),
    ("outsider", "inside"),
    ("sysadmin", "inside"),
    ("secadmin", "inside"),
    ("auditadmin", "inside"),
]


def reveals() -> list[tuple]:
    """Return the reveal events: (actor, object type, object id, field)."""
    events = AuditEvent.objects.filter(action="reveal").order_by("id")
    return [
        (e.actor.username, e.object_type, e.object_id, e.detail["field"])
        for e in events.select_related("actor")
    ]


def htmx(client: Client, url: str, data: dict):
    return client.post(url, data, HTTP_HX_REQUEST="true")


# --- the service ------------------------------------------------------------------


@pytest.mark.parametrize(("role", "target"), sorted(ALLOWED))
def test_it_reveals_to_those_with_the_right_and_audits(world, role, target):
    member = world.members[target]
    user = world.users[role]
    assert member_reveal(member=member, field="id_number", by=user) == (
        member.id_number
    )
    assert reveals() == [(user.username, "members.member", str(member.pk), "id_number")]


@pytest.mark.parametrize(("role", "target"), REFUSED)
def test_it_refuses_everyone_else_and_records_nothing(world, role, target):
    with pytest.raises(PermissionDenied):
        member_reveal(
            member=world.members[target], field="mobile", by=world.users[role]
        )
    assert reveals() == []


def test_it_reveals_the_mobile_and_an_empty_value(world):
    staff = world.users["staff"]
    assert member_reveal(member=world.members["inside"], field="mobile", by=staff) == (
        MOBILE
    )
    outside = world.members["outside"]
    assert member_reveal(member=outside, field="mobile", by=staff) == ""
    assert [field for *_rest, field in reveals()] == ["mobile", "mobile"]


def test_it_refuses_any_other_field(world):
    with pytest.raises(ValidationError) as e:
        member_reveal(
            member=world.members["inside"], field="name", by=world.users["staff"]
        )
    assert "id_number" in e.value.message_dict["field"][0]
    assert reveals() == []


# --- the web page -----------------------------------------------------------------


def test_the_record_offers_reveal_only_to_those_with_the_right(world, client_as):
    member = world.members["inside"]
    url = f"/members/{member.pk}/"
    for role in ("staff", "head"):
        html = client_as(role).get(url).content.decode()
        assert f"/members/{member.pk}/reveal/" in html
        assert member.id_number not in html and MOBILE not in html
    html = client_as("leader").get(url).content.decode()
    assert "/reveal/" not in html
    assert member.id_number[0] + "*" * 16 + member.id_number[-1] in html


def test_htmx_gets_the_clear_value_uncached_and_it_is_audited(world, client_as):
    member = world.members["inside"]
    response = htmx(
        client_as("head"), f"/members/{member.pk}/reveal/", {"field": "mobile"}
    )
    assert response.status_code == 200
    assert MOBILE in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert reveals() == [("head", "members.member", str(member.pk), "mobile")]


def test_without_htmx_the_record_is_shown_with_the_value(world, client_as):
    member = world.members["own"]
    response = client_as("member").post(
        f"/members/{member.pk}/reveal/", {"field": "id_number"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert member.id_number in html and member.name in html
    assert len(reveals()) == 1


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("leader", "inside", 403),
        ("head", "outside", 404),
        ("outsider", "inside", 404),
        ("member", "inside", 404),
    ],
)
def test_the_page_refuses_and_records_nothing(world, client_as, role, target, status):
    member = world.members[target]
    response = htmx(
        client_as(role), f"/members/{member.pk}/reveal/", {"field": "id_number"}
    )
    assert response.status_code == status
    assert member.id_number not in response.content.decode()
    assert reveals() == []


def test_the_page_refuses_a_get_an_anonymous_user_and_a_bad_field(world, client_as):
    url = f"/members/{world.members['inside'].pk}/reveal/"
    assert client_as("staff").get(url).status_code == 405
    anonymous = client_as("anonymous").post(url, {"field": "id_number"})
    assert anonymous.status_code == 302
    bad = htmx(client_as("staff"), url, {"field": "password"})
    assert bad.status_code == 400
    assert "身份证号" in bad.content.decode()
    assert reveals() == []


# --- the API ------------------------------------------------------------------------


def api_reveal(client: Client, member, field: str = "id_number"):
    return client.post(
        f"/api/v1/members/{member.pk}/reveal",
        {"field": field},
        content_type="application/json",
    )


def test_the_api_reveals_to_those_with_the_right(world, client_as):
    member = world.members["inside"]
    response = api_reveal(client_as("staff"), member)
    assert response.status_code == 200
    assert response.json() == {"value": member.id_number}
    assert api_reveal(client_as("head"), member, "mobile").json() == {"value": MOBILE}
    own = world.members["own"]
    assert api_reveal(client_as("member"), own).json() == {"value": own.id_number}
    assert [field for *_rest, field in reveals()] == [
        "id_number",
        "mobile",
        "id_number",
    ]


def test_the_api_refuses_and_records_nothing(world, client_as):
    inside, outside = world.members["inside"], world.members["outside"]
    assert api_reveal(client_as("leader"), inside).status_code == 403
    assert api_reveal(client_as("head"), outside).status_code == 404
    assert api_reveal(client_as("outsider"), inside).status_code == 404
    assert api_reveal(client_as("anonymous"), inside).status_code == 401
    bad = api_reveal(client_as("staff"), inside, "name")
    assert bad.status_code == 422
    assert "field" in bad.json()["errors"]
    wrong_method = client_as("staff").get(f"/api/v1/members/{inside.pk}/reveal")
    assert wrong_method.status_code == 405
    assert reveals() == []
