"""Public pages (no login): ``/public/columns/<slug>/``, ``/public/articles/<id>/``."""

from django.urls import path

from tongxin.publicity import views_public

app_name = "public"

urlpatterns = [
    path("columns/<slug:slug>/", views_public.column, name="column"),
    path("articles/<int:pk>/", views_public.article, name="article"),
]
