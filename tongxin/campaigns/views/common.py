"""Small helpers shared by the campaign pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tongxin.campaigns.policies import policy
from tongxin.core import web
from tongxin.core.web import REFUSALS, report
from tongxin.orgs.selectors import org_list

__all__ = ["REFUSALS", "form_errors", "form_page", "managed", "report", "require_any"]


def managed(request: HttpRequest, action: str, *, include_closed: bool = False):
    """Return the open organizations where the user may ``action`` (and those
    closed since, for a fact entered with its date)."""
    return org_list(user=request.user, include_closed=include_closed).filter(
        policy.scope_q(request.user, action, field="path")
    )


def require_any(request: HttpRequest, action: str) -> None:
    if not policy.scopes(request.user, action):
        raise PermissionDenied(_("您没有权限执行此操作。"))


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    back: str,
    save: Callable[[dict], Any],
    done: Callable[[Any], str],
    then: Callable[[Any], Any],
    multipart: bool = False,
) -> HttpResponse:
    """The GET/POST round of a campaign page whose form is one service call
    (:func:`tongxin.core.web.form_page`), on the shared ``campaigns/form.html``."""
    return web.form_page(
        request,
        form,
        template="campaigns/form.html",
        context={"title": title, "back": back, "multipart": multipart},
        save=save,
        done=done,
        then=then,
    )


def form_errors(request: HttpRequest, form) -> None:
    """Show a small inline form's errors as messages (after a redirect)."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
