"""The member's own page: where a member lands instead of a roster search
that holds only themself."""

from django.test import Client


def test_a_member_lands_on_their_own_page(people, org):
    client = Client()
    client.force_login(people.member)
    landing = client.get("/", follow=True)
    assert landing.redirect_chain[-1][0] == "/members/me/"
    html = landing.content.decode()
    me = people.member_record
    assert "李晓梅" in html and "教育二支部" in html
    assert f'href="/appraisal/members/{me.pk}/record/"' in html
    assert 'href="/accounts/password/"' in html and "修改密码" in html
    assert 'href="/activities/mine/"' in html
    # The roster search is not offered to someone who sees only themself.
    assert client.get("/members/").url == "/members/me/"


def test_staff_keep_the_roster_and_an_account_without_member_goes_there(people):
    staff = Client()
    staff.force_login(people.staff)
    assert staff.get("/members/").status_code == 200
    assert staff.get("/members/me/").url == "/members/"
