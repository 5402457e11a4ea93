"""Read-only admin view of the point rules (edit them on the rules page)."""

from django.contrib import admin

from tongxin.appraisal.models import PointRule
from tongxin.core.admin import ReadOnlyAdmin


@admin.register(PointRule)
class PointRuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "scheme", "measure", "points", "cap", "active"]
    list_filter = ["scheme", "active"]
