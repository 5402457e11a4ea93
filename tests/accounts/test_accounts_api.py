"""The accounts API: users for the sysadmin, grants for the secadmin."""

import pytest
from django.test import Client

from tongxin.accounts.models import ApiToken, Grant, User

USERS = "/api/v1/accounts/users"
GRANTS = "/api/v1/accounts/grants"


def post(client: Client, url: str, data: dict | None = None):
    return client.post(url, data or {}, content_type="application/json")


def test_the_sysadmin_lists_and_creates_users(as_admin, people, make_member, org):
    client = as_admin("sys")
    page = client.get(USERS, {"q": "sta"}).json()
    assert [u["username"] for u in page["items"]] == ["staff"]
    assert page["items"][0]["grants"][0]["role"] == "staff_org"
    assert "password" not in page["items"][0]

    member = make_member(org.edu1, "钱新")
    response = post(
        client,
        USERS,
        {"username": "qianxin", "display_name": "钱新", "member": member.pk},
    )
    assert response.status_code == 403
    assert "系统管理员不能把账户关联到会员" in response.json()["detail"]
    assert not User.objects.filter(username="qianxin").exists()
    response = post(client, USERS, {"username": "qianxin", "display_name": "钱新"})
    assert response.status_code == 201, response.content
    body = response.json()
    user = User.objects.get(username="qianxin")
    assert user.check_password(body["password"])
    assert body["user"]["must_change_password"] is True
    assert body["user"]["member"] is None

    scripted = post(client, USERS, {"username": "jiaoben", "password_login": False})
    assert scripted.json()["password"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": ""}, "username"),
        ({"username": "a b"}, "username"),
        ({"username": "staff"}, "username"),
        ({"username": "x1", "role": "sysadmin"}, "role"),
    ],
)
def test_bad_user_input_is_a_422_by_field(as_admin, people, payload, field):
    response = post(as_admin("sys"), USERS, payload)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not User.objects.filter(username="x1").exists()


def test_only_the_sysadmin_manages_users(as_admin, people):
    for name in ("sec", "audit"):
        client = as_admin(name)
        assert client.get(USERS).status_code == 403
        assert post(client, USERS, {"username": "x1"}).status_code == 403
        assert post(client, f"{USERS}/{people.staff.pk}/disable").status_code == 403
    staff = Client()
    staff.force_login(people.staff)
    assert staff.get(USERS).status_code == 403
    assert Client().get(USERS).status_code == 401
    assert not User.objects.filter(username="x1").exists()


def test_disable_enable_reset_and_token(as_admin, people):
    client = as_admin("sys")
    pk = people.staff.pk
    assert client.get(f"{USERS}/{pk}").json()["username"] == "staff"
    assert post(client, f"{USERS}/{pk}/disable").json()["is_active"] is False
    assert post(client, f"{USERS}/{pk}/enable").json()["is_active"] is True
    password = post(client, f"{USERS}/{pk}/reset-password").json()["password"]
    assert User.objects.get(pk=pk).check_password(password)
    # The system administrator mints no token for anyone else.
    refused = post(client, f"{USERS}/{pk}/tokens", {"name": "报表"})
    assert refused.status_code == 403
    assert "只能由本人生成" in refused.json()["detail"]
    assert not ApiToken.objects.filter(user_id=pk).exists()
    assert client.get(f"{USERS}/99999").status_code == 404
    assert client.delete(f"{USERS}/{pk}/disable").status_code == 405


def test_a_branch_sysadmin_sees_404_outside_its_reach(as_admin, people):
    client = as_admin("branch_sys")
    assert client.get(f"{USERS}/{people.head.pk}").status_code == 200
    assert client.get(f"{USERS}/{people.staff.pk}").status_code == 404
    assert post(client, f"{USERS}/{people.staff.pk}/disable").status_code == 404
    assert User.objects.get(pk=people.staff.pk).is_active


def test_the_secadmin_grants_and_revokes(as_admin, people, org):
    client = as_admin("sec")
    response = post(
        client,
        GRANTS,
        {"username": "outsider", "role": "leader", "organization": org.edu.pk},
    )
    assert response.status_code == 201, response.content
    grant = response.json()
    assert grant["username"] == "outsider" and grant["role_label"] == "领导"
    listed = client.get(GRANTS, {"user": "outsider"}).json()["items"]
    assert [g["id"] for g in listed] == [grant["id"]]
    by_org = client.get(GRANTS, {"organization": org.edu2.pk}).json()["items"]
    assert {g["username"] for g in by_org} == {"member"}
    assert client.delete(f"{GRANTS}/{grant['id']}").status_code == 204
    assert not Grant.objects.filter(pk=grant["id"]).exists()
    assert client.delete(f"{GRANTS}/{grant['id']}").status_code == 404


def test_the_grant_api_enforces_the_separation(as_admin, people, org):
    client = as_admin("sec")
    response = post(
        client,
        GRANTS,
        {"username": "staff", "role": "auditadmin", "organization": org.city.pk},
    )
    assert response.status_code == 400
    assert "三员分立" in response.json()["detail"]
    response = post(
        client,
        GRANTS,
        {"username": "nobody", "role": "leader", "organization": org.city.pk},
    )
    assert response.status_code == 422
    assert "username" in response.json()["errors"]
    response = post(
        client,
        GRANTS,
        {"username": "outsider", "role": "king", "organization": org.city.pk},
    )
    assert response.status_code == 422
    assert "role" in response.json()["errors"]


def test_only_the_secadmin_grants(as_admin, people, org):
    grant = people.head.grants.get()
    for name in ("sys", "audit"):
        client = as_admin(name)
        assert client.get(GRANTS).status_code == 200  # reading is allowed
        refused = post(
            client,
            GRANTS,
            {"username": "outsider", "role": "leader", "organization": org.city.pk},
        )
        assert refused.status_code == 403
        assert client.delete(f"{GRANTS}/{grant.pk}").status_code == 403
    staff = Client()
    staff.force_login(people.staff)
    assert staff.get(GRANTS).status_code == 403
    assert Grant.objects.filter(pk=grant.pk).exists()
    assert not Grant.objects.filter(user=people.outsider).exists()
