"""Small helpers shared by the activity pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tongxin.activities.policies import policy
from tongxin.core.errors import ServiceError
from tongxin.orgs.forms import add_service_errors
from tongxin.orgs.selectors import org_list


def managed_orgs(request: HttpRequest, action: str):
    """Return the open organizations where the user may ``action``."""
    return org_list(user=request.user).filter(
        policy.scope_q(request.user, action, field="path")
    )


def require_somewhere(request: HttpRequest, action: str) -> None:
    """Refuse unless the user may ``action`` in some subtree."""
    if not policy.scopes(request.user, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


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


#: What a service may refuse with; views show these to the user.
REFUSALS = (ValidationError, ServiceError, PermissionDenied)
