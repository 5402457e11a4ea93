"""The Django admin shows no secret and no personal field in clear."""

from django.test import Client

from tests.accounts.support import confirmed_device, login_verified


def test_no_totp_seed_in_the_admin(root, admins):
    device = confirmed_device(admins.sys)
    client = login_verified(Client(), root)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    response = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert response.status_code == 404
    assert device.key not in client.get("/admin/").content.decode()


def test_no_clear_id_or_mobile_on_the_member_admin(root, people):
    from tongxin.members.models import Member
    from tongxin.members.services import member_update

    member = people.member_record
    Member.objects.filter(pk=member.pk)
    client = login_verified(Client(), root)
    member = Member.objects.get(pk=member.pk)
    for url in (
        f"/admin/members/member/{member.pk}/change/",
        f"/admin/members/member/{member.pk}/history/",
        "/admin/members/member/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert member.id_number not in body and member.id_number[6:14] not in body
    del member_update


def test_the_user_admin_cannot_make_superusers_nor_link_members(root, people):
    client = login_verified(Client(), root)
    url = f"/admin/accounts/user/{people.outsider.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    assert 'name="member"' not in page.content.decode()
    client.post(
        url,
        {
            "username": "outsider",
            "is_superuser": "on",
            "member": people.member_record.pk,
            "is_active": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    people.outsider.refresh_from_db()
    assert not people.outsider.is_superuser and people.outsider.member is None
