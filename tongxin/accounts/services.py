"""Every write to users and grants."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.accounts.models import ADMIN_ROLES, ApiToken, Grant, Role, User
from tongxin.accounts.policies import policy
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.core.policies import forget_grants


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    password: str | None,
    display_name: str = "",
    member=None,
    email: str = "",
) -> User:
    """Create a login; with ``by=None`` only from trusted code (demo, commands)."""
    if by is not None and not (
        getattr(by, "is_superuser", False) or policy.can(by, "manage_users")
    ):
        raise PermissionDenied(_("您没有权限管理账户。"))
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("用户名“%s”已存在。") % username})
    user = User(
        username=username, display_name=display_name, member=member, email=email
    )
    if password:
        from django.contrib.auth.password_validation import validate_password

        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def grant_role(*, by, user: User, role: str, organization) -> Grant:
    """Grant ``role`` on ``organization``'s subtree to ``user``.

    No account may hold two of the administrator roles.
    """
    if by is not None and not (
        getattr(by, "is_superuser", False) or policy.can(by, "grant", organization)
    ):
        raise PermissionDenied(_("您没有权限授予权限。"))
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色：%s") % role})
    if role in ADMIN_ROLES:
        held = set(
            Grant.objects.filter(user=user, role__in=ADMIN_ROLES).values_list(
                "role", flat=True
            )
        )
        if held - {role}:
            raise ServiceError(
                _("三员分立：该账户已是%s，不能再兼任%s。")
                % (
                    "、".join(str(Role(r).label) for r in held),
                    Role(role).label,
                )
            )
    grant, created = Grant.objects.get_or_create(
        user=user,
        role=role,
        organization=organization,
        defaults={"granted_by": by if getattr(by, "pk", None) else None},
    )
    forget_grants(user)
    return grant


@transaction.atomic
def grant_revoke(*, by, grant: Grant) -> None:
    if by is not None and not (
        getattr(by, "is_superuser", False)
        or policy.can(by, "grant", grant.organization)
    ):
        raise PermissionDenied(_("您没有权限收回权限。"))
    grant._history_user = by
    grant.delete()
    forget_grants(grant.user)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a bearer token for ``user``; the raw token is returned only once."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.hash(raw))
    return token, raw
