from django.urls import path

from tongxin.participation.views import items, other

app_name = "participation"

KIND = "<slug:kind>"

urlpatterns = [
    path("", items.home, name="home"),
    path("drives/", other.drive_list, name="drive_list"),
    path("drives/new/", other.drive_create, name="drive_create"),
    path("sessions/", other.session_list, name="session_list"),
    path("sessions/new/", other.session_create, name="session_create"),
    path("coverage/", other.coverage, name="coverage"),
    path("stats/", other.stats, name="stats"),
    path("stats/export/", other.stats_export, name="stats_export"),
    path("compile/", other.compile_view, name="compile"),
    path("suggestions/<int:pk>/to-proposal/", other.suggestion_convert, name="convert"),
    path("proposals/<int:pk>/units/", other.unit_add, name="unit_add"),
    path("proposals/<int:pk>/awards/", other.award_add, name="award_add"),
    path("opinions/<int:pk>/adoptions/", other.adoption_add, name="adoption_add"),
    path(
        "opinions/<int:pk>/instructions/", other.instruction_add, name="instruction_add"
    ),
    path(f"{KIND}/", items.item_list, name="list"),
    path(f"{KIND}/new/", items.item_create, name="create"),
    path(f"{KIND}/<int:pk>/", items.item_detail, name="detail"),
    path(f"{KIND}/<int:pk>/edit/", items.item_edit, name="edit"),
    path(
        f"{KIND}/<int:pk>/do/<slug:action>/", items.item_transition, name="transition"
    ),
    path(f"{KIND}/<int:pk>/attachments/", items.attachment_add, name="attachment_add"),
    path(
        f"{KIND}/<int:pk>/attachments/<int:attachment_id>/",
        items.attachment_download,
        name="attachment",
    ),
]
