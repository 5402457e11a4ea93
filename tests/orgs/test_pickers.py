"""Choosing organizations: a drop-down for a small scope, a search box beyond."""

from django import forms
from django.urls import reverse

from tongxin.orgs.forms import OrgChoiceField
from tongxin.orgs.models import Organization
from tongxin.orgs.pickers import OrgSelect, OrgSelectMultiple


class _Form(forms.Form):
    one = OrgChoiceField(queryset=Organization.objects.all())
    many = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.all(), required=False, widget=OrgSelectMultiple
    )


def test_a_small_scope_is_a_drop_down_with_the_tree(org):
    form = _Form(initial={"one": org.edu1.pk, "many": [org.edu.pk, org.direct.pk]})
    one, many = str(form["one"]), str(form["many"])
    assert one.startswith('<select name="one"') and "required" in one
    assert (
        f'<option value="{org.edu1.pk}" selected>\u3000\u3000教育一支部</option>' in one
    )
    assert '<option value="">---------</option>' in one
    assert one.count("<option") == Organization.objects.count() + 1
    assert "multiple" in many and many.count(" selected") == 2
    assert "tx-picker" not in one + many


def test_a_large_scope_is_a_search_box_holding_the_chosen(org, monkeypatch):
    monkeypatch.setattr(OrgSelect, "select_limit", 3)
    monkeypatch.setattr(OrgSelectMultiple, "select_limit", 3)
    form = _Form(initial={"one": org.edu1.pk, "many": [org.edu.pk]})
    one, many = str(form["one"]), str(form["many"])
    assert 'class="tx-picker"' in one and 'data-picker="one"' in one
    assert one.count("<option") == 1
    assert f'<option value="{org.edu1.pk}" selected>教育一支部（G1B1）</option>' in one
    assert 'hx-get="/orgs/pick/"' in one and 'id="id_one"' in one
    assert 'data-picker="many"' in many and many.count("<option") == 1
    bound = _Form({"one": str(org.edu2.pk), "many": [str(org.direct.pk)]})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["one"] == org.edu2
    assert list(bound.cleaned_data["many"]) == [org.direct]


def test_pick_searches_names_and_codes_within_the_scope(org, people, client):
    client.force_login(people.head)  # head of 教育一支部
    body = client.get(reverse("orgs:pick"), {"_pick": "教育"}).content.decode()
    assert f'data-value="{org.edu1.pk}"' in body
    assert 'data-label="教育一支部（G1B1）"' in body
    assert "教育二支部" not in body  # outside the head's subtree
    client.force_login(people.staff)
    body = client.get(reverse("orgs:pick"), {"_pick": "g1b2"}).content.decode()
    assert f'data-value="{org.edu2.pk}"' in body
    assert (
        "没有找到"
        in client.get(reverse("orgs:pick"), {"_pick": "无此组织"}).content.decode()
    )
