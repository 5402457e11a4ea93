"""The project's URL map: the web UI per app, the API and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from tongxin.api.main import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="members:list"), name="home"),
    path("accounts/", include("tongxin.accounts.urls")),
    path("orgs/", include("tongxin.orgs.urls")),
    path("members/", include("tongxin.members.urls")),
    path("audit/", include("tongxin.audit.urls")),
    path("activities/", include("tongxin.activities.urls")),
    path("honors/", include("tongxin.honors.urls")),
    path("campaigns/", include("tongxin.campaigns.urls")),
    path("notifications/", include("tongxin.notifications.urls")),
    path("talent/", include("tongxin.talent.urls")),
    path("lifecycle/", include("tongxin.lifecycle.urls")),
    path("participation/", include("tongxin.participation.urls")),
    path("publicity/", include("tongxin.publicity.urls")),
    path("stats/", include("tongxin.stats.urls")),
    path("m/", include("tongxin.memberhome.urls")),
    path("public/", include("tongxin.publicity.public_urls")),
    path("appraisal/", include("tongxin.appraisal.urls")),
    path("reports/", include("tongxin.reports.urls")),
    path("ledger/", include("tongxin.ledger.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
