"""Choosing members in a form by searching, not from a list of every member.

A form that names members (the authors of an opinion report, a proposal's
cosigners, an applicant's introducers) used to offer every member the user
may see as an ``<option>``: 1,700 for a city committee, 40,000 for a
provincial one, each label reading the member's organization. Here the form
holds only the members chosen; a search box beside it asks
``members:pick`` for up to :data:`PICK_LIMIT` members by name, pinyin,
initials or certificate number, and a click adds one (``js/tongxin.js``).

What is posted is unchanged: the chosen members' ids under the field's name,
checked by the field against its queryset as before. Without JavaScript the
chosen members still post; the search box is the only part that needs it.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: How many members one search shows.
PICK_LIMIT = 20


def member_label(member) -> str:
    """``姓名（组织）``: what a picker shows of a member."""
    return f"{member.name}（{member.organization.name}）"


class MemberPicker(forms.SelectMultiple):
    """A search box and the chosen members, posted as a multiple select."""

    multiple = True

    def _chosen(self, value) -> list:
        ids = [int(v) for v in self.format_value(value) if str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", None)
        if not ids or queryset is None:
            return []
        found = {
            m.pk: m for m in queryset.filter(pk__in=ids).select_related("organization")
        }
        return [found[i] for i in ids if i in found]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.pop("required", None)  # the select is hidden; the server checks
        # The field's label points at the search box, where the user types.
        field_id = attrs.get("id") or f"id_{name}"
        chosen = self._chosen(value)
        options = format_html_join(
            "",
            '<option value="{}" selected>{}</option>',
            ((m.pk, member_label(m)) for m in chosen),
        )
        chips = format_html_join(
            "",
            '<li data-value="{}">{} <button type="button" class="tx-picker-remove" '
            'aria-label="{}">×</button></li>',
            ((m.pk, member_label(m), f"{_('移除')} {member_label(m)}") for m in chosen),
        )
        return format_html(
            '<div class="tx-picker" data-picker="{}" data-remove-label="{}">'
            '<select name="{}" id="{}_chosen"{} hidden class="tx-picker-select">{}</select>'
            '<ul class="tx-picker-chosen" aria-live="polite">{}</ul>'
            '<input type="search" name="_pick" id="{}" class="tx-picker-search" '
            'placeholder="{}" autocomplete="off" data-no-enter-submit '
            'hx-get="{}" hx-trigger="input changed delay:300ms, search" '
            'hx-target="next .tx-picker-results" hx-params="_pick">'
            '<div class="tx-picker-results"></div>'
            "</div>",
            "many" if self.multiple else "one",
            _("移除"),
            name,
            field_id,
            " multiple" if self.multiple else "",
            options,
            chips,
            field_id,
            gettext_lazy("输入姓名、拼音首字母或会员证号查找"),
            reverse("members:pick"),
        )

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return super().value_from_datadict(data, files, name)
        return data.get(name)


class OneMemberPicker(MemberPicker):
    """The same for a single member."""

    multiple = False
    allow_multiple_selected = False

    def format_value(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v not in (None, "")]
        return [str(value)]


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
