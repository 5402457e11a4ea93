from django.urls import path

from tongxin.campaigns.views import campaigns as c
from tongxin.campaigns.views import inspections as i
from tongxin.campaigns.views import registry as r

app_name = "campaigns"

urlpatterns = [
    # Campaigns, leading group, goals, work plan (views/campaigns.py).
    path("", c.campaign_list_view, name="list"),
    path("new/", c.campaign_create, name="create"),
    path("<int:pk>/", c.campaign_detail, name="detail"),
    path("<int:pk>/edit/", c.campaign_edit, name="edit"),
    path("<int:pk>/documents/", c.document_add, name="document_add"),
    path(
        "<int:pk>/documents/<int:doc_pk>/",
        c.document_download,
        name="document_download",
    ),
    path("<int:pk>/group/fill/", c.group_fill, name="group_fill"),
    path("<int:pk>/group/", c.group_add, name="group_add"),
    path("<int:pk>/group/<int:row_pk>/remove/", c.group_remove, name="group_remove"),
    path("<int:pk>/goals/", c.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/remove/", c.goal_remove, name="goal_remove"),
    path("<int:pk>/tasks/", c.task_plan, name="tasks"),
    path("<int:pk>/tasks/new/", c.task_create, name="task_create"),
    path("tasks/<int:pk>/", c.task_detail, name="task_detail"),
    path("tasks/<int:pk>/status/", c.task_status, name="task_status"),
    path("tasks/<int:pk>/evidence/", c.evidence_add, name="evidence_add"),
    path(
        "tasks/<int:pk>/evidence/<int:evidence_pk>/",
        c.evidence_download,
        name="evidence_download",
    ),
    path("tasks/overdue/", c.overdue_list, name="overdue"),
    # Inspections (views/inspections.py).
    path("inspections/", i.inspection_overview, name="inspections"),
    path("inspections/teams/new/", i.team_create, name="team_create"),
    path("inspections/teams/<int:pk>/", i.team_detail, name="team_detail"),
    path("inspections/teams/<int:pk>/visits/new/", i.visit_create, name="visit_create"),
    path("inspections/visits/<int:pk>/", i.visit_detail, name="visit_detail"),
    path(
        "inspections/visits/<int:pk>/followups/",
        i.followup_add,
        name="followup_add",
    ),
    path(
        "inspections/visits/<int:pk>/followups/<int:followup_pk>/done/",
        i.followup_done,
        name="followup_done",
    ),
    # Liaison and regulations (views/registry.py).
    path("liaison/", r.liaison_view, name="liaison"),
    path("liaison/new/", r.liaison_create, name="liaison_create"),
    path("liaison/<int:pk>/end/", r.liaison_end, name="liaison_end"),
    path("liaison/leaders/<int:member_pk>/", r.leader_page, name="leader"),
    path("regulations/", r.regulation_list_view, name="regulations"),
    path("regulations/new/", r.regulation_create, name="regulation_create"),
    path("regulations/<int:pk>/", r.regulation_detail, name="regulation_detail"),
    path("regulations/<int:pk>/versions/", r.version_add, name="version_add"),
    path(
        "regulations/<int:pk>/versions/<int:version_pk>/",
        r.version_download,
        name="version_download",
    ),
    path("regulations/<int:pk>/status/", r.regulation_status, name="regulation_status"),
]
