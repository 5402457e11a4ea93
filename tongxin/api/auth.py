"""How API callers prove who they are: the browser session or a bearer token.

Every router uses ``auth``; a request is accepted when either method yields an
active user, otherwise ninja answers 401.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from tongxin.accounts.models import ApiToken
from tongxin.audit.services import audit_record
from tongxin.core.policies import user_grants

#: ``last_used_at`` is refreshed at most this often, so reads stay write-free.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


class BrowserSessionAuth(SessionAuth):
    """Accept the logged-in session; check CSRF on unsafe methods.

    Unlike ninja's ``django_auth``, the CSRF check runs only once a session
    user is found, so a script sending a bad bearer token and no cookie gets
    401 rather than a confusing CSRF 403.
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False):
            if check_csrf(request) is not None:
                raise HttpError(403, _("CSRF 校验失败，请刷新页面后重试。"))
        return user


class BearerTokenAuth(HttpBearer):
    """Accept ``Authorization: Bearer tx_...`` minted by its owner.

    A token that is revoked, expired, or whose owner is disabled or changed
    their password is refused (401). A read-only token is refused any
    method but GET/HEAD (403); a token limited to some roles acts with those
    grants only. Every use is audited with the token's name, the owner as
    actor; audit rows the request writes carry the token's name too.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        token = token.strip()
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.hash(token))
            .first()
        )
        if found is None or found.state() != "active":
            return None
        if found.read_only and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise HttpError(403, _("该接口令牌为只读令牌，不能修改数据。"))
        user = found.user
        if found.roles:
            user._tongxin_grants = [
                (role, path)
                for role, path in user_grants(user)
                if role in set(found.roles)
            ]
        request.api_token = found
        with transaction.atomic():
            audit_record(
                action="token_use",
                obj=found,
                actor=user,
                object_repr=f"{user.username}: {found.name}",
                detail={
                    "token": found.name,
                    "method": request.method,
                    "path": request.path[:200],
                },
            )
        now = timezone.now()
        if (
            found.last_used_at is None
            or now - found.last_used_at > TOKEN_TOUCH_INTERVAL
        ):
            # A bookkeeping timestamp, not a domain change: no history row wanted.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        # History rows written during this request name the token's user.
        request.user = user
        return user


auth = [BrowserSessionAuth(csrf=True), BearerTokenAuth()]
