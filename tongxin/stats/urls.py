from django.urls import path

from tongxin.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("structure/", views.structure, name="structure"),
    path("structure/export/", views.structure_export, name="structure_export"),
    path("drill/<slug:section>/<path:key>/", views.drill, name="drill"),
]
