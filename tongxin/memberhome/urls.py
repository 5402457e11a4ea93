from django.urls import path

from tongxin.memberhome import views

app_name = "memberhome"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<int:pk>/signup/", views.signup, name="signup"),
    path("events/<int:pk>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("qr/", views.checkin_qr, name="qr"),
    path("branch-head/<int:pk>/phone/", views.head_phone, name="head_phone"),
    path("details/", views.details, name="details"),
    path("suggest/", views.suggest, name="suggest"),
    path("login/", views.login_start, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("login/phone/", views.phone_login, name="phone_login"),
    path("forget-phone/", views.forget_phone, name="forget_phone"),
    path("text-size/", views.text_size, name="text_size"),
]

urlpatterns += [
    path("join/", views.join_start, name="join"),
    path("join/code/", views.join_code, name="join_code"),
    path("join/apply/", views.join_apply, name="join_apply"),
    path("join/status/<str:token>/", views.join_status, name="join_status"),
    path(
        "introductions/<int:pk>/<str:action>/",
        views.introduction_act,
        name="introduction_act",
    ),
]
