from django.urls import path

from tongxin.members import change_views, roster_views, views

app_name = "members"

urlpatterns: list = [
    # Registry pages (web UI).
    path("", views.member_list_view, name="list"),
    path("me/", views.me, name="me"),
    path("new/", views.create, name="create"),
    path("pick/", views.pick, name="pick"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/public-posts/new/", views.public_post_add, name="public_post_add"),
    path(
        "<int:pk>/public-posts/<int:post_pk>/end/",
        views.public_post_end,
        name="public_post_end",
    ),
    # Members' change requests (change_views.py).
    path("changes/", change_views.change_request_list_view, name="change_requests"),
    path(
        "changes/<int:pk>/", change_views.change_request_detail, name="change_request"
    ),
    path(
        "changes/<int:pk>/confirm/",
        change_views.change_request_confirm,
        name="change_request_confirm",
    ),
    path(
        "changes/<int:pk>/return/",
        change_views.change_request_return,
        name="change_request_return",
    ),
    # End of registry pages.
    # Roster import and export (roster_views.py).
    path("import/", roster_views.roster_import_view, name="import"),
    path("import/commit/", roster_views.roster_import_commit, name="import_commit"),
    path(
        "import/template/", roster_views.roster_import_template, name="import_template"
    ),
    path("export/", roster_views.roster_export_view, name="export"),
    path("export/print/", roster_views.roster_print_view, name="export_print"),
    # End of roster import and export.
]
