"""How every page shows a service's refusal.

Services refuse with ``ValidationError`` (by field), ``ServiceError`` (a state
that forbids the action, version conflicts included) or ``PermissionDenied``;
a view catches ``REFUSALS`` and calls :func:`report`, so a refusal reads the
same on every page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tongxin.core.errors import ServiceError
from tongxin.core.forms import add_service_errors

#: What a service may refuse with; views show these to the user.
REFUSALS = (ValidationError, ServiceError, PermissionDenied)


def report(request: HttpRequest, exc: Exception, form=None) -> None:
    """Show a service's refusal: on the form by field, or as a message."""
    if isinstance(exc, ValidationError):
        if form is not None:
            add_service_errors(form, exc)
            return
        for message in exc.messages:
            messages.error(request, message)
    elif isinstance(exc, ServiceError):
        messages.error(request, exc.message)
    elif isinstance(exc, PermissionDenied):
        messages.error(request, str(exc) or _("您没有权限执行此操作。"))
    else:
        raise exc
