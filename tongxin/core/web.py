"""How every page shows a service's refusal, and the form page of one write.

Services refuse with ``ValidationError`` (by field), ``ServiceError`` (a state
that forbids the action, version conflicts included) or ``PermissionDenied``;
a view catches ``REFUSALS`` and calls :func:`report`, so a refusal reads the
same on every page.  :func:`form_page` is the whole GET/POST round of a page
whose form is one service call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tongxin.core.errors import ConflictError, ServiceError
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


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    template: str,
    save: Callable[[dict], Any],
    done: Callable[[Any], str],
    then: Callable[[Any], Any],
    context: dict | None = None,
    reload: Callable[[], forms.Form] | None = None,
) -> HttpResponse:
    """Render ``form`` on ``template``; on a POST that validates, write.

    ``save(cleaned_data)`` calls the service.  A ``ValidationError`` goes on the
    form by field, a ``ServiceError`` becomes an error message and the form is
    shown again (with ``reload``, a version conflict shows a fresh form of the
    current values instead); ``PermissionDenied`` is left to the 403 page.  On
    success the message ``done(result)`` is added and the browser redirected
    to ``then(result)`` (a model, a URL or a URL name with no arguments).
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        except ConflictError as e:
            messages.error(request, e.message)
            if reload is not None:
                form = reload()
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, done(result))
            return redirect(then(result))
    return render(request, template, {"form": form, **(context or {})})
