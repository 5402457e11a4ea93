"""Account–member links: 组织部 proposes, the member confirms; no administrator links."""

import base64
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tongxin.accounts.models import MemberLink, User
from tongxin.accounts.services import (
    LINK_MAX_ATTEMPTS,
    grant_role,
    member_account_create,
    member_link_confirm,
    member_link_propose,
    readable_password,
)
from tongxin.accounts.validators import character_classes
from tongxin.core.errors import PermissionDenied, ServiceError

V1 = "/api/v1/accounts"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_readable_passwords_have_four_groups_without_look_alikes():
    for _i in range(50):
        password = readable_password()
        assert re.fullmatch(r"[A-Z][a-z]{3}-\d{4}-[A-Z][a-z]{3}-\d{4}", password)
        assert not set(password) & set("0Oo1lIi")
        assert len(character_classes(password)) >= 3


def test_staff_org_creates_an_account_that_has_no_member_access_until_confirmed(
    people, org, make_member
):
    member = make_member(org.edu1, "赵小新", certificate_no="MJ-2020-001")
    user, password = member_account_create(by=people.staff, member=member)
    assert user.username == "zhaoxiaoxin" and user.member is None
    assert user.must_change_password and user.check_password(password)
    link = MemberLink.objects.get(user=user)
    assert link.state == "proposed"
    # Wrong proof: counted, no access.
    assert not member_link_confirm(user=user, link=link, proof="0000")
    user.refresh_from_db()
    assert user.member is None
    assert member_link_confirm(user=user, link=link, proof=member.id_number[-4:])
    user.refresh_from_db()
    assert user.member == member
    link.refresh_from_db()
    assert link.state == "confirmed" and link.confirmed_how == "self"


def test_the_certificate_number_also_confirms_and_failures_lapse(
    people, org, make_member
):
    member = make_member(org.edu1, "钱二", certificate_no="MJ-2020-002")
    user, _pw = member_account_create(by=people.staff, member=member, username="qian2")
    link = user.links.get()
    assert member_link_confirm(user=user, link=link, proof="mj-2020-002")
    other = make_member(org.edu1, "孙三")
    user2, _pw = member_account_create(by=people.staff, member=other)
    link2 = user2.links.get()
    for _i in range(LINK_MAX_ATTEMPTS):
        assert not member_link_confirm(user=user2, link=link2, proof="9999")
    link2.refresh_from_db()
    assert link2.state == "cancelled"
    user2.refresh_from_db()
    assert user2.member is None


def test_no_administrator_links_and_no_administrator_account_is_linked(
    admins, people, org, make_member
):
    member = make_member(org.edu1, "李四")
    for by in (admins.sys, admins.sec, admins.audit, people.leader, people.head):
        with pytest.raises(PermissionDenied):
            member_account_create(by=by, member=member)
    with pytest.raises(ServiceError, match="管理员账户不能关联会员"):
        member_link_propose(by=people.staff, user=admins.sys, member=member)
    # And an account with a member is never made an administrator.
    with pytest.raises(ServiceError, match="三员分立"):
        grant_role(
            by=people.root, user=people.member, role="sysadmin", organization=org.city
        )


def test_staff_org_links_only_within_scope(people, org, make_member, root):
    grant_role(by=root, user=people.outsider, role="staff_org", organization=org.edu)
    outside = make_member(org.direct, "周外")
    with pytest.raises(PermissionDenied):
        member_account_create(by=people.outsider, member=outside)


def test_the_sysadmin_cannot_link_through_the_web(as_admin, people, make_member, org):
    member = make_member(org.edu1, "吴五")
    client = as_admin("sys")
    client.post(
        reverse("accounts:user_edit", args=[client.session["_auth_user_id"]]),
        {"display_name": "系统", "member": member.pk},
    )
    client.post(
        reverse("accounts:user_create"),
        {"username": "wuwu", "member": member.pk, "password_login": "on"},
    )
    assert not User.objects.filter(member=member).exists()
    assert client.get(reverse("accounts:member_account_create")).status_code == 403
    assert (
        client.post(
            f"{V1}/member-accounts",
            {"member": member.pk},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_the_member_account_page_picks_by_search_and_confirms_at_login(
    people, org, make_member
):
    member = make_member(org.edu1, "郑六")
    staff = logged_in(people.staff)
    form = staff.get(reverse("accounts:member_account_create"))
    assert form.status_code == 200
    body = form.content.decode()
    assert reverse("members:pick") in body and "会员详情页地址中的数字" not in body
    response = staff.post(
        reverse("accounts:member_account_create"), {"member": member.pk}
    )
    assert response.status_code == 200
    password = response.context["secret"]
    user = User.objects.get(username="zhengliu")
    # First login: change the password, then the confirmation page.
    client = Client()
    client.post(
        reverse("accounts:login"), {"username": "zhengliu", "password": password}
    )
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password": "Zheng-Liu-2026!",
            "new_password_again": "Zheng-Liu-2026!",
        },
    )
    page = client.get("/orgs/")
    assert page.status_code == 302 and page.url.startswith(
        reverse("accounts:link_confirm")
    )
    confirm = client.get(reverse("accounts:link_confirm")).content.decode()
    assert "郑六" in confirm and member.id_number[-4:] not in confirm
    wrong = client.post(reverse("accounts:link_confirm"), {"proof": "0000"})
    assert "还可尝试" in wrong.content.decode()
    ok = client.post(reverse("accounts:link_confirm"), {"proof": member.id_number[-4:]})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.member == member
    assert (
        client.get("/orgs/").status_code != 302
        or "confirm-member" not in client.get("/orgs/").url
    )


def test_in_person_confirmation_by_staff_org(people, org, make_member):
    member = make_member(org.edu1, "王七")
    user, _pw = member_account_create(by=people.staff, member=member)
    link = user.links.get()
    staff = logged_in(people.staff)
    listing = staff.get(reverse("accounts:links")).content.decode()
    assert "王七" in listing and "待确认" in listing
    response = staff.post(reverse("accounts:link_confirm_in_person", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.state == "confirmed" and link.confirmed_how == "in_person"
    assert link.confirmed_by == people.staff


def test_the_api_creates_proposes_and_confirms(people, org, make_member):
    member = make_member(org.edu1, "冯八")
    staff = logged_in(people.staff)
    created = staff.post(
        f"{V1}/member-accounts", {"member": member.pk}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["user"]["member"] is None
    user = User.objects.get(pk=body["user"]["id"])
    own = Client()
    own.force_login(user)
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    assert [x["id"] for x in own.get(f"{V1}/member-links").json()] == [body["link"]]
    bad = own.post(
        f"{V1}/member-links/{body['link']}/confirm",
        {"proof": "0000"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    good = own.post(
        f"{V1}/member-links/{body['link']}/confirm",
        {"proof": member.id_number[-4:]},
        content_type="application/json",
    )
    assert good.status_code == 200 and good.json()["state"] == "confirmed"
    # Proposing for an existing account, then in-person confirmation.
    other = make_member(org.edu1, "陈九")
    proposed = staff.post(
        f"{V1}/member-links",
        {"username": "outsider", "member": other.pk},
        content_type="application/json",
    )
    assert proposed.status_code == 201, proposed.content
    in_person = staff.post(
        f"{V1}/member-links/{proposed.json()['id']}/confirm-in-person"
    )
    assert in_person.json()["confirmed_how"] == "in_person"
    assert User.objects.get(username="outsider").member == other


def test_bulk_creation_previews_creates_and_downloads(people, org, make_member, root):

    a = make_member(org.edu1, "甲一")
    b = make_member(org.edu2, "乙二")
    make_member(org.direct, "丙三")  # outside edu
    staff = logged_in(people.staff)
    url = reverse("accounts:member_accounts_bulk")
    page = staff.get(url)
    assert page.status_code == 200
    preview = staff.get(url, {"organization": org.edu.pk})
    names = [m.name for m in preview.context["preview"]]
    assert set(names) == {"甲一", "乙二"}  # 李晓梅 already has an account
    done = staff.post(url, {"organization": org.edu.pk})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    rows = done.context["rows"]
    assert {m.name for m, _u, _p in rows} == {"甲一", "乙二"}
    href = re.search(
        r'id="accounts-xlsx"[^>]*href="data:[^,]+,([^"]+)"', done.content.decode()
    )
    sheet = load_workbook(io.BytesIO(base64.b64decode(href.group(1)))).active
    table = [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(r[1], r[3], r[4]) for r in table] == [
        (m.name, u.username, p) for m, u, p in rows
    ]
    for _m, user, password in rows:
        assert User.objects.get(pk=user.pk).check_password(password)
    assert {a.pk, b.pk} == set(
        MemberLink.objects.filter(state="proposed").values_list("member_id", flat=True)
    )
    # Nothing left to create the second time.
    again = staff.get(url, {"organization": org.edu.pk})
    assert again.context["preview"] == []


def test_closed_branches_are_marked_in_the_choices(people, org, as_admin, root):
    import datetime as dt

    from tongxin.orgs.models import Organization

    Organization.objects.filter(pk=org.edu2.pk).update(closed_on=dt.date(2024, 1, 1))
    staff = logged_in(people.staff)
    body = staff.get(reverse("accounts:member_accounts_bulk")).content.decode()
    assert "教育二支部（已撤销）" in body
    grants = as_admin("sec").get(reverse("accounts:grants")).content.decode()
    assert "教育二支部（已撤销）" in grants


def test_the_member_login_with_the_demo_password_is_untouched(people):
    """Accounts with a confirmed member go straight in (no confirmation page)."""
    client = Client()
    client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert client.get("/orgs/").status_code in (200, 403)
