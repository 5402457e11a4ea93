from django.urls import path

from tongxin.honors import views

app_name = "honors"

urlpatterns = [
    path("", views.honor_list_view, name="list"),
    path("new/", views.honor_create, name="create"),
    path("stats/", views.honor_stats, name="stats"),
    path("<int:pk>/", views.honor_detail, name="detail"),
    path("<int:pk>/edit/", views.honor_edit, name="edit"),
    path("<int:pk>/recipients/", views.recipients_add, name="recipients_add"),
    path(
        "<int:pk>/recipients/<int:recipient_pk>/remove/",
        views.recipient_remove,
        name="recipient_remove",
    ),
    path("<int:pk>/files/", views.file_add, name="file_add"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file_download"),
]
