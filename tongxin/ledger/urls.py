from django.urls import path

from tongxin.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.ledger_import_view, name="import"),
    path("commit/", views.ledger_commit_view, name="commit"),
    path("<slug:kind>/template/", views.ledger_template_view, name="template"),
]
