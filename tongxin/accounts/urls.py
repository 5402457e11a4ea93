from django.contrib.auth import views as auth_views
from django.urls import path

from tongxin.accounts import views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("otp/", views.otp, name="otp"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/disable/", views.user_disable, name="user_disable"),
    path("users/<int:pk>/enable/", views.user_enable, name="user_enable"),
    path(
        "users/<int:pk>/reset-password/",
        views.user_reset_password,
        name="user_reset_password",
    ),
    path("users/<int:pk>/reset-otp/", views.user_reset_otp, name="user_reset_otp"),
    path("users/<int:pk>/tokens/", views.user_token_create, name="user_token_create"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/all/", views.all_tokens_view, name="all_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("resets/", views.resets, name="resets"),
    path("resets/<int:pk>/approve/", views.reset_approve, name="reset_approve"),
    path("resets/<int:pk>/refuse/", views.reset_refuse, name="reset_refuse"),
    path("member-accounts/", views.links, name="links"),
    path(
        "member-accounts/new/",
        views.member_account_create,
        name="member_account_create",
    ),
    path(
        "member-accounts/bulk/", views.member_accounts_bulk, name="member_accounts_bulk"
    ),
    path(
        "member-accounts/<int:pk>/confirm-in-person/",
        views.link_confirm_in_person,
        name="link_confirm_in_person",
    ),
    path("confirm-member/", views.link_confirm, name="link_confirm"),
    path("grants/", views.grants, name="grants"),
    path("grants/new/", views.grant_create, name="grant_create"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
]
