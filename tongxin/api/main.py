"""The REST API under ``/api/v1/``: the assembly of every app's router (``<app>/api.py``).

OpenAPI at ``/api/v1/openapi.json``.

Every error has one shape, ``{"detail": "..."}``, with ``"errors"`` by field
for invalid input: 400 a refused request, 401 not logged in, 403 not allowed,
404 missing or outside the user's reach (the two are never told apart), 409 a
stale ``version``, 422 invalid input.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.renderers import JSONRenderer

from tongxin.accounts import api as accounts
from tongxin.activities import api as activities
from tongxin.api import errors
from tongxin.api.auth import auth
from tongxin.api.openapi import TongxinNinjaAPI
from tongxin.appraisal import api as appraisal
from tongxin.audit import api as audit
from tongxin.campaigns import api as campaigns
from tongxin.core.errors import ConflictError, ServiceError
from tongxin.honors import api as honors
from tongxin.ledger import api as ledger
from tongxin.lifecycle import api as lifecycle
from tongxin.members import api as members
from tongxin.members import api_changes as member_changes
from tongxin.members.roster import api as roster
from tongxin.notifications import api as notifications
from tongxin.orgs import api as orgs
from tongxin.participation import api as participation
from tongxin.publicity import api as publicity
from tongxin.reports import api as reports
from tongxin.stats import api as stats
from tongxin.talent import api as talent


class ChineseJSONRenderer(JSONRenderer):
    """Write Chinese text as UTF-8 rather than ``\\uXXXX`` escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = TongxinNinjaAPI(
    title="Tongxin API",
    version="1",
    description=(
        "同心工作平台接口。用浏览器登录会话（写操作需带 X-CSRFToken 头）或"
        "“Authorization: Bearer <令牌>”认证；令牌用 `tongxin create-api-token` 生成。"
    ),
    urls_namespace="api",
    docs_url="/docs",
    renderer=ChineseJSONRenderer(),
    # Every operation needs a user; routers may only narrow this further.
    auth=auth,
)
api.add_router("/orgs", orgs.router)
api.add_router("/members/change-requests", member_changes.router)
api.add_router("/members", members.router)
api.add_router("/roster", roster.router)
api.add_router("/activities", activities.router)
api.add_router("/honors", honors.router)
api.add_router("/campaigns", campaigns.router)
api.add_router("/notifications", notifications.router)
api.add_router("/talent", talent.router)
api.add_router("/lifecycle", lifecycle.router)
api.add_router("/participation", participation.router)
api.add_router("/audit", audit.router)
api.add_router("/accounts", accounts.router)
api.add_router("/publicity", publicity.router)
api.add_router("/stats", stats.router)
api.add_router("/appraisal", appraisal.router)
api.add_router("/reports", reports.router)
api.add_router("/ledger", ledger.router)


def _not_found(request: HttpRequest) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("对象不存在或您无权查看。")}, status=404
    )


@api.exception_handler(SchemaValidationError)
def on_schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    fields = errors.schema_errors(exc.errors)
    return api.create_response(
        request, {"detail": errors.summary(fields), "errors": fields}, status=422
    )


@api.exception_handler(DjangoValidationError)
def on_validation_error(
    request: HttpRequest, exc: DjangoValidationError
) -> HttpResponse:
    fields = errors.validation_errors(exc)
    return api.create_response(
        request, {"detail": errors.summary(fields), "errors": fields}, status=422
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("您没有权限执行此操作。")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return _not_found(request)


@api.exception_handler(Http404)
def on_http404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _not_found(request)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=400)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("请先登录，或在 Authorization 头中提供有效的接口令牌。")},
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = exc.message
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        # ninja's own message for a body that is not valid JSON.
        detail = _("请求体不是有效的 JSON。")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
