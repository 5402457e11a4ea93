from django.urls import path

from tongxin.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree_view, name="tree"),
    path("pick/", views.pick, name="pick"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/new/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/posts/new/", views.post_assign, name="post_assign"),
    path("<int:pk>/posts/<int:post_pk>/end/", views.post_end, name="post_end"),
    path("<int:pk>/departments/", views.departments, name="departments"),
]
