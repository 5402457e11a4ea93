"""The sections the secretary writes (存在的问题, 下一年工作思路): read and save.

Kept per scope (its organization paths) and period; whoever may download the
report of a scope may write its texts.  Saving is audited.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.audit.services import audit_record
from tongxin.core.errors import PermissionDenied
from tongxin.core.periods import Period
from tongxin.reports.models import ReportText
from tongxin.reports.policies import policy
from tongxin.stats.scope import Scope

#: The written sections, in the report's order: (field, heading).
SECTIONS = (
    ("problems", gettext_lazy("存在的问题")),
    ("plans", gettext_lazy("下一年工作思路")),
)


def scope_key(scope: Scope) -> str:
    return ",".join(sorted(scope.paths))


def report_text_get(*, scope: Scope, period: Period) -> ReportText | None:
    """The texts written for ``scope`` and ``period``, or ``None``.

    The caller has resolved ``scope`` for its user (``stats.selectors.choose``).
    """
    return ReportText.objects.filter(
        scope_key=scope_key(scope), start=period.start, end=period.end
    ).first()


def report_texts(*, scope: Scope, period: Period) -> dict[str, str]:
    """``{"problems": ..., "plans": ...}``: empty strings when nothing is written."""
    text = report_text_get(scope=scope, period=period)
    return {field: (getattr(text, field) if text else "") for field, _h in SECTIONS}


#: Control characters a text never holds (all of C0 but tab and line feed).
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def _plain(text: str | None) -> str:
    """The text as kept: Windows line ends made plain, control characters
    (a NUL, which PostgreSQL refuses, among them) dropped."""
    return (text or "").replace("\r\n", "\n").translate(_CONTROL).strip()


@transaction.atomic
def report_text_save(
    *, by, scope: Scope, period: Period, problems: str, plans: str
) -> ReportText:
    """Write the report's own sections for ``scope`` and ``period``.

    ``scope`` is one the user chose within reach (``stats.selectors.choose``);
    the user must be allowed to download reports.
    """
    if not policy.scopes(by, "export_stats"):
        raise PermissionDenied(_("您没有权限编写工作报告。"))
    text = ReportText.objects.select_for_update().filter(
        scope_key=scope_key(scope), start=period.start, end=period.end
    ).first() or ReportText(
        scope_key=scope_key(scope), start=period.start, end=period.end
    )
    before = {"problems": text.problems, "plans": text.plans}
    created = text.pk is None
    text.problems = _plain(problems)
    text.plans = _plain(plans)
    text.updated_by = by
    text.full_clean()
    text.save()
    audit_record(
        action="create" if created else "update",
        obj=text,
        object_repr=_("%(scope)s%(label)s工作报告")
        % {
            "scope": scope.title,
            "label": period.label,
        },
        actor=by,
        detail={
            "before": {} if created else before,
            "after": {"problems": text.problems, "plans": text.plans},
        },
    )
    return text
