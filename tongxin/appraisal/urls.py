from django.urls import path

from tongxin.appraisal import views

app_name = "appraisal"

urlpatterns = [
    path("", views.index, name="index"),
    path("members/<int:pk>/record/", views.record, name="record"),
    path("members/<int:pk>/record/export/", views.record_export, name="record_export"),
    path("ranking/", views.ranking_view, name="ranking"),
    path("ranking/export/", views.ranking_export, name="ranking_export"),
    path("scores/", views.scores_view, name="scores"),
    path("scores/export/", views.scores_export, name="scores_export"),
    path("rules/", views.rule_list_view, name="rules"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
]
