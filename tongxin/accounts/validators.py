"""Password rules beyond Django's own validators (等保 2.0: complexity).

Django's validators cover length, similarity to the user's attributes, common
passwords and all-digit passwords; these add the character classes and an
explicit "does not contain the user name" rule.
"""

from __future__ import annotations

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The four classes of characters a password draws from.
CHARACTER_CLASSES = (
    ("lower", lambda c: c in string.ascii_lowercase),
    ("upper", lambda c: c in string.ascii_uppercase),
    ("digit", lambda c: c.isdigit()),
    ("symbol", lambda c: not c.isalnum() and not c.isspace()),
)


def character_classes(password: str) -> set[str]:
    """Return the names of the character classes ``password`` uses."""
    return {name for name, test in CHARACTER_CLASSES if any(map(test, password))}


class CharacterClassValidator:
    """Require ``min_classes`` of lower case, upper case, digits and symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(
                _(
                    "密码须包含小写字母、大写字母、数字和符号这四类中的至少 "
                    "%(min)d 类。"
                ),
                code="password_too_simple",
                params={"min": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _(
            "密码须包含小写字母、大写字母、数字和符号这四类中的至少 %(min)d 类。"
        ) % {"min": self.min_classes}


class UsernameInPasswordValidator:
    """Refuse a password that contains the user name (ignoring case).

    User names shorter than ``min_length`` are not checked: a two-letter name
    would forbid too many good passwords and protects nothing.
    """

    def __init__(self, min_length: int = 3):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        username = (getattr(user, "username", "") or "").casefold()
        if len(username) >= self.min_length and username in password.casefold():
            raise ValidationError(
                _("密码不能包含用户名。"), code="password_contains_username"
            )

    def get_help_text(self) -> str:
        return _("密码不能包含用户名。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message (Django's own is untranslated)."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("密码至少需要 %(min_length)d 个字符。") % {
            "min_length": self.min_length
        }


class UserAttributeSimilarityValidator(
    password_validation.UserAttributeSimilarityValidator
):
    """Django's similarity rule; its help text says 您 like the rest."""

    def get_help_text(self) -> str:
        return _("密码不能与您的其他个人信息太相似。")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's common-password rule; its help text says 您 like the rest."""

    def get_help_text(self) -> str:
        return _("密码不能是常用密码。")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    """Django's all-digits rule; its help text says 您 like the rest."""

    def get_help_text(self) -> str:
        return _("密码不能全是数字。")
