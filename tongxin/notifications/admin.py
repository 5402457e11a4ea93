from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    raw_id_fields = ["user"]
