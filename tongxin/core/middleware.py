"""Security headers Django does not send itself: Content-Security-Policy.

The policy is ``settings.TONGXIN_CSP`` (directive -> list of sources).  Each
request gets a fresh nonce, ``request.csp_nonce``, added to ``script-src``: a
template that really needs an inline script writes
``<script nonce="{{ request.csp_nonce }}">``.  With
``settings.TONGXIN_CSP_REPORT_ONLY`` the browser only reports violations
(development), otherwise it enforces the policy (production).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ENFORCE_HEADER = "Content-Security-Policy"
REPORT_HEADER = "Content-Security-Policy-Report-Only"


def build_policy(directives: dict[str, list[str]], nonce: str) -> str:
    """Return the header value of ``directives`` with ``nonce`` in script-src."""
    parts = []
    for name, sources in directives.items():
        values = list(sources)
        if name == "script-src":
            values.append(f"'nonce-{nonce}'")
        parts.append(" ".join([name, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    """Add the Content-Security-Policy header to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        header = (
            REPORT_HEADER
            if getattr(settings, "TONGXIN_CSP_REPORT_ONLY", False)
            else ENFORCE_HEADER
        )
        if header not in response.headers:
            response.headers[header] = build_policy(
                settings.TONGXIN_CSP, request.csp_nonce
            )
        return response
