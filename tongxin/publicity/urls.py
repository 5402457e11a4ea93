from django.urls import path

from tongxin.publicity import views, views_articles, views_channels

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
    path("robots/", views_channels.robot_list, name="robot_list"),
    path("robots/<int:pk>/edit/", views_channels.robot_edit, name="robot_edit"),
    path("robots/<int:pk>/toggle/", views_channels.robot_toggle, name="robot_toggle"),
    path("wechat/", views_channels.wechat_bind, name="wechat_bind"),
    path("wechat/callback/", views_channels.wechat_callback, name="wechat_callback"),
    path("subscriptions/", views.subscription_list, name="subscription_list"),
    path("subscriptions/set/", views.subscription_set, name="subscription_set"),
    path("articles/", views_articles.article_list, name="article_list"),
    path("articles/new/", views_articles.article_create, name="article_create"),
    path("articles/counts/", views_articles.article_counts, name="article_counts"),
    path("articles/<int:pk>/", views_articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views_articles.article_edit, name="article_edit"),
    path(
        "articles/<int:pk>/transition/",
        views_articles.article_transition,
        name="article_transition",
    ),
    path(
        "articles/<int:pk>/publish/",
        views_articles.article_publish,
        name="article_publish",
    ),
    path("columns/", views_articles.column_list, name="column_list"),
    path("issues/", views_articles.issue_list, name="issue_list"),
    path("issues/<int:pk>/", views_articles.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/move/", views_articles.issue_move, name="issue_move"),
    path("issues/<int:pk>/export/", views_articles.issue_export, name="issue_export"),
]
