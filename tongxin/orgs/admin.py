from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.orgs.models import Department, Organization, Post


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "path", "founded_on", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "organization"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["organization", "title", "member", "start_on", "end_on"]
    raw_id_fields = ["member", "organization"]
