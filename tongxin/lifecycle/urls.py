from django.urls import path

from tongxin.lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("", views.applications, name="applications"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path(
        "applications/<int:pk>/scan/", views.application_scan, name="application_scan"
    ),
    path("classes/", views.classes, name="classes"),
    path("classes/new/", views.class_new, name="class_new"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/sessions/", views.class_session, name="class_session"),
    path("classes/<int:pk>/attendees/", views.class_attendees, name="class_attendees"),
    path("classes/<int:pk>/complete/", views.class_complete, name="class_complete"),
    path("classes/<int:pk>/certify/", views.class_certify, name="class_certify"),
    path("classes/<int:pk>/cards.pdf", views.class_cards, name="class_cards"),
    path("members/<int:pk>/", views.member, name="member"),
    path("members/<int:pk>/photo/", views.photo, name="photo"),
    path("members/<int:pk>/photo/upload/", views.photo_upload, name="photo_upload"),
    path(
        "members/<int:pk>/certificate/",
        views.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "certificates/<int:pk>/replace/",
        views.certificate_replace,
        name="certificate_replace",
    ),
    path(
        "certificates/<int:pk>/card.pdf",
        views.certificate_card,
        name="certificate_card",
    ),
]
