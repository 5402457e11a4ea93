"""The audit trail: one append-only row per security-relevant event.

Each row carries ``hash = sha256(prev_hash + canonical JSON of its fields)``,
chaining it to the row before; ``tongxin audit-verify`` walks the chain.  Rows
are never updated or deleted: the model refuses it and database triggers
(migration ``0002``) refuse it even to raw SQL.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: ``prev_hash`` of the first row of the chain.
GENESIS = "0" * 64


class Action(models.TextChoices):
    """The shared vocabulary of audited actions."""

    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账户锁定")
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    REVEAL = "reveal", _("查看明文")
    REVEAL_REFUSED = "reveal_refused", _("拒绝查看明文")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    GRANT = "grant", _("授权")
    REVOKE = "revoke", _("收回授权")
    USER_CREATE = "user_create", _("创建账户")
    USER_UPDATE = "user_update", _("修改账户")
    USER_DISABLE = "user_disable", _("停用账户")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_RESET = "password_reset", _("重置密码")
    OTP_ENROLL = "otp_enroll", _("绑定动态口令")
    BACKUP = "backup", _("备份")
    RESTORE = "restore", _("恢复")
    KEY_ROTATE = "key_rotate", _("轮换密钥")
    BROADCAST = "broadcast", _("群发")
    BROADCAST_RETRY = "broadcast_retry", _("群发重试")
    TOKEN_USE = "token_use", _("使用接口令牌")
    TOKEN_REVOKE = "token_revoke", _("撤销接口令牌")
    RESET_REQUEST = "reset_request", _("申请重置管理员凭据")
    RESET_DECIDE = "reset_decide", _("审批重置管理员凭据")
    LOGIN_AFTER_RESET = "login_after_reset", _("凭据重置后首次登录")
    LINK_PROPOSE = "link_propose", _("提出关联会员")
    LINK_CONFIRM = "link_confirm", _("确认关联会员")
    LINK_REFUSE = "link_refuse", _("否认关联会员")
    SMS_CODE = "sms_code", _("获取短信验证码")
    SMS_LOGIN = "sms_login", _("短信验证码登录")
    SMS_LOGIN_FAILED = "sms_login_failed", _("短信验证码登录失败")
    SMS_LOCKOUT = "sms_lockout", _("短信登录锁定")
    PHONE_REMEMBER = "phone_remember", _("记住手机")
    PHONE_LOGIN = "phone_login", _("记住的手机一键登录")
    PHONE_FORGET = "phone_forget", _("不再记住手机")
    JOIN_APPLY = "join_apply", _("网上申请入会")
    JOIN_INTRODUCER = "join_introducer", _("入会介绍人未能匹配")
    ADMISSION_SMS = "admission_sms", _("入会进度短信")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One audited event, chained to the previous one by its hash."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint and no ON DELETE action: deleting a user must not
    # rewrite audit rows (the triggers refuse UPDATE), and the id stays part of
    # the hashed record.  ``actor_name`` keeps the name readable afterwards.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=24, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor_name"], name="audit_actor_name"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")

    @property
    def action_label(self) -> str:
        try:
            return str(Action(self.action).label)
        except ValueError:
            return self.action

    def canonical(self) -> str:
        """Return the canonical JSON of the hashed fields (not id, not hash)."""
        return canonical_json({name: getattr(self, name) for name in HASHED_FIELDS})

    def compute_hash(self) -> str:
        """Return sha256(prev_hash + canonical JSON) as hex."""
        return chain_hash(
            self.prev_hash, {name: getattr(self, name) for name in HASHED_FIELDS}
        )


#: The fields a row's hash covers, besides ``prev_hash``.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "detail",
)


def chain_hash(prev_hash: str, fields: dict) -> str:
    """Return sha256(prev_hash + canonical JSON of ``fields``) as hex."""
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode()).hexdigest()


def canonical_json(fields: dict) -> str:
    """Serialise ``fields`` deterministically (sorted keys, no spaces, UTF-8).

    ``at`` is written in UTC with microseconds, as both databases store it.
    """
    data = dict(fields)
    at = data.get("at")
    if at is not None and not isinstance(at, str):
        data["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ChainCheck(models.Model):
    """The outcome of one full walk of the hash chain (``chain.verify_chain``).

    The verify page shows the latest one with its time instead of walking the
    whole trail on every view, and checks only the rows appended since onto
    the head it recorded.
    """

    at = models.DateTimeField(_("校验时间"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("校验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ok = models.BooleanField(_("完整"))
    count = models.PositiveBigIntegerField(_("完好记录数"))
    head = models.CharField(max_length=64)
    #: The id of the last row walked when intact (the next walk starts after it).
    last_id = models.BigIntegerField(default=0)
    broken_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("审计链校验")
        verbose_name_plural = _("审计链校验")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {'ok' if self.ok else self.broken_id}"

    def report(self):
        from tongxin.audit.chainreport import ChainReport

        return ChainReport(self.ok, self.count, self.head, self.broken_id, self.reason)
