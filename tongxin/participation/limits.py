"""Length limits the bodies set for titles and texts, checked by the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Longest title of any item (characters).
TITLE_MAX = 60
#: Longest text by kind (characters): a proposal's text is at most 3,000
#: characters at the city conference, an opinion report 1,500.
TEXT_MAX = {
    "suggestions": 3000,
    "proposals": 3000,
    "opinions": 1500,
    "research": 5000,
}
REPLY_MAX = 10000
REASON_MAX = 1000


def check_length(field: str, label: str, value: str, limit: int) -> None:
    """Refuse ``value`` longer than ``limit`` characters, saying the limit.

    A NUL character is refused too: PostgreSQL cannot store it.
    """
    if "\x00" in (value or ""):
        raise ValidationError(
            {field: _("%s含有无效的空字符（\\0），请重新输入。") % label}
        )
    n = len(value or "")
    if n > limit:
        raise ValidationError(
            {
                field: _("%(label)s不能超过 %(limit)s 字（现为 %(n)s 字）。")
                % {"label": label, "limit": limit, "n": n}
            }
        )


def check_item_text(kind: str, title: str, text: str) -> None:
    if not (title or "").strip():
        raise ValidationError({"title": _("请填写标题。")})
    check_length("title", _("标题"), title.strip(), TITLE_MAX)
    check_length("text", _("正文"), text or "", TEXT_MAX[kind])


def check_texts(**fields: tuple[str, str, int]) -> None:
    """Check several ``field=(label, value, limit)`` at once."""
    for field, (label, value, limit) in fields.items():
        check_length(field, label, value or "", limit)
