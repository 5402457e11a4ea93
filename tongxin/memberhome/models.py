"""会员之家: members' sign-in by SMS code and remembered phones.

No phone number is stored here, neither in clear nor encrypted: a number is
kept only as its keyed hash (``blind_index("mobile", …)``, the same hash the
member registry looks mobiles up by), and a code only as a keyed HMAC.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SmsCode(models.Model):
    """A one-time sign-in code sent (or, for an unknown number, not sent).

    A row is written for every accepted request, known number or not, so the
    limits per number and per address answer the same for both.
    """

    phone_digest = models.CharField(max_length=64, db_index=True, editable=False)
    #: HMAC of the code (``services.code_hash``); never the code itself.
    code_hash = models.CharField(max_length=64, editable=False)
    #: The account the code signs in; empty for a number no member may use.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("地址"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("发送时间"), db_index=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("短信验证码 %(at)s") % {"at": f"{self.created_at:%Y-%m-%d %H:%M}"})


class SmsFailure(models.Model):
    """A wrong code entered for a number; counted until a lock or a sign-in."""

    phone_digest = models.CharField(max_length=64, db_index=True, editable=False)
    ip = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"))
    #: False once the failure led to a lock or was followed by a sign-in.
    counted = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("验证码错误")
        verbose_name_plural = _("验证码错误")

    def __str__(self) -> str:
        return str(_("验证码错误 %(at)s") % {"at": f"{self.at:%Y-%m-%d %H:%M}"})


class SmsLock(models.Model):
    """A number locked out of SMS sign-in until ``until``."""

    phone_digest = models.CharField(max_length=64, db_index=True, editable=False)
    at = models.DateTimeField(_("锁定时间"))
    until = models.DateTimeField(_("锁定至"))

    class Meta:
        verbose_name = _("短信登录锁定")
        verbose_name_plural = _("短信登录锁定")

    def __str__(self) -> str:
        return str(_("锁定至 %(until)s") % {"until": f"{self.until:%Y-%m-%d %H:%M}"})


class RememberedPhone(models.Model):
    """A phone a member chose to remember on one device, revocable.

    The device holds a signed, httponly cookie with a random token; the row
    holds the token's digest and the number's keyed hash, so a sign-in with it
    stops working when the row is revoked, expires, or the member's mobile in
    the registry changes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        related_name="remembered_phones",
    )
    phone_digest = models.CharField(max_length=64, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    #: ``1*********8``: enough for the member to recognise the number.
    phone_mask = models.CharField(_("手机号"), max_length=20)
    created_at = models.DateTimeField(_("记住时间"))
    expires_at = models.DateTimeField(_("有效期至"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("记住的手机")
        verbose_name_plural = _("记住的手机")

    def __str__(self) -> str:
        return self.phone_mask
