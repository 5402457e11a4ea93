"""三员分立 counts the superuser: no account holds two of the exclusive duties."""

import itertools

import pytest
from django.test import Client

from tests.accounts.support import login_verified
from tongxin.accounts.models import Grant, User
from tongxin.accounts.services import grant_role
from tongxin.core.errors import ServiceError

DUTIES = [
    "sysadmin",
    "secadmin",
    "auditadmin",
    "superuser",
    "staff_org",
    "staff_office",
    "org_head",
]


def _holder(duty: str, org, root) -> User:
    user = User.objects.create_user(f"h_{duty}", password="x")
    if duty == "superuser":
        User.objects.filter(pk=user.pk).update(is_superuser=True)
        user.refresh_from_db()
    else:
        grant_role(by=root, user=user, role=duty, organization=org.city)
    return user


@pytest.mark.parametrize(
    ("held", "wanted"),
    [
        (a, b)
        for a, b in itertools.permutations(DUTIES, 2)
        if b != "superuser"
        and not (
            a in {"staff_org", "staff_office", "org_head"}
            and b in {"staff_org", "staff_office", "org_head"}
        )
    ],
)
def test_no_account_holds_two_exclusive_duties(org, root, held, wanted):
    user = _holder(held, org, root)
    with pytest.raises(ServiceError, match="三员分立"):
        grant_role(by=root, user=user, role=wanted, organization=org.city)
    assert not Grant.objects.filter(user=user, role=wanted).exists()


def test_the_api_refuses_auditadmin_for_the_superuser(as_admin, root, org):
    response = as_admin("sec").post(
        "/api/v1/accounts/grants",
        {"username": "root", "role": "auditadmin", "organization": org.city.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (
        "三员分立" in response.json()["detail"]
        and "超级用户" in response.json()["detail"]
    )
    assert not root.grants.exists()


def test_the_grant_page_refuses_and_keeps_the_input(as_admin, root, org):
    from django.urls import reverse

    response = as_admin("sec").post(
        reverse("accounts:grant_create"),
        {"username": "root", "role": "auditadmin", "organization": org.city.pk},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "三员分立" in body and 'value="root"' in body
    assert response.context["form"].data["role"] == "auditadmin"
    assert not root.grants.exists()


def test_the_member_role_only_on_the_members_own_branch(
    as_admin, people, org, make_member
):
    from django.urls import reverse

    client = as_admin("sec")
    response = client.post(
        reverse("accounts:grant_create"),
        {"username": "member", "role": "member", "organization": org.edu1.pk},
    )
    assert response.status_code == 200
    assert "只能授予在该会员本人所在的组织" in response.content.decode()
    assert response.context["form"].data["organization"] == str(org.edu1.pk)
    api = client.post(
        "/api/v1/accounts/grants",
        {"username": "outsider", "role": "member", "organization": org.edu2.pk},
        content_type="application/json",
    )
    assert api.status_code == 400 and "尚未关联会员" in api.json()["detail"]


def test_the_superuser_cannot_reveal(root, people):
    client = login_verified(Client(), root)
    member = people.member_record
    response = client.post(
        f"/api/v1/members/{member.pk}/reveal",
        {"field": "id_number"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert member.id_number not in response.content.decode()


def test_the_deploy_check_finds_mixed_duties_written_around_the_service(org, root):
    from django.core.checks import run_checks

    Grant.objects.create(user=root, role="auditadmin", organization=org.city)
    found = run_checks(tags=["security"], include_deployment_checks=True)
    assert any(m.id == "accounts.W004" and "root" in m.msg for m in found)
