"""Account administration by the system administrator (services and pages)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.accounts.support import login_verified
from tongxin.accounts.models import ApiToken, User
from tongxin.accounts.selectors import user_list
from tongxin.accounts.services import (
    api_token_create,
    password_reset_by_admin,
    user_create,
    user_set_active,
    user_update,
)
from tongxin.audit.models import AuditEvent
from tongxin.core.errors import PermissionDenied, ServiceError

# --- services --------------------------------------------------------------------


def test_the_sysadmin_creates_an_account_but_links_no_member(
    admins, people, make_member, org
):
    user = user_create(by=admins.sys, username="zhouxin", password="Chushi-Mima-01")
    assert user.member is None and user.must_change_password
    event = AuditEvent.objects.get(action="user_create", object_id=str(user.pk))
    assert event.actor == admins.sys
    assert "password" not in event.detail
    member = make_member(org.edu1, "周新")
    with pytest.raises(PermissionDenied, match="系统管理员不能把账户关联到会员"):
        user_create(by=admins.sys, username="zhou2", password=None, member=member)
    with pytest.raises(PermissionDenied, match="系统管理员不能把账户关联到会员"):
        user_update(by=admins.sys, user=user, member=member)
    with pytest.raises(PermissionDenied, match="系统管理员不能把账户关联到会员"):
        user_update(by=admins.sys, user=admins.sys, member=member)
    assert not User.objects.filter(member=member).exists()


@pytest.mark.parametrize("who", ["sec", "audit"])
def test_other_administrators_cannot_manage_accounts(admins, people, who):
    by = getattr(admins, who)
    with pytest.raises(PermissionDenied):
        user_create(by=by, username="x1", password="Chushi-Mima-01")
    with pytest.raises(PermissionDenied):
        user_set_active(by=by, user=people.staff, active=False)
    with pytest.raises(PermissionDenied):
        password_reset_by_admin(by=by, user=people.staff)
    with pytest.raises(PermissionDenied):
        user_update(by=by, user=people.staff, display_name="改")
    assert User.objects.get(username="staff").is_active


def test_staff_cannot_manage_accounts(people):
    with pytest.raises(PermissionDenied):
        user_set_active(by=people.staff, user=people.member, active=False)


def test_a_branch_sysadmin_reaches_only_accounts_of_its_subtree(
    admins, people, make_member, org
):
    """edusys manages accounts attached only to the edu subtree."""
    reach = set(user_list(user=admins.branch_sys).values_list("username", flat=True))
    assert "head" in reach and "member" in reach  # grants/member inside edu
    assert "staff" not in reach  # granted on the whole committee
    assert "outsider" not in reach  # attached to nothing: a root sysadmin's
    assert "edusys" in reach
    everyone = set(user_list(user=admins.sys).values_list("username", flat=True))
    assert {"staff", "outsider", "head", "secadmin"} <= everyone
    with pytest.raises(PermissionDenied):
        password_reset_by_admin(by=admins.branch_sys, user=people.staff)
    with pytest.raises(ValidationError):
        user_create(by=admins.branch_sys, username="nobody", password=None)


def test_names_and_members_are_unique(admins, people):
    with pytest.raises(ValidationError) as e:
        user_create(by=admins.sys, username="STAFF", password=None)
    assert "用户名“STAFF”已存在。" in e.value.message_dict["username"]
    with pytest.raises(ValidationError) as e:
        user_create(
            by=None, username="second", password=None, member=people.member_record
        )
    assert "该会员已关联账户“member”。" in e.value.message_dict["member"]


def test_update_records_before_and_after(admins, people):
    user_update(by=admins.sys, user=people.staff, display_name="组织部小王")
    event = AuditEvent.objects.get(action="user_update")
    assert event.detail["before"] == {"display_name": ""}
    assert event.detail["after"] == {"display_name": "组织部小王"}
    with pytest.raises(ValidationError):
        user_update(by=admins.sys, user=people.staff, is_superuser=True)


def test_disabling_stops_sessions_and_tokens(admins, people):
    token, raw = api_token_create(by=people.staff, user=people.staff, name="s")
    client = Client()
    client.force_login(people.staff)
    user_set_active(by=admins.sys, user=people.staff, active=False)
    assert client.get(reverse("members:list")).status_code == 302
    assert (
        Client().get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
        == 401
    )
    assert AuditEvent.objects.filter(action="user_disable").count() == 1
    user_set_active(by=admins.sys, user=people.staff, active=True)
    assert User.objects.get(username="staff").is_active
    # Disabling revoked the token for good: enabling does not bring it back.
    token.refresh_from_db()
    assert token.revoked_at is not None and token.state() == "revoked"
    assert (
        Client().get("/api/v1/orgs", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
        == 401
    )


def test_nobody_disables_or_resets_themselves(admins):
    with pytest.raises(ServiceError, match="不能停用自己的账户"):
        user_set_active(by=admins.sys, user=admins.sys, active=False)
    with pytest.raises(ServiceError, match="修改密码"):
        password_reset_by_admin(by=admins.sys, user=admins.sys)


def test_token_names_are_checked(admins, people):
    with pytest.raises(ValidationError) as e:
        api_token_create(by=people.staff, user=people.staff, name="  ")
    assert "请填写令牌名称。" in e.value.message_dict["name"]
    for by in (admins.sys, admins.sec, people.leader):
        with pytest.raises(PermissionDenied, match="只能由本人生成"):
            api_token_create(by=by, user=people.staff, name="s")
    assert not ApiToken.objects.exists()


# --- pages -----------------------------------------------------------------------


@pytest.fixture
def sysadmin(as_admin):
    return as_admin("sys")


def test_the_user_list_is_for_the_sysadmin(sysadmin, as_admin, client_for, people):
    response = sysadmin.get(reverse("accounts:users"), {"q": "sta"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "staff" in body and "outsider" not in body
    assert 'href="/accounts/users/"' in sysadmin.get("/orgs/").content.decode()
    for client in (as_admin("sec"), as_admin("audit"), client_for("staff")):
        assert client.get(reverse("accounts:users")).status_code == 403
    assert sysadmin.post(reverse("accounts:users")).status_code == 405


def test_the_create_page_shows_the_password_once(sysadmin, admins, client_for):
    url = reverse("accounts:user_create")
    assert sysadmin.get(url).status_code == 200
    response = sysadmin.post(
        url, {"username": "xinren", "display_name": "新人", "password_login": "on"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["secret"]
    user = User.objects.get(username="xinren")
    assert user.check_password(password) and user.must_change_password
    assert escape(password) in response.content.decode()
    assert client_for("staff").post(url, {"username": "x2"}).status_code == 403
    assert not User.objects.filter(username="x2").exists()
    assert sysadmin.put(url).status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": ""}, "username", "请填写用户名。"),
        ({"username": "有 空格"}, "username", "用户名只能包含字母、数字和 @ . + - _。"),
        ({"username": "staff"}, "username", "用户名“staff”已存在。"),
        (
            {"username": "a1", "email": "x"},
            "email",
            "电子邮箱格式不正确，如 name@example.com。",
        ),
    ],
)
def test_the_create_page_explains_bad_input(sysadmin, people, data, field, message):
    response = sysadmin.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not User.objects.filter(username="a1").exists()


def test_the_detail_and_edit_pages(sysadmin, people, client_for):
    url = reverse("accounts:user_detail", args=[people.staff.pk])
    body = sysadmin.get(url).content.decode()
    assert "组织部工作人员" in body and "重置密码" in body
    edit = reverse("accounts:user_edit", args=[people.staff.pk])
    assert sysadmin.get(edit).status_code == 200
    response = sysadmin.post(edit, {"display_name": "王组织", "email": "w@example.com"})
    assert response.status_code == 302
    assert User.objects.get(username="staff").display_name == "王组织"
    assert client_for("staff").get(url).status_code == 403
    assert client_for("head").post(edit, {"display_name": "x"}).status_code == 403
    assert (
        sysadmin.get(reverse("accounts:user_detail", args=[99999])).status_code == 404
    )


def test_a_branch_sysadmin_gets_404_outside_its_reach(as_admin, people):
    client = as_admin("branch_sys")
    assert (
        client.get(reverse("accounts:user_detail", args=[people.head.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("accounts:user_detail", args=[people.staff.pk])).status_code
        == 404
    )
    response = client.post(reverse("accounts:user_disable", args=[people.staff.pk]))
    assert response.status_code == 404
    assert User.objects.get(username="staff").is_active


def test_disable_enable_reset_and_token_pages(sysadmin, people, client_for):
    pk = people.staff.pk
    for name in (
        "user_disable",
        "user_enable",
        "user_reset_password",
        "user_reset_otp",
    ):
        assert sysadmin.get(reverse(f"accounts:{name}", args=[pk])).status_code == 405
        assert (
            client_for("leader")
            .post(reverse(f"accounts:{name}", args=[pk]))
            .status_code
            == 403
        )
    assert sysadmin.post(reverse("accounts:user_disable", args=[pk])).status_code == 302
    assert not User.objects.get(pk=pk).is_active
    sysadmin.post(reverse("accounts:user_enable", args=[pk]))
    assert User.objects.get(pk=pk).is_active
    response = sysadmin.post(reverse("accounts:user_reset_password", args=[pk]))
    assert User.objects.get(pk=pk).check_password(response.context["secret"])
    # Nobody mints a token for someone else (the kept address refuses).
    response = sysadmin.post(
        reverse("accounts:user_token_create", args=[pk]), {"name": "报表"}
    )
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user_id=pk).exists()
    sysadmin.post(reverse("accounts:user_reset_otp", args=[pk]))
    assert AuditEvent.objects.filter(
        action="user_update", detail__otp_reset=True
    ).exists()


def test_the_sysadmin_cannot_disable_itself_from_the_page(sysadmin, admins):
    response = sysadmin.post(
        reverse("accounts:user_disable", args=[admins.sys.pk]), follow=True
    )
    assert "不能停用自己的账户" in response.content.decode()
    assert User.objects.get(pk=admins.sys.pk).is_active


def test_the_sysadmin_cannot_read_the_audit_nor_grant(sysadmin, admins, people, org):
    assert sysadmin.get("/audit/").status_code == 403
    assert sysadmin.get("/api/v1/audit").status_code in (403, 404)
    response = sysadmin.post(
        reverse("accounts:grant_create"),
        {"username": "outsider", "role": "staff_org", "organization": org.city.pk},
    )
    assert response.status_code == 403
    assert not people.outsider.grants.exists()


def test_the_nav_links_follow_the_role(as_admin, client_for):
    assert '"/accounts/grants/"' in as_admin("sec").get("/orgs/").content.decode()
    assert '"/accounts/users/"' not in as_admin("sec").get("/orgs/").content.decode()
    body = client_for("staff").get("/orgs/").content.decode()
    assert '"/accounts/users/"' not in body and '"/accounts/grants/"' not in body
    assert 'href="/accounts/password/"' in body


def login_verified_client(user) -> Client:
    return login_verified(Client(), user)
