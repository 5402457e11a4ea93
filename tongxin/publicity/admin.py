"""Read-only admin views of the publicity records; every write goes through the services."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.publicity.models import (
    Broadcast,
    ChannelPreference,
    Delivery,
    Subscription,
)


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "organization",
        "send_sms",
        "send_email",
        "status",
        "created_at",
    ]
    list_filter = ["status"]
    raw_id_fields = ["organization", "event", "created_by"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "broadcast",
        "member",
        "channel",
        "address_masked",
        "status",
        "reason",
    ]
    list_filter = ["channel", "status"]
    raw_id_fields = ["broadcast", "member"]


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["member", "sms_opt_out", "email_opt_out", "updated_at"]
    raw_id_fields = ["member"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["organization", "year", "copies", "note"]
    list_filter = ["year"]
    raw_id_fields = ["organization"]
