"""Small helpers shared by the participation pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tongxin.core.errors import ServiceError
from tongxin.core.forms import add_service_errors
from tongxin.participation.models import Item
from tongxin.participation.selectors import item_get

#: What a service may refuse with; views show these to the user.
REFUSALS = (ValidationError, ServiceError, PermissionDenied)

KIND_NAMES = {
    "suggestions": _lazy("建议（一人一案）"),
    "proposals": _lazy("政协提案"),
    "opinions": _lazy("社情民意信息"),
    "research": _lazy("调研课题"),
}


def item_or_404(request: HttpRequest, kind: str, pk: int) -> Item:
    try:
        return item_get(user=request.user, kind=kind, pk=pk)
    except ObjectDoesNotExist:
        raise Http404(_("事项不存在或您无权查看。")) from None


def report(request: HttpRequest, exc: Exception, form=None) -> None:
    """Show a service's refusal: on the form by field, or as a message."""
    if isinstance(exc, ValidationError):
        if form is not None:
            add_service_errors(form, exc)
            return
        for message in exc.messages:
            messages.error(request, message)
    elif isinstance(exc, ServiceError):
        if form is not None:
            form.add_error(None, exc.message)
        else:
            messages.error(request, exc.message)
    elif isinstance(exc, PermissionDenied):
        raise exc
    else:
        raise exc


def form_page(
    request, form, *, title: str, back: str, multipart: bool = False, status=200
):
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": title, "back": back, "multipart": multipart},
        status=status,
    )
