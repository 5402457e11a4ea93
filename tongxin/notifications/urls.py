from django.urls import path

from tongxin.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("read/", views.mark_all_read, name="read"),
]
