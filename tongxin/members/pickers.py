"""Choosing members in a form by searching (see :mod:`tongxin.core.pickers`).

The authors of an opinion report, a proposal's member and cosigners, an
applicant's introducers, an article's authors: the form holds the members
chosen and searches ``members:pick`` (name, pinyin, initials or certificate
number) for more, instead of listing every member the user may see.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from tongxin.core.pickers import OneSearchPicker, SearchPicker


def member_label(member) -> str:
    """``姓名（组织）``: what a picker shows of a member."""
    return f"{member.name}（{member.organization.name}）"


class MemberPicker(SearchPicker):
    pick_url_name = "members:pick"
    placeholder = gettext_lazy("输入姓名、拼音首字母或会员证号查找")
    related = ("organization",)

    def label(self, obj) -> str:
        return member_label(obj)


class OneMemberPicker(OneSearchPicker, MemberPicker):
    """One member, chosen by searching."""


class MemberChoiceField(forms.ModelChoiceField):
    """One member, chosen by searching."""

    widget = OneMemberPicker

    def label_from_instance(self, obj) -> str:
        return member_label(obj)


class MembersChoiceField(forms.ModelMultipleChoiceField):
    """Several members, chosen by searching."""

    widget = MemberPicker

    def label_from_instance(self, obj) -> str:
        return member_label(obj)
