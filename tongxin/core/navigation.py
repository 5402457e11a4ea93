"""The navigation menus of the page frame, rendered once and kept in the cache.

Every signed-in page shows the same menus for the same user: which entries
appear depends only on what the policies answer for that user, and which one
is marked current on the page's URL name.  Rendering them (twenty policy
checks, twenty URL reversals, a few hundred template nodes) was most of the
cost of a light page, so they are rendered once per user, *access version*,
language and page, and kept in Django's cache.

The access version is a digest of everything the menu's policy checks read:
the user's grants with their organizations' paths (grants on closed
organizations do not count), the superuser and active flags, and the linked
member record (present, active, where).  A grant given or revoked, an
organization closed or moved, a member link made or a member withdrawn each
give a new version, so the next request renders the menus anew; an entry made
under an old version is never read again and expires.  Nothing has to be
forgotten by hand, and no cache shared between server processes is needed for
the menus to be right.  The grants themselves are read once per request
anyway (the login policy asks whether the user needs a second factor), and
kept on the user object for the request (``core.policies.user_grants``).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tongxin.core.policies import user_grants

NAV_TEMPLATE = "includes/nav_menus.html"
#: How long a rendered menu is kept (seconds); versions make it right, this
#: only bounds how long an unused one occupies the cache.
NAV_CACHE_SECONDS = 6 * 3600
NAV_CACHE_PREFIX = "tx:nav"


def access_version(user) -> str:
    """Return a digest of what the navigation's policy checks read for ``user``."""
    parts: list = [
        user.pk,
        bool(user.is_superuser),
        bool(user.is_active),
        sorted(user_grants(user)),
    ]
    if getattr(user, "member_id", None):
        member = user.member
        parts.append((member.pk, member.is_active, member.org_path))
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def nav_cache_key(request: HttpRequest) -> str:
    app, page = _app_page(request)
    return ":".join(
        (
            NAV_CACHE_PREFIX,
            str(request.user.pk),
            access_version(request.user),
            get_language() or "",
            app,
            page,
        )
    )


def nav_menus(request: HttpRequest) -> SafeString:
    """Return the menus' HTML for the signed-in user of ``request``."""
    key = nav_cache_key(request)
    html = cache.get(key)
    if html is None:
        app, page = _app_page(request)
        html = render_to_string(
            NAV_TEMPLATE, {"app": app, "page": page}, request=request
        )
        cache.set(key, html, NAV_CACHE_SECONDS)
    return mark_safe(html)  # our own template's output, escaped when rendered


def _app_page(request: HttpRequest) -> tuple[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", ""
    return match.app_name or "", match.url_name or ""
