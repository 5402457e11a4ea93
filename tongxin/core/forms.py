"""Form fields and helpers every app's pages share: dates, versions, texts, refusals."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """An ``<input type=date>`` that renders ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """Return a date field with a Chinese message naming the expected format."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"],
        error_messages={
            "invalid": format_lazy(
                _("{label}应为有效日期，如 2013-12-31。"), label=label
            ),
            "required": format_lazy(_("请填写{label}。"), label=label),
        },
    )


def required_messages(label) -> dict:
    """Return error messages naming the missing field."""
    return {"required": format_lazy(_("请填写{label}。"), label=label)}


class VersionField(forms.IntegerField):
    """The version of the record the user loaded, sent back as a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("缺少记录版本，请刷新页面后重试。"),
                "invalid": _("记录版本无效，请刷新页面后重试。"),
                "min_value": _("记录版本无效，请刷新页面后重试。"),
            },
        )
        super().__init__(**kwargs)


def text_field(
    label, *, max_length: int, required: bool = False, **kwargs
) -> forms.CharField:
    """Return a text field whose messages name the field and its limit."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            **required_messages(label),
            "max_length": format_lazy(
                _("{label}不能超过 {n} 个字符。"), label=label, n=max_length
            ),
        },
        **kwargs,
    )


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form, field by field.

    Errors about fields the form does not have become form-wide errors, so no
    message is lost.
    """
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            if target is None and field not in ("__all__", None):
                label = _field_label(field)
                message = f"{label}：{message}" if label else message
            form.add_error(target, message)


#: Apps whose field names label a service's errors first.
LABEL_APPS = ("orgs", "members")


def _field_label(name: str) -> str:
    """Return the Chinese name of a model field a service error mentions.

    The organization's and the member's fields come first (the registry's
    words), then every other installed model's, in ``INSTALLED_APPS`` order.
    """
    first = [m for label in LABEL_APPS for m in apps.get_app_config(label).get_models()]
    rest = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("tongxin.") and m not in first
    ]
    for model in first + rest:
        try:
            label = getattr(model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            continue
        if label:  # a reverse relation has none
            return str(label)
    return ""
