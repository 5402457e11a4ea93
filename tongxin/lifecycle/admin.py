"""Read-only admin views of the lifecycle records; every write goes through the services."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.lifecycle.models import Application, Certificate, TrainingClass


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "applied_on", "status"]
    list_filter = ["status"]
    exclude = ["id_number"]
    raw_id_fields = ["organization", "introducer_1", "introducer_2", "member"]


@admin.register(TrainingClass)
class TrainingClassAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "start_on", "end_on"]
    raw_id_fields = ["organization"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "member", "issued_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["member", "training_class", "replaces"]
