"""Deployment checks: no default or shared accounts in production (等保 2.0).

Run by ``tongxin check --deploy``; each finding is a warning naming the
accounts and what to do. The superuser is for bootstrapping only: create the
three administrators with ``tongxin bootstrap-admins``, then disable it.
"""

from __future__ import annotations

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.db.models import Q
from django.utils.translation import gettext as _

#: The accounts ``tongxin demo`` creates (their names are public knowledge).
DEMO_USERNAMES = ("admin", "zuzhibu", "zhuwei", "zhibu", "huiyuan", "xinhuiyuan")
#: The password ``tongxin demo`` gives them (printed on every demo start).
DEMO_PASSWORD = "Tongxin@2026"
#: How many privileged accounts the demo-password check hashes at most
#: (each check costs one password hash, about 0.3 s).
PASSWORD_CHECK_LIMIT = 200


def _names(users) -> str:
    return "、".join(u.username for u in users)


@register(Tags.security, deploy=True)
def check_default_accounts(app_configs=None, **kwargs) -> list[Warning]:
    """Warn about active superusers, demo accounts and the demo password."""
    from tongxin.accounts.models import User

    try:
        return list(_findings(User, DEMO_PASSWORD))
    except DatabaseError as e:
        return [
            Warning(
                _("无法检查默认账户：数据库不可用（%s）。") % e,
                hint=_("先执行 tongxin migrate，再运行 tongxin check --deploy。"),
                id="accounts.W000",
            )
        ]


def _findings(User, demo_password: str):
    from tongxin.accounts.models import Role

    active = User.objects.filter(is_active=True).order_by("username")
    supers = list(active.filter(is_superuser=True))
    if supers:
        yield Warning(
            _("存在启用的超级用户：%s。") % _names(supers),
            hint=_(
                "超级用户只用于初始化：用 tongxin bootstrap-admins 建立系统、安全、"
                "审计三个管理员后，停用超级用户。"
            ),
            id="accounts.W001",
        )
    demo = list(active.filter(username__in=DEMO_USERNAMES))
    if demo:
        yield Warning(
            _("存在演示账户：%s。") % _names(demo),
            hint=_("生产环境不能有默认或共用账户；请停用或删除这些账户。"),
            id="accounts.W002",
        )
    staff_roles = [r for r in Role.values if r != Role.MEMBER]
    privileged = (
        active.filter(
            Q(is_superuser=True)
            | Q(username__in=DEMO_USERNAMES)
            | Q(grants__role__in=staff_roles)
        )
        .exclude(password__startswith="!")
        .distinct()[:PASSWORD_CHECK_LIMIT]
    )
    mixed = _mixed_duties(User)
    if mixed:
        yield Warning(
            _("以下账户兼有互斥的职责（三员分立）：%s。") % "、".join(mixed),
            hint=_(
                "系统、安全、审计管理员、超级用户和可查看个人信息的业务角色，"
                "一个账户只能担任其一；请由安全管理员收回多余的授权。"
            ),
            id="accounts.W004",
        )
    weak = [u for u in privileged if u.check_password(demo_password)]
    if weak:
        yield Warning(
            _("以下账户仍使用演示密码：%s。") % _names(weak),
            hint=_("由系统管理员重置这些账户的密码（用户登录后须修改）。"),
            id="accounts.W003",
        )


def _mixed_duties(User) -> list[str]:
    """Return the names of active accounts holding two exclusive duties.

    Grants made before the rules (or written around the services) are found
    here; ``grant_role`` refuses new ones.
    """
    from tongxin.accounts.models import ADMIN_ROLES, Grant

    rows = Grant.objects.filter(user__is_active=True).values_list(
        "user__username", "role", "user__is_superuser"
    )
    duties: dict[str, set[str]] = {}
    for username, role, is_super in rows:
        held = duties.setdefault(username, {"superuser"} if is_super else set())
        held.add(role if role in ADMIN_ROLES else "business")
    return sorted(u for u, held in duties.items() if len(held) > 1)
