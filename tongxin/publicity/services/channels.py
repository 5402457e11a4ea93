"""Group robots of organizations, members' WeChat binding and personal notices.

A robot's webhook must be ``https`` to a host of its kind listed in
``TONGXIN_ROBOT_HOSTS`` (``qyapi.weixin.qq.com`` for WeCom,
``oapi.dingtalk.com`` for DingTalk); anything else, internal addresses
included, is refused, so a webhook cannot be used to reach the server's own
network.  Tests add ``127.0.0.1`` to the list, and only for ``127.0.0.1`` and
``localhost`` plain ``http`` is accepted.

WeChat binding: the member asks for a link (:func:`wechat_bind_link`), a
one-time token valid for ``BIND_MAX_AGE`` seconds: the nonce stored on the
member's binding (32 hex digits, the first 8 its issue time), so it fits
WeChat's ``state`` (letters and digits, at most 128 bytes).  The link sends
the member to WeChat's web authorization with the token as ``state``;
WeChat brings them back to the callback with ``code`` and ``state``, and
:func:`wechat_bind_by_code` checks the state, exchanges the code for the
OpenID (``channels.wechat_oauth_openid``) and binds it
(:func:`wechat_bind_complete`), which stores the OpenID encrypted and clears
the nonce, so a link binds once.
"""

from __future__ import annotations

import secrets
import time
import urllib.parse

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.audit.services import audit_record
from tongxin.core.crypto import blind_index
from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.services import check_version, save_with_history
from tongxin.publicity.channels import wechat_oauth_openid
from tongxin.publicity.gateways import GatewayError
from tongxin.publicity.models import GroupRobot, WeChatBinding
from tongxin.publicity.policies import policy

BIND_MAX_AGE = 15 * 60
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})


def webhook_url_check(url: str, kind: str) -> str:
    """Return the webhook's host, or raise ValidationError saying what is wrong."""
    url = (url or "").strip()
    if not url:
        raise ValidationError({"webhook_url": _("请填写 Webhook 地址。")})
    if len(url) > 500 or any(c in url for c in "\x00\r\n\t "):
        raise ValidationError({"webhook_url": _("Webhook 地址格式不正确。")})
    try:
        parts = urllib.parse.urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as e:
        raise ValidationError({"webhook_url": _("Webhook 地址格式不正确。")}) from e
    allowed = settings.TONGXIN_ROBOT_HOSTS.get(kind, [])
    if parts.username or parts.password or host not in allowed:
        raise ValidationError(
            {
                "webhook_url": _("Webhook 地址只能指向 %(hosts)s。")
                % {"hosts": "、".join(allowed) or _("（未配置）")}
            }
        )
    if parts.scheme != "https" and not (
        parts.scheme == "http" and host in LOOPBACK_HOSTS
    ):
        raise ValidationError({"webhook_url": _("Webhook 地址必须以 https:// 开头。")})
    return host


@transaction.atomic
def robot_save(
    *,
    by,
    organization,
    kind: str,
    name: str,
    webhook_url: str,
    secret: str = "",
    active: bool = True,
    robot: GroupRobot | None = None,
) -> GroupRobot:
    """Create or change a group robot of ``organization``.

    An empty ``secret`` on a change keeps the stored one.
    """
    if not policy.can(by, "manage_robots", organization):
        raise PermissionDenied(_("您无权管理该组织的群机器人。"))
    if kind not in GroupRobot.Kind.values:
        raise ValidationError({"kind": _("请选择机器人类型。")})
    name = (name or "").strip()
    if not name or "\x00" in name:
        raise ValidationError({"name": _("请填写群名称。")})
    secret = (secret or "").strip()
    if "\x00" in secret or len(secret) > 200:
        raise ValidationError({"secret": _("加签密钥格式不正确。")})
    host = webhook_url_check(webhook_url, kind)
    if robot is None:
        robot = GroupRobot(organization=organization)
    elif not policy.can(by, "manage_robots", robot):
        raise PermissionDenied(_("您无权管理该组织的群机器人。"))
    robot.organization = organization
    robot.path = organization.path
    robot.kind, robot.name = kind, name[:50]
    robot.webhook_url, robot.webhook_host = webhook_url.strip(), host
    if secret or robot.pk is None:
        robot.secret = secret
    robot.active = active
    save_with_history(robot, by=by)
    return robot


@transaction.atomic
def robot_update(
    *,
    by,
    robot: GroupRobot,
    name: str,
    webhook_url: str = "",
    secret: str = "",
    clear_secret: bool = False,
    version: int | None = None,
) -> GroupRobot:
    """Change a robot's name, webhook and signing secret.

    An empty ``webhook_url`` or ``secret`` keeps the stored one (neither is
    ever shown again); ``clear_secret`` removes the secret.  ``version`` is
    the version the user loaded: a robot changed since is refused.  The audit
    trail records which of the hidden values changed, never the values.
    """
    robot = GroupRobot.objects.select_for_update().get(pk=robot.pk)
    if not policy.can(by, "manage_robots", robot):
        raise PermissionDenied(_("您无权管理该组织的群机器人。"))
    check_version(robot, version)
    name = (name or "").strip()
    if not name or "\x00" in name:
        raise ValidationError({"name": _("请填写群名称。")})
    if len(name) > 50:
        raise ValidationError({"name": _("群名称不能超过 50 个字符。")})
    secret = (secret or "").strip()
    if "\x00" in secret or len(secret) > 200:
        raise ValidationError({"secret": _("加签密钥格式不正确。")})
    if secret and clear_secret:
        raise ValidationError(
            {"secret": _("已选择清除加签密钥，请不要同时填写新密钥。")}
        )
    changed = []
    webhook_url = (webhook_url or "").strip()
    if webhook_url:
        host = webhook_url_check(webhook_url, robot.kind)
        if webhook_url != robot.webhook_url:
            robot.webhook_url, robot.webhook_host = webhook_url, host
            changed.append(_("Webhook 地址（%(host)s）") % {"host": host})
    if clear_secret and robot.secret:
        robot.secret = ""
        changed.append(_("清除加签密钥"))
    elif secret and secret != robot.secret:
        robot.secret = secret
        changed.append(_("更换加签密钥"))
    robot.name = name
    reason = _("修改群机器人")
    if changed:
        reason += _("：") + "、".join(changed)
    save_with_history(robot, by=by, reason=reason)
    return robot


@transaction.atomic
def robot_set_active(
    *, by, robot: GroupRobot, active: bool, version: int | None = None
) -> GroupRobot:
    """Switch a group robot on or off (``version``: as for :func:`robot_update`)."""
    robot = GroupRobot.objects.select_for_update().get(pk=robot.pk)
    if not policy.can(by, "manage_robots", robot):
        raise PermissionDenied(_("您无权管理该组织的群机器人。"))
    check_version(robot, version)
    if version is None:
        robot.version += 1
    robot.active = active
    save_with_history(robot, by=by)
    return robot


def robots_of(organization) -> list[GroupRobot]:
    """Return the active robots of ``organization`` (none if it has none)."""
    return list(
        GroupRobot.objects.filter(organization=organization, active=True).order_by("id")
    )


@transaction.atomic
def wechat_bind_link(*, by, member) -> str:
    """Return a one-time token for ``member`` (themselves) to bind their WeChat."""
    if getattr(by, "member_id", None) != member.pk:
        raise PermissionDenied(_("只能绑定本人的微信。"))
    binding, _created = WeChatBinding.objects.select_for_update().get_or_create(
        member=member
    )
    binding.nonce = f"{int(time.time()):08x}{secrets.token_hex(12)}"
    binding.save(update_fields=["nonce"])
    return binding.nonce


def _outstanding(token: str, *, lock: bool = False) -> WeChatBinding:
    """Return the binding whose link ``token`` is, or refuse it."""
    token = token or ""
    if len(token) != 32 or any(c not in "0123456789abcdef" for c in token):
        raise ValidationError({"state": _("绑定链接无效。")})
    rows = WeChatBinding.objects.select_related("member")
    if lock:
        rows = rows.select_for_update()
    binding = rows.filter(nonce=token).first()
    if binding is None:
        raise ValidationError({"state": _("绑定链接已使用或已失效，请重新获取。")})
    if int(token[:8], 16) + BIND_MAX_AGE < time.time():
        raise ValidationError({"state": _("绑定链接已过期，请重新获取。")})
    return binding


@transaction.atomic
def wechat_bind_complete(*, token: str, openid: str) -> WeChatBinding:
    """Bind ``openid`` (as WeChat vouched for it) to the member of ``token``."""
    binding = _outstanding(token, lock=True)
    openid = (openid or "").strip()
    if (
        not openid
        or len(openid) > 64
        or not openid.replace("-", "").replace("_", "").isalnum()
    ):
        raise ValidationError({"openid": _("微信返回的用户标识无效。")})
    digest = blind_index("wechat_openid", openid)
    if WeChatBinding.objects.filter(openid_hash=digest).exclude(pk=binding.pk).exists():
        raise ValidationError({"openid": _("该微信已绑定其他会员。")})
    binding.openid, binding.openid_hash = openid, digest
    binding.nonce, binding.bound_at = "", timezone.now()
    binding.save()
    audit_record(action="wechat_bound", obj=binding.member, actor=None, detail={})
    return binding


def wechat_bind_by_code(*, state: str, code: str) -> WeChatBinding:
    """Complete a binding from WeChat's callback: exchange ``code``, bind the OpenID.

    The state is checked before WeChat is asked, so a forged callback costs
    no request; WeChat's refusal (an ``errcode``) binds nothing.
    """
    _outstanding(state)
    code = (code or "").strip()
    if (
        not code
        or len(code) > 128
        or not code.replace("-", "").replace("_", "").isalnum()
    ):
        raise ValidationError({"code": _("微信未返回授权码，请重新获取绑定链接。")})
    try:
        openid = wechat_oauth_openid(code)
    except GatewayError as e:
        raise ValidationError({"code": e.reason}) from e
    return wechat_bind_complete(token=state, openid=openid)
