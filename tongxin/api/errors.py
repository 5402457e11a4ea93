"""Turn errors into the API's one error shape, with Chinese messages.

``{"detail": "..."}`` for every error, plus ``"errors": {"field": ["..."]}``
for invalid input (status 422), whether the input failed the request schema
or a service's validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

#: Pydantic error types and the Chinese message for each; ``{...}`` from its ctx.
PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": _lazy("此项为必填项。"),
    "extra_forbidden": _lazy("不是可用的字段。"),
    "int_parsing": _lazy("应为整数。"),
    "int_type": _lazy("应为整数。"),
    "int_from_float": _lazy("应为整数。"),
    "float_parsing": _lazy("应为数字。"),
    "float_type": _lazy("应为数字。"),
    "bool_parsing": _lazy("应为 true 或 false。"),
    "bool_type": _lazy("应为 true 或 false。"),
    "string_type": _lazy("应为文本。"),
    "string_too_long": _lazy("不能超过 {max_length} 个字符。"),
    "string_too_short": _lazy("至少 {min_length} 个字符。"),
    "date_parsing": _lazy("日期应为 2013-12-31 这样的格式。"),
    "date_from_datetime_parsing": _lazy("日期应为 2013-12-31 这样的格式。"),
    "date_from_datetime_inexact": _lazy("日期应为 2013-12-31 这样的格式。"),
    "date_type": _lazy("日期应为 2013-12-31 这样的格式。"),
    "enum": _lazy("取值应为：{expected}。"),
    "literal_error": _lazy("取值应为：{expected}。"),
    "greater_than": _lazy("应大于 {gt}。"),
    "greater_than_equal": _lazy("应不小于 {ge}。"),
    "less_than": _lazy("应小于 {lt}。"),
    "less_than_equal": _lazy("应不大于 {le}。"),
    "json_invalid": _lazy("请求体不是有效的 JSON。"),
    "model_attributes_type": _lazy("应为 JSON 对象。"),
    "model_type": _lazy("应为 JSON 对象。"),
    "dict_type": _lazy("应为 JSON 对象。"),
    "list_type": _lazy("应为列表。"),
}


def _field_of(loc: Iterable[Any]) -> str:
    """Return the dotted field name of a ninja error location.

    Locations start with the source (``body``, ``query``, ``path``); a body
    location continues with the name of the handler's parameter, which means
    nothing to the caller and is dropped.
    """
    parts = [str(p) for p in loc]
    source, rest = (parts[0], parts[1:]) if parts else ("", [])
    if source == "body" and len(rest) > 1:
        rest = rest[1:]
    return ".".join(rest) or "__all__"


def _pydantic_message(error: Mapping[str, Any]) -> str:
    template = PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("取值无效。")
    ctx = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return str(template).format(**ctx)
    except (KeyError, IndexError):
        return str(template)


def schema_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Return ninja's request validation errors as Chinese messages by field."""
    out: dict[str, list[str]] = {}
    for error in errors:
        out.setdefault(_field_of(error.get("loc", ())), []).append(
            _pydantic_message(error)
        )
    return out


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    """Return a Django ``ValidationError`` as messages by field."""
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


def summary(errors: Mapping[str, list[str]]) -> str:
    """Return one line naming every field and what is wrong with it."""
    parts = []
    for field, messages in errors.items():
        text = "".join(messages)
        parts.append(text if field == "__all__" else f"{field}：{text}")
    return _("提交的数据有误：%s") % "；".join(parts)
