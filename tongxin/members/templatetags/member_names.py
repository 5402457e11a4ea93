"""``candidate_label``: a namesake as ``members/_name_choices.html`` offers it."""

from django import template

from tongxin.members.names import candidate_label as _label

register = template.Library()


@register.filter
def candidate_label(member) -> str:
    return _label(member)
