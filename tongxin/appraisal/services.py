"""Every write of the appraisal app: the point and score rules.

Rules are committee-wide data; only the organization department and the
office holding a grant on the committee change them
(:meth:`AppraisalPolicy.can_manage_rules`).  Each change is saved with
history and audited (:func:`tongxin.core.services.save_with_history`); a
change from a stale form is refused (``version``).  Rules are switched off,
never deleted, so past figures can be recomputed with the rules' history.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.appraisal import measures
from tongxin.appraisal.models import Measure, PointRule, Scheme
from tongxin.appraisal.policies import policy
from tongxin.core.errors import PermissionDenied, ValidationError
from tongxin.core.services import check_version, save_with_history
from tongxin.core.text import clean_cell

MAX_POINTS = Decimal("1000")


def _require(by) -> None:
    if not policy.can_manage_rules(by):
        raise PermissionDenied(_("只有市委会组织部或办公室可以修改积分规则。"))


def _decimal(value, field: str, errors: dict, *, allow_none: bool = False):
    if value in (None, "") and allow_none:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[field] = _("“%(value)s”不是数字。") % {"value": value}
        return None
    if not number.is_finite():
        errors[field] = _("“%(value)s”不是数字。") % {"value": value}
        return None
    return number


def _check(rule: PointRule, points, cap) -> None:
    errors: dict[str, str] = {}
    rule.name = clean_cell(rule.name)
    if not rule.name:
        errors["name"] = _("请填写规则名称。")
    if rule.measure not in Measure.values:
        errors["measure"] = _("计分依据无效，请从列表中选择。")
    elif measures.scheme_of(rule.measure) != rule.scheme:
        errors["measure"] = _("“%(measure)s”不适用于%(scheme)s。") % {
            "measure": Measure(rule.measure).label,
            "scheme": Scheme(rule.scheme).label,
        }
    points = _decimal(points, "points", errors)
    cap = _decimal(cap, "cap", errors, allow_none=True)
    if points is not None:
        if points == 0:
            errors["points"] = _("每单位分值不能为 0；不再计分的规则请停用。")
        elif abs(points) > MAX_POINTS:
            errors["points"] = _("每单位分值应在 -1000 到 1000 之间。")
        elif points != points.quantize(Decimal("0.01")):
            errors["points"] = _("每单位分值最多保留两位小数。")
    if cap is not None and (cap <= 0 or cap > MAX_POINTS * 10):
        errors["cap"] = _("分值上限应大于 0 且不超过 10000（不设上限请留空）。")
    if errors:
        raise ValidationError(errors)
    rule.points = points
    rule.cap = cap


@transaction.atomic
def rule_update(
    *,
    by,
    rule: PointRule,
    name: str,
    points,
    cap=None,
    active: bool = True,
    version: int | None = None,
) -> PointRule:
    """Change a rule's name, points per unit, cap or whether it is in force."""
    _require(by)
    rule = PointRule.objects.select_for_update().get(pk=rule.pk)
    check_version(rule, version)
    rule.name = name
    rule.active = bool(active)
    _check(rule, points, cap)
    save_with_history(rule, by=by, reason=_("修改积分规则"))
    return rule


@transaction.atomic
def rule_create(
    *,
    by,
    scheme: str,
    code: str,
    name: str,
    measure: str,
    points,
    cap=None,
) -> PointRule:
    """Add a rule (for instance a second, capped rule on the same measure)."""
    _require(by)
    if scheme not in Scheme.values:
        raise ValidationError({"scheme": _("适用范围无效。")})
    # Control characters (a NUL byte) never reach the database.
    code = clean_cell(code)
    if not code:
        raise ValidationError({"code": _("请填写规则代码。")})
    if PointRule.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("规则代码“%(code)s”已存在。") % {"code": code}}
        )
    last = PointRule.objects.filter(scheme=scheme).order_by("-sort_order").first()
    rule = PointRule(
        scheme=scheme,
        code=code,
        name=name,
        measure=measure,
        active=True,
        sort_order=(last.sort_order + 1) if last else 0,
    )
    _check(rule, points, cap)
    save_with_history(rule, by=by, reason=_("新增积分规则"))
    return rule
