from django.urls import path

from tongxin.publicity import views

app_name = "publicity"

urlpatterns = [
    path("broadcasts/", views.broadcast_list, name="broadcast_list"),
    path("broadcasts/new/", views.broadcast_create, name="broadcast_create"),
    path("broadcasts/<int:pk>/", views.broadcast_detail, name="broadcast_detail"),
    path(
        "broadcasts/<int:pk>/progress/",
        views.broadcast_progress,
        name="broadcast_progress",
    ),
    path("broadcasts/<int:pk>/retry/", views.broadcast_retry, name="broadcast_retry"),
    path("sms/receipts/", views.sms_receipt, name="sms_receipt"),
    path("preferences/", views.my_preferences, name="my_preferences"),
    path("subscriptions/", views.subscription_list, name="subscription_list"),
    path("subscriptions/set/", views.subscription_set, name="subscription_set"),
]
