from django.urls import path

from tongxin.audit import views

app_name = "audit"

urlpatterns: list = [
    path("", views.event_list_view, name="list"),
    path("export/", views.export_view, name="export"),
    path("verify/", views.verify_view, name="verify"),
]
