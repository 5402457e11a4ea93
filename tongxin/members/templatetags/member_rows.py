"""The rows of the member list, written in Python.

The member list is the busiest page of the product: fifty rows of nine cells
each. Rendered by a template loop, every cell is a few template nodes and each
row a URL reversal and two choice-label lookups; written here the rows cost a
fraction of that (see ``docs/performance.md``). The markup is the table's in
``members/_member_results.html``; ``data-label`` gives each cell its heading
when the table is shown as cards on a phone.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tongxin.core.templatetags.tongxin import age, code_name, display, year_month

register = template.Library()

_PK = 987654321  # a stand-in id, replaced in the reversed URL
# The cells after the name; the work unit and the post wrap.
_WRAPPED = mark_safe(' class="tx-wrap"')
WRAP = ("", "", "", _WRAPPED, _WRAPPED, "", "", "")


@register.simple_tag
def member_rows(members) -> SafeString:
    """``<tr>`` elements for ``members`` (with ``organization`` selected)."""
    url = reverse("members:detail", args=[_PK])
    labels = [
        _("性别"),
        _("年龄"),
        _("组织"),
        _("单位"),
        _("职务"),
        _("界别"),
        _("入会"),
        _("状态"),
    ]
    years = _("岁")
    past_note = _("（现已不在您的管辖范围内）")
    rows = []
    for m in members:
        born = (
            format_html(
                '{}{} <span class="tx-muted">{}</span>',
                age(m.birth_date),
                years,
                year_month(m.birth_date),
            )
            if m.birth_date
            else ""
        )
        job = " / ".join(x for x in (m.job, m.title) if x)
        badge = "tx-badge-active" if m.status == "active" else "tx-badge-inactive"
        cells = (
            display(m, "gender"),
            born,
            m.organization.name,
            m.work_unit,
            job,
            code_name(m.sector, "sector"),
            year_month(m.joined_on),
            format_html(
                '<span class="tx-badge {}">{}</span>', badge, display(m, "status")
            ),
        )
        if getattr(m, "past_only", False):
            # Now outside the user's reach: the name alone, no record to open.
            title = format_html(
                '{} <span class="tx-muted">{}</span>', m.name, past_note
            )
        else:
            title = format_html(
                '<a href="{}">{}</a>', url.replace(str(_PK), str(m.pk)), m.name
            )
        rows.append(
            format_html(
                '<tr><td class="tx-card-title">{}</td>{}</tr>',
                title,
                format_html_join(
                    "",
                    '<td data-label="{}"{}>{}</td>',
                    zip(labels, WRAP, cells, strict=True),
                ),
            )
        )
    return SafeString("\n".join(rows))
