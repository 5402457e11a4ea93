"""The audit trail in words: Chinese names for object types, detail keys and values.

An event stores what was written as the machine knows it: ``members.member``,
``{"organization": 33}``, ``{"state": "draft"}``, ``"2026-05-01T02:00:00Z"``.
People read it as 会员, the organization's name, 草稿 and a local time.

The audit app sits below the business apps, so models and workflows are found
through the app registry, never imported.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Names of the detail keys that are not fields of the audited model.
DETAIL_KEYS = {
    "via": gettext_lazy("途径"),
    "reason": gettext_lazy("原因"),
    "what": gettext_lazy("内容"),
    "format": gettext_lazy("格式"),
    "rows": gettext_lazy("行数"),
    "filters": gettext_lazy("筛选条件"),
    "period": gettext_lazy("期间"),
    "year": gettext_lazy("年度"),
    "count": gettext_lazy("数量"),
    "total": gettext_lazy("合计"),
    "reserve": gettext_lazy("后备干部"),
    "recipients": gettext_lazy("收件人数"),
    "sms": gettext_lazy("短信"),
    "email": gettext_lazy("电子邮件"),
    "queued": gettext_lazy("排队中"),
    "skipped": gettext_lazy("未发送"),
    "attendance": gettext_lazy("出勤人次"),
    "method": gettext_lazy("签到方式"),
    "attendees": gettext_lazy("学员"),
    "certificates": gettext_lazy("会员证"),
    "members": gettext_lazy("会员"),
    "user": gettext_lazy("账户"),
    "username": gettext_lazy("用户名"),
    "display_name": gettext_lazy("显示名称"),
    "name": gettext_lazy("名称"),
    "member": gettext_lazy("会员"),
    "role": gettext_lazy("角色"),
    "organization": gettext_lazy("组织"),
    "org": gettext_lazy("组织"),
    "status": gettext_lazy("状态"),
    "sort": gettext_lazy("排序"),
    "q": gettext_lazy("关键词"),
    "is_active": gettext_lazy("启用"),
    "must_change_password": gettext_lazy("须修改密码"),
    "stage": gettext_lazy("环节"),
    "failures": gettext_lazy("失败次数"),
    "field": gettext_lazy("字段"),
    "otp_reset": gettext_lazy("重置动态口令"),
    "devices": gettext_lazy("设备数"),
    "file": gettext_lazy("文件"),
    "before": gettext_lazy("此前"),
    "kind": gettext_lazy("类型"),
    "start": gettext_lazy("开始日期"),
    "end": gettext_lazy("结束日期"),
    "as_of": gettext_lazy("截至"),
    "label": gettext_lazy("名称"),
    "section": gettext_lazy("统计板块"),
    "figure": gettext_lazy("指标"),
    "clear": gettext_lazy("明文人数"),
    "masked": gettext_lazy("遮蔽人数"),
    "past_only": gettext_lazy("仅含当时信息人数"),
    "q_personal": gettext_lazy("按证件号或手机号查找"),
    "layout": gettext_lazy("版式"),
    "phone": gettext_lazy("手机号"),
    "outcome": gettext_lazy("结果"),
    "remember": gettext_lazy("记住手机"),
    "days": gettext_lazy("天数"),
    "minutes": gettext_lazy("分钟"),
    "purpose": gettext_lazy("用途"),
    "application": gettext_lazy("入会申请"),
}

#: Names of values of the detail keys above.
DETAIL_VALUES = {
    "via": {
        "web": gettext_lazy("网页"),
        "api": gettext_lazy("接口"),
        "cli": gettext_lazy("命令行"),
    },
    "what": {
        "attendance": gettext_lazy("签到表"),
        "ranking": gettext_lazy("履职积分排名"),
        "scores": gettext_lazy("基层组织考核"),
        "duty_record": gettext_lazy("履职记录"),
        "class_cards": gettext_lazy("培训班会员证"),
        "card": gettext_lazy("会员证"),
        "compilation": gettext_lazy("汇编"),
        "annual_report": gettext_lazy("年度工作报告"),
        "talent pool": gettext_lazy("代表人物队伍"),
        "admissions and training class": gettext_lazy("入会申请与培训班"),
    },
    "sort": {
        "stroke": gettext_lazy("姓氏笔画"),
        "pinyin": gettext_lazy("拼音"),
        "joined": gettext_lazy("入会日期"),
        "name": gettext_lazy("姓名"),
    },
    "stage": {
        "otp": gettext_lazy("动态口令"),
        "otp_enroll": gettext_lazy("绑定动态口令"),
    },
    "purpose": {
        "login": gettext_lazy("会员登录"),
        "join": gettext_lazy("申请入会"),
    },
    "outcome": {
        "sent": gettext_lazy("已发送"),
        "no_account": gettext_lazy("号码不能用于会员登录，未发送"),
        "gateway_error": gettext_lazy("短信网关发送失败"),
        "locked": gettext_lazy("号码已锁定"),
        "interval": gettext_lazy("获取过于频繁"),
        "rate_number": gettext_lazy("该号码每小时次数已满"),
        "rate_ip": gettext_lazy("该地址每小时次数已满"),
        "expired": gettext_lazy("验证码已过期或已失效"),
        "wrong_code": gettext_lazy("验证码错误"),
        "invalid": gettext_lazy("记住的手机无效"),
        "refused": gettext_lazy("账户不能用手机登录"),
        "ok": gettext_lazy("成功"),
    },
    "method": {
        "list": gettext_lazy("按名单签到"),
        "qr": gettext_lazy("扫码签到"),
        "walk_in": gettext_lazy("现场登记"),
        "import": gettext_lazy("补录"),
    },
    "layout": {
        "print": gettext_lazy("打印版"),
        "import": gettext_lazy("导入格式"),
    },
    "format": {
        "csv": "CSV",
        "xlsx": "Excel",
        "pdf": "PDF",
        "docx": "Word",
        "print": gettext_lazy("打印"),
    },
}


#: Object types of events about something that is not one model (an export).
OTHER_TYPES = {
    "appraisal.ranking": gettext_lazy("履职积分排名"),
    "appraisal.scores": gettext_lazy("基层组织考核"),
    "demo": gettext_lazy("演示数据"),
    "stats.drill": gettext_lazy("统计明细"),
}


def model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    """``members.member`` → 会员 (the model's verbose name)."""
    model = model_of(object_type)
    if model is None:
        return str(OTHER_TYPES.get(object_type, object_type))
    return str(model._meta.verbose_name)


def object_types() -> list[tuple[str, str]]:
    """``(app.model, name)`` of every model of the product, by name (for filters)."""
    found = [
        (model._meta.label_lower, str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("tongxin.")
        and not model.__name__.startswith("Historical")
    ]
    return sorted(found, key=lambda pair: pair[1])


def _field(model, name: str):
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def key_label(object_type: str, name: str) -> str:
    """The name of a changed field or a detail key."""
    field = _field(model_of(object_type), name)
    related = getattr(field, "related_model", None)
    unnamed = field is not None and str(
        getattr(field, "verbose_name", "")
    ) == field.name.replace("_", " ")
    if related is not None and unnamed:
        # A foreign key without a name of its own (Django made one of the
        # field's English name): name the model it points to.
        return str(related._meta.verbose_name)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    if field is not None and getattr(field, "related_model", None) is not None:
        # A reverse relation has no name of its own: name the related model.
        return str(field.related_model._meta.verbose_name)
    if name in DETAIL_KEYS:
        return str(DETAIL_KEYS[name])
    if name == "state":
        return _("状态")
    return name


@functools.lru_cache(maxsize=64)
def _state_names(workflow: str) -> dict[str, str]:
    try:
        State = apps.get_model("workflows", "State")
    except LookupError:
        return {}
    return dict(
        State.objects.filter(workflow__code=workflow).values_list("code", "name")
    )


class Reader:
    """Turns stored values into text, remembering the names it looked up."""

    def __init__(self) -> None:
        self._names: dict[tuple[type, object], str] = {}

    def related(self, model, pk) -> str:
        key = (model, pk)
        if key not in self._names:
            obj = model._default_manager.filter(pk=pk).first()
            self._names[key] = (
                str(obj) if obj is not None else _("（已删除，编号 %s）") % pk
            )
        return self._names[key]

    def value(self, object_type: str, name: str, value) -> str:
        """A changed field's value (``before``/``after``) as people read it."""
        if value is None or value == "":
            return "—"
        model = model_of(object_type)
        field = _field(model, name)
        if name == "state" and model is not None and getattr(model, "WORKFLOW", ""):
            names = _state_names(model.WORKFLOW)
            if value in names:
                return str(names[value])
        if field is not None:
            if getattr(field, "choices", None) and not isinstance(value, list | dict):
                return str(dict(field.flatchoices).get(value, value))
            if field.many_to_one or field.one_to_one:
                if isinstance(value, int) or (
                    isinstance(value, str) and value.isdigit()
                ):
                    return self.related(field.related_model, value)
        return self.plain(value, key=name, object_type=object_type)

    def plain(self, value, *, key: str = "", object_type: str = "") -> str:
        """A value of a detail entry (not a field) as text for people."""
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return _("是") if value else _("否")
        names = DETAIL_VALUES.get(key)
        if names and isinstance(value, str) and value in names:
            return str(names[value])
        if value == {} or value == []:
            return "—"
        if isinstance(value, dict):
            if "label" in value and key == "period":
                return str(value["label"])
            if "name" in value:
                return str(value["name"])
            return "，".join(
                f"{key_label(object_type, k)}：{self.value(object_type, k, v)}"
                for k, v in value.items()
            )
        if isinstance(value, list):
            if key == "members" and all(isinstance(v, int) for v in value):
                return _("%d 人") % len(value)
            return "、".join(
                self.plain(v, key=key, object_type=object_type) for v in value
            )
        if isinstance(value, str):
            return local_time(value)
        return str(value)


def local_time(text: str) -> str:
    """An ISO date-time (``…Z``, ``+00:00``) in local time; other text unchanged."""
    if "T" not in text or len(text) < 16:
        return text
    try:
        moment = parse_datetime(text)
    except ValueError:
        return text
    if moment is None:
        return text
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i:s")
