"""Grants by the security administrator: pages, and 三员分立 in the service."""

import datetime as dt

import pytest
from django.urls import reverse

from tongxin.accounts.models import Grant
from tongxin.accounts.services import grant_revoke, grant_role
from tongxin.audit.models import AuditEvent
from tongxin.core.errors import PermissionDenied, ServiceError
from tongxin.members.services import member_create, member_update

# --- services --------------------------------------------------------------------


def test_the_secadmin_grants_and_revokes_with_audit(admins, people, org):
    grant = grant_role(
        by=admins.sec, user=people.outsider, role="staff_org", organization=org.edu
    )
    event = AuditEvent.objects.get(action="grant", actor=admins.sec)
    assert event.actor == admins.sec
    assert event.detail["user"] == "outsider"
    assert event.detail["role"] == "staff_org"
    assert event.detail["organization"] == "G1"
    grant_revoke(by=admins.sec, grant=grant)
    assert not Grant.objects.filter(user=people.outsider).exists()
    revoked = AuditEvent.objects.get(action="revoke", actor=admins.sec)
    assert revoked.detail["role"] == "staff_org"


@pytest.mark.parametrize("who", ["sys", "audit"])
def test_other_administrators_cannot_grant(admins, people, org, who):
    with pytest.raises(PermissionDenied):
        grant_role(
            by=getattr(admins, who),
            user=people.outsider,
            role="leader",
            organization=org.city,
        )
    with pytest.raises(PermissionDenied):
        grant_revoke(by=getattr(admins, who), grant=people.staff.grants.get())


def test_nobody_grants_to_themselves(admins, org):
    with pytest.raises(PermissionDenied, match="不能给自己授予权限"):
        grant_role(
            by=admins.sec, user=admins.sec, role="staff_org", organization=org.city
        )


def test_an_administrator_holds_no_business_role(admins, people, org, root):
    with pytest.raises(ServiceError, match="三员分立"):
        grant_role(by=root, user=admins.sys, role="staff_org", organization=org.city)
    with pytest.raises(ServiceError, match="三员分立"):
        grant_role(by=root, user=people.staff, role="secadmin", organization=org.city)
    # The same administrator role on another node is fine.
    grant_role(by=root, user=admins.audit, role="auditadmin", organization=org.edu)


def test_the_secadmin_cannot_change_data(admins, people, org):
    member = people.member_record
    with pytest.raises(PermissionDenied):
        member_update(member=member, by=admins.sec, version=member.version, name="改名")
    with pytest.raises(PermissionDenied):
        member_create(
            by=admins.sec,
            organization=org.edu1,
            name="新人",
            gender="男",
            joined_on=dt.date(2020, 1, 1),
        )
    member.refresh_from_db()
    assert member.name == "李晓梅"


# --- pages -----------------------------------------------------------------------


def test_the_grant_list_by_user_and_by_organization(as_admin, people, org):
    client = as_admin("sec")
    url = reverse("accounts:grants")
    body = client.get(url).content.decode()
    assert "staff" in body and "head" in body and "授予权限" in body
    by_user = client.get(url, {"user": "head"})
    assert [g.user.username for g in by_user.context["page"].items] == ["head"]
    by_org = client.get(url, {"org": "G1B2"})
    assert {g.user.username for g in by_org.context["page"].items} == {"member"}
    unknown = client.get(url, {"org": "NOPE"}, follow=True)
    assert "组织代码“NOPE”不存在" in unknown.content.decode()


def test_the_grant_list_is_readable_by_the_administrators_only(as_admin, client_for):
    url = reverse("accounts:grants")
    for name in ("sys", "audit"):
        response = as_admin(name).get(url)
        assert response.status_code == 200
        assert "授予权限" not in response.content.decode()
    assert client_for("staff").get(url).status_code == 403
    assert as_admin("sec").post(url).status_code == 405


def test_the_grant_form(as_admin, people, org, client_for):
    client = as_admin("sec")
    url = reverse("accounts:grant_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"username": "outsider", "role": "leader", "organization": org.edu.pk}
    )
    assert response.status_code == 302
    assert Grant.objects.get(user=people.outsider).role == "leader"
    for name in ("sys", "audit"):
        assert as_admin(name).get(url).status_code == 403
    assert client_for("staff").post(url, {}).status_code == 403
    assert client.put(url).status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"username": "nobody", "role": "leader"},
            "username",
            "用户“nobody”不存在或已停用。",
        ),
        ({"username": "outsider", "role": "king"}, "role", "请从列表中选择角色。"),
        (
            {"username": "outsider", "role": "leader", "organization": ""},
            "organization",
            "请选择组织。",
        ),
        ({"username": "staff", "role": "sysadmin"}, "__all__", "三员分立"),
        ({"username": "secadmin", "role": "leader"}, "__all__", "不能给自己授予权限"),
    ],
)
def test_the_grant_form_explains_refusals(as_admin, people, org, data, field, message):
    data = {"organization": org.city.pk, **data}
    client = as_admin("sec")
    grants_before = Grant.objects.count()
    response = client.post(reverse("accounts:grant_create"), data)
    if field == "__all__" and "自己" in message:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        errors = response.context["form"].errors[field]
        assert any(message in e for e in errors), errors
    assert Grant.objects.count() == grants_before


def test_revoking_is_a_post_by_the_secadmin(as_admin, people, client_for):
    grant = people.head.grants.get()
    url = reverse("accounts:grant_revoke", args=[grant.pk])
    assert as_admin("sec").get(url).status_code == 405
    assert as_admin("sys").post(url).status_code == 403
    assert client_for("head").post(url).status_code == 403
    assert Grant.objects.filter(pk=grant.pk).exists()
    response = as_admin("sec").post(url)
    assert response.status_code == 302
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert as_admin("sec").post(url).status_code == 404
