from django.urls import path

from tongxin.talent import views

app_name = "talent"

urlpatterns = [
    path("", views.index, name="index"),
    path("reserve/", views.reserve, name="reserve"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/add/<slug:kind>/", views.add, name="add"),
    path("recommendations/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("reserve/<int:pk>/review/", views.reserve_review, name="reserve_review"),
]
