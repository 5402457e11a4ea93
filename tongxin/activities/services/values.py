"""Parse the values services accept as people type them: money, hours, counts, times."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core.text import to_halfwidth


def parse_decimal(
    value,
    *,
    field: str,
    label: str,
    places: int,
    max_digits: int,
    example: str,
    positive: bool = False,
) -> Decimal:
    """Return ``value`` as a Decimal, or raise ``ValidationError`` on ``field``.

    Accepts numbers and text such as ``"1,200.50"`` or ``"１２００"``; refuses
    text that is not a number, ``NaN``/infinity, negative numbers (and zero when
    ``positive``), more than ``places`` decimals and more than ``max_digits``.
    """
    expected = _("%(label)s应为不小于 0 的数字，如 %(example)s。")
    if positive:
        expected = _("%(label)s应为大于 0 的数字，如 %(example)s。")
    message = expected % {"label": label, "example": example}
    if value is None or isinstance(value, bool):
        raise ValidationError({field: message})
    if isinstance(value, float):
        value = repr(value)
    text = to_halfwidth(str(value)).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError({field: message}) from None
    if not number.is_finite():
        raise ValidationError({field: message})
    if number < 0:
        raise ValidationError({field: _("%s不能为负数。") % label})
    if positive and number == 0:
        raise ValidationError({field: message})
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError(
            {
                field: _("%(label)s最多保留 %(n)d 位小数。")
                % {"label": label, "n": places}
            }
        )
    if number >= Decimal(10) ** (max_digits - places):
        raise ValidationError({field: _("%s数额过大，请核对。") % label})
    return number.quantize(Decimal(1).scaleb(-places))


def parse_money(value, *, field: str, label: str, positive: bool = False) -> Decimal:
    """Return an amount of yuan (two decimals)."""
    return parse_decimal(
        value,
        field=field,
        label=label,
        places=2,
        max_digits=12,
        example="1200.50",
        positive=positive,
    )


def parse_hours(value, *, field: str, label: str | None = None) -> Decimal:
    """Return a number of hours (one decimal)."""
    return parse_decimal(
        value,
        field=field,
        label=label or _("服务时长"),
        places=1,
        max_digits=6,
        example="2.5",
    )


def parse_count(value, *, field: str, label: str) -> int:
    """Return a whole number of people or items, not negative."""
    message = _("%s应为不小于 0 的整数。") % label
    if value is None or isinstance(value, bool):
        raise ValidationError({field: message})
    if isinstance(value, int):
        number = value
    else:
        text = to_halfwidth(str(value)).strip()
        if not text.lstrip("-").isdigit():
            raise ValidationError({field: message})
        number = int(text)
    if number < 0:
        raise ValidationError({field: _("%s不能为负数。") % label})
    if number > 10_000_000:
        raise ValidationError({field: _("%s过大，请核对。") % label})
    return number


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """Return ``value`` as an aware datetime (naive ones are local time)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value
