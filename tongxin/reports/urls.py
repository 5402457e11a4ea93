from django.urls import path

from tongxin.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("annual.docx", views.annual_docx, name="annual_docx"),
    path("annual.xlsx", views.annual_xlsx, name="annual_xlsx"),
    path("texts/", views.texts, name="texts"),
]
