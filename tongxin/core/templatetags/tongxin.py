"""Small display helpers for templates: masking, code names, query strings."""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from decimal import Decimal, InvalidOperation

from django import template
from django.http import QueryDict
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext

from tongxin.core import codes, idnumber

register = template.Library()


@register.filter
def mask_id(value: str | None) -> str:
    """Show an ID number masked: ``210202********1234``."""
    return idnumber.mask_id_number(value) if value else ""


@register.filter
def mask_phone(value: str | None) -> str:
    """Show a phone number masked: ``138****5678``."""
    return idnumber.mask_phone(value) if value else ""


@register.filter
def code_name(value: str | None, table: str) -> str:
    """Return the name of a code in a code table (``ethnicity``, ``education`` ...).

    An unknown code is shown as it is, so nothing typed is hidden.
    """
    if not value:
        return ""
    return codes.TABLES[table].names.get(value, value)


@register.filter
def education_level_label(value: str | None) -> str:
    """Return the statistical level of an education code, in Chinese."""
    if not value:
        return ""
    return codes.EDUCATION_LEVEL_LABELS.get(codes.education_level(value), "")


@register.filter
def age(birth_date: dt.date | None) -> int | str:
    """Return the age in whole years today, or an empty string."""
    if not birth_date:
        return ""
    today = dt.date.today()
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


@register.filter
def year_month(value: dt.date | None) -> str:
    """Format a date as ``1975.03``, as rosters write months."""
    return f"{value:%Y.%m}" if value else ""


@register.filter
def number(value) -> str:
    """Write a number as documents do: ``2``, ``0.5``, ``49.75`` (no ``2.0``, no ``0.50``)."""
    if value is None or value == "":
        return ""
    try:
        text = f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return str(value)
    return text


@register.simple_tag(takes_context=True)
def querystring_replace(context, key: str, value: object = "") -> str:
    """Return the current query string with ``key`` set to ``value``.

    An empty value removes ``key``. Changing anything but the ``cursor``
    also drops the cursor, which belongs to one ordering and set of filters.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    if key != "cursor":
        params.pop("cursor", None)
    if value in (None, ""):
        params.pop(key, None)
    else:
        params[key] = str(value)
    return params.urlencode()


@register.filter
def display(obj, field: str) -> str:
    """The label of a choice field's value: ``{{ m|display:"gender" }}``.

    What ``get_FOO_display`` shows, without rebuilding the field's choices for
    every row (Django's method does, and translates each label to hash it):
    the labels are kept per model, field and language.
    """
    value = getattr(obj, field)
    labels = _choice_labels(type(obj), field, translation.get_language())
    return labels.get(value, value if value is not None else "")


@functools.lru_cache(maxsize=256)
def _choice_labels(model, field: str, language: str | None) -> dict:
    return {k: str(v) for k, v in model._meta.get_field(field).flatchoices}


@register.simple_tag
def org_options(orgs, selected=None, value: str = "pk", tree: bool = False) -> str:
    """The ``<option>`` elements of an organization drop-down.

    ``value``: the attribute submitted (``pk`` or ``code``); ``selected``: the
    value chosen (compared as text); ``tree``: indent each name by its depth.
    A closed organization is marked. Written in Python rather than a template
    loop: a drop-down holds up to a few hundred organizations and is on the
    busiest pages.
    """
    chosen = "" if selected is None else str(selected)
    closed = gettext("（已撤销）")
    rows = []
    for o in orgs:
        v = str(getattr(o, value))
        label = (indent(o.depth) if tree else "") + o.name
        if getattr(o, "closed_on", None):
            label += closed
        rows.append((v, " selected" if v == chosen else "", label))
    return format_html_join("", '<option value="{}"{}>{}</option>', rows)


@register.filter
def indent(depth: int | None, unit: str = "\u3000") -> str:
    """Return ``depth`` indentation units for tree-shaped ``<option>`` labels."""
    return unit * int(depth or 0)


@register.simple_tag(takes_context=True)
def policy_can(context, app: str, action: str, obj=None) -> bool:
    """Ask an app's policy whether the current user may ``action`` (on ``obj``).

    For navigation and buttons in shared templates; views pass their own
    booleans. ``app`` is the app's module name under ``tongxin`` (``orgs``).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return False
    policy = importlib.import_module(f"tongxin.{app}.policies").policy
    return policy.can(user, action, obj)


@register.simple_tag(takes_context=True)
def nav_menus(context) -> str:
    """The page frame's navigation menus (rendered once, cached: see core.navigation)."""
    from tongxin.core.navigation import nav_menus as render_menus

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return render_menus(request)
