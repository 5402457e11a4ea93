"""Choosing members by searching: the pick endpoint and the picker widgets."""

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.members.models import Member
from tongxin.members.pickers import MemberChoiceField, MembersChoiceField
from tongxin.members.services import member_leave


def test_pick_finds_active_members_in_the_users_scope(
    org, people, make_member, client, root
):
    inside = make_member(org.edu1, "王建国")
    make_member(org.direct, "王建军")  # outside the branch head's subtree
    gone = make_member(org.edu1, "王建设")
    member_leave(by=root, member=gone, status="withdrawn", on=gone.joined_on)
    client.force_login(people.head)  # head of 教育一支部
    body = client.get(reverse("members:pick"), {"_pick": "王建"}).content.decode()
    assert f'data-value="{inside.pk}"' in body
    assert 'data-label="王建国（教育一支部）"' in body
    assert "王建军" not in body and "王建设" not in body
    by_initials = client.get(reverse("members:pick"), {"_pick": "wjg"})
    assert f'data-value="{inside.pk}"' in by_initials.content.decode()
    none = client.get(reverse("members:pick"), {"_pick": "赵钱孙"}).content.decode()
    assert "没有找到“赵钱孙”" in none
    assert client.get(reverse("members:pick")).content.decode().strip() == ""


def test_pick_needs_a_login_and_shows_a_member_only_themselves(
    org, people, make_member, client
):
    make_member(org.edu2, "李晓明")
    assert client.get(reverse("members:pick"), {"_pick": "李"}).status_code == 302
    client.force_login(people.member)  # 李晓梅, a plain member
    body = client.get(reverse("members:pick"), {"_pick": "李晓"}).content.decode()
    assert "李晓梅" in body and "李晓明" not in body


def test_pick_lists_at_most_twenty(org, people, make_member, client):
    for i in range(23):
        make_member(org.edu1, f"张{'一二三四五六七八九十'[i % 10]}{i}")
    client.force_login(people.staff)
    body = client.get(reverse("members:pick"), {"_pick": "张"}).content.decode()
    assert body.count("tx-picker-add") == 20
    assert "只列出前 20 名" in body


class _Form(forms.Form):
    one = MemberChoiceField(queryset=Member.objects.none(), required=False)
    many = MembersChoiceField(queryset=Member.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["one"].queryset = Member.objects.all()
        self.fields["many"].queryset = Member.objects.all()


def test_the_widget_holds_only_the_chosen_members(org, make_member):
    members = [make_member(org.edu1, f"赵{n}") for n in "甲乙丙丁戊己庚辛"]
    form = _Form({"one": str(members[0].pk), "many": [members[1].pk, members[2].pk]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == members[0]
    assert list(form.cleaned_data["many"]) == [members[1], members[2]]
    with CaptureQueriesContext(connection) as queries:
        html = str(form["many"]) + str(form["one"])
    assert len(queries) == 2  # one query per field, whatever the committee's size
    assert html.count("<option") == 3
    assert (
        f'<option value="{members[1].pk}" selected>赵乙（教育一支部）</option>' in html
    )
    assert 'name="many" id="id_many_chosen" multiple hidden' in html
    assert 'name="one" id="id_one_chosen" hidden' in html
    assert 'id="id_many" class="tx-picker-search"' in html  # the label's target
    assert "赵丁" not in html


def test_a_member_outside_the_queryset_is_refused(org, make_member):
    inside, outside = make_member(org.edu1, "钱内"), make_member(org.direct, "钱外")
    form = _Form({"many": [inside.pk, outside.pk]})
    form.fields["many"].queryset = Member.objects.filter(organization=org.edu1)
    assert not form.is_valid()
    assert "many" in form.errors
    html = str(form["many"])  # the refused choice is not shown as chosen
    assert "钱内" in html and "钱外" not in html
