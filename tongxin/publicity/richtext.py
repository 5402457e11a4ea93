"""Article bodies: HTML from the editor, sanitised with nh3 before it is stored.

`nh3 <https://nh3.readthedocs.io/>`_ (bindings to the Rust ``ammonia``
sanitiser) keeps a whitelist of tags and attributes: ``<script>`` and
``<style>`` are dropped with their content, every ``on*`` event handler and
``style`` attribute is removed, and links and images keep only ``http``,
``https`` and ``mailto`` (or relative) URLs, so ``javascript:`` never
survives.  The stored body is therefore safe to render with ``|safe``.
"""

from __future__ import annotations

import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """Return ``html`` with everything but the whitelisted markup removed."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(html: str) -> str:
    """Return the text of a (sanitised) body, without markup."""
    return " ".join(strip_tags(html or "").split())


def excerpt(html: str, length: int = 80) -> str:
    return Truncator(plain_text(html)).chars(length)
