"""Form widgets that choose records by searching instead of listing them all.

A ``<select>`` listing every record the user may choose grows with the
committee: 1,700 members or 100 organizations for a city committee, 200,000
members and 10,000 organizations for a national association. A picker holds
only the records chosen, in a hidden ``<select>``, beside a search box that
asks a ``pick`` endpoint for a few matches (htmx); a click adds one, a × takes
one away (``js/tongxin.js``). What is posted is what a ``<select>`` posts —
the chosen ids under the field's name — and the field checks them against its
queryset as before. Subclasses say where to search and how to label a record.

History is recorded with its real date: a picker given the name of its form's
date field (``date_field``) sends that field's value with each search, so the
search offers the records of that day -- a member who has since left, an
organization since closed -- instead of today's.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.forms.utils import flatatt
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

#: How many records one search shows.
PICK_LIMIT = 20


def pick_day(request) -> dt.date | None:
    """The day a picker searches on: the form's date field named by ``_on``.

    ``None`` (today's records) without one, or for a value that is not a date
    or lies in the future.
    """
    name = (request.GET.get("_on") or "").strip()
    # A field's name, with its form's prefix if any (``reserve-start_on``).
    if not name or not name.replace("-", "_").isidentifier():
        return None
    try:
        # A date field, or the day of a date-time one (2024-03-01T14:00).
        day = dt.date.fromisoformat((request.GET.get(name) or "").strip()[:10])
    except ValueError:
        return None
    from django.utils import timezone

    return day if day < timezone.localdate() else None


def pick_response(request, search, label):
    """Answer a picker's search box (``?_pick=text``) with buttons to add.

    ``search(user=, text=, limit=, on=)`` is the app's user-scoped selector
    (``on``: the day of the records offered, see :func:`pick_day`);
    ``label(obj)`` what the picker shows of a record.
    """
    text = (request.GET.get("_pick") or "").strip()[:50]
    found = search(user=request.user, text=text, limit=PICK_LIMIT, on=pick_day(request))
    return render(
        request,
        "includes/pick_results.html",
        {
            "text": text,
            "found": [(o, label(o)) for o in found],
            "more": len(found) == PICK_LIMIT,
            "limit": PICK_LIMIT,
        },
    )


class SearchPicker(forms.SelectMultiple):
    """Several records, chosen by searching; subclasses set the endpoint."""

    multiple = True
    pick_url_name = ""  # the view answering ``?_pick=text`` with buttons
    placeholder = ""
    related: tuple[str, ...] = ()  # select_related for the labels
    #: The name of the form's date field whose day the search offers records of.
    date_field = ""

    def __init__(self, attrs=None, choices=(), *, date_field: str = ""):
        super().__init__(attrs, choices)
        if date_field:
            self.date_field = date_field

    def search_attrs(self):
        """The htmx attributes of the search box: where it asks, with what."""
        url = reverse(self.pick_url_name)
        if not self.date_field:
            return format_html('hx-get="{}" hx-params="_pick"', url)
        return format_html(
            'hx-get="{}?{}" hx-params="_pick,{}" hx-include="[name=\'{}\']"',
            url,
            urlencode({"_on": self.date_field}),
            self.date_field,
            self.date_field,
        )

    def label(self, obj) -> str:
        return str(obj)

    def chosen(self, value) -> list:
        ids = [int(v) for v in self.format_value(value) if str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", None)
        if not ids or queryset is None:
            return []
        rows = queryset.filter(pk__in=ids)
        if self.related:
            rows = rows.select_related(*self.related)
        found = {o.pk: o for o in rows}
        return [found[i] for i in ids if i in found]

    def render(self, name, value, attrs=None, renderer=None):
        return self.render_picker(name, value, attrs)

    def render_picker(self, name, value, attrs=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs.pop("required", None)  # the select is hidden; the server checks
        # The field's label points at the search box, where the user types.
        field_id = attrs.get("id") or f"id_{name}"
        chosen = [(o.pk, self.label(o)) for o in self.chosen(value)]
        options = format_html_join(
            "", '<option value="{}" selected>{}</option>', chosen
        )
        chips = format_html_join(
            "",
            '<li data-value="{}">{} <button type="button" class="tx-picker-remove" '
            'aria-label="{}">×</button></li>',
            ((pk, label, f"{_('移除')} {label}") for pk, label in chosen),
        )
        return format_html(
            '<div class="tx-picker" data-picker="{}" data-remove-label="{}">'
            '<select name="{}" id="{}_chosen"{} hidden class="tx-picker-select">{}</select>'
            '<ul class="tx-picker-chosen" aria-live="polite">{}</ul>'
            '<input type="search" name="_pick" id="{}" class="tx-picker-search" '
            'placeholder="{}" autocomplete="off" data-no-enter-submit '
            '{} hx-trigger="input changed delay:300ms, search" '
            'hx-target="next .tx-picker-results">'
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
            self.placeholder,
            self.search_attrs(),
        )

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return super().value_from_datadict(data, files, name)
        return data.get(name)


class BoundedSelectMixin:
    """A plain ``<select>`` while the choices are few, a picker beyond.

    A city committee picks among a hundred organizations from a drop-down; a
    national association's ten thousand are searched. The options are written
    in Python (a few hundred through the template engine cost milliseconds).
    """

    select_limit = 300

    def render(self, name, value, attrs=None, renderer=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None and (
            queryset.order_by()[: self.select_limit + 1].count() > self.select_limit
        ):
            return self.render_picker(name, value, attrs)
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (v, " selected" if str(v) in chosen else "", label)
                for v, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe(" multiple") if self.multiple else "",
            options,
        )


class OneSearchPicker(SearchPicker):
    """One record, chosen by searching."""

    multiple = False
    allow_multiple_selected = False

    def format_value(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v not in (None, "")]
        return [str(value)]
