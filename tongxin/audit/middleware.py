"""Make the request's user and address available to ``audit_record``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tongxin.audit import context


class AuditContextMiddleware:
    """Set the audit context (user, address) for the duration of a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if request.path.startswith("/api/") else "web"
        token = context.activate(
            context.AuditContext(
                request=request, ip=context.client_ip(request), via=via
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.deactivate(token)
