"""The permission matrix of campaigns, tasks, inspections, liaison, regulations
and notifications.

Targets: records at edu1 (*inside* the branch head's subtree) and at edu2
(*outside*): a campaign organized there with an overdue task, an inspection
team there with a visit to that branch, a leader assigned to it, a
regulation of it.  See ``tongxin/campaigns/policies.py``: campaign managers
and inspectors are the organization department and the office; regulations
are the office's; staff, leaders and heads read in their subtrees.
Notifications are personal: every login reads and marks its own.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.matrix import (
    ANY,
    LIST,
    LOGGED_IN,
    NOBODY,
    OBJECT,
    V1,
    Call,
    Entry,
    _api,
    _fresh,
    _web,
    api,
    form,
    page,
)

READERS = frozenset({"head", "leader", "staff", "office"})
MANAGERS = frozenset({"staff", "office"})
OFFICE = frozenset({"office"})
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
SIDES = ("inside", "outside")


def build_campaigns(root, places: dict, members: dict, users: dict) -> SimpleNamespace:
    """Create one of each record per side (edu1 inside, edu2 outside)."""
    from tongxin.campaigns import services
    from tongxin.orgs.models import Department, Organization

    office = Department.objects.get(name="办公室")
    orgs = {
        "inside": places["inside"],
        "outside": Organization.objects.get(code="G1B2"),
    }
    leaders = {"inside": members["inside"], "outside": members["own"]}
    campaigns, tasks, teams, visits, liaison, regulations = {}, {}, {}, {}, {}, {}
    for t in SIDES:
        campaigns[t] = services.campaign_create(
            by=root,
            organization=orgs[t],
            title=f"专项{t}",
            start_on=dt.date(2024, 1, 1),
            end_on=dt.date(2030, 12, 31),
        )
        tasks[t] = services.task_create(
            campaign=campaigns[t],
            by=root,
            title=f"逾期任务{t}",
            department=office,
            due_on=dt.date(2024, 6, 30),
        )
        teams[t] = services.team_create(
            by=root, organization=orgs[t], name=f"督查组{t}"
        )
        visits[t] = services.visit_create(
            team=teams[t],
            by=root,
            organization=orgs[t],
            visited_on=dt.date(2024, 5, 1),
            rating="good",
        )
        liaison[t] = services.liaison_assign(
            by=root,
            organization=orgs[t],
            start_on=dt.date(2024, 1, 1),
            leader=leaders[t],
        )
        regulations[t] = services.regulation_create(
            by=root,
            organization=orgs[t],
            title=f"制度{t}",
            issuing_body="民进测试市委员会",
            effective_on=dt.date(2020, 1, 1),
        )
    return SimpleNamespace(
        orgs=orgs,
        office=office,
        leaders=leaders,
        campaigns=campaigns,
        tasks=tasks,
        teams=teams,
        visits=visits,
        liaison=liaison,
        regulations=regulations,
    )


# --- records made when a test runs (each test has its own media directory) --------


def _c(w, t):
    return w.campaigns.campaigns[t]


def _task(w, t):
    return w.campaigns.tasks[t]


def _document(w, t):
    from tongxin.campaigns import services

    return services.document_add(
        campaign=_c(w, t),
        by=w.root,
        upload=SimpleUploadedFile("方案.pdf", PDF),
        kind="work_plan",
    )


def _group_row(w, t):
    from tongxin.campaigns import services

    return services.group_add(
        campaign=_c(w, t), by=w.root, member=w.campaigns.leaders[t], role="member"
    )


def _goal(w, t):
    from tongxin.campaigns import services

    return services.goal_add(
        campaign=_c(w, t), by=w.root, kind="individual", level="city", count=3
    )


def _file_evidence(w, t):
    from tongxin.campaigns import services

    return services.evidence_add(
        task=_task(w, t),
        by=w.root,
        kind="file",
        upload=SimpleUploadedFile("照片.pdf", PDF),
    )


def _followup(w, t):
    from tongxin.campaigns import services

    return services.followup_add(
        visit=w.campaigns.visits[t],
        by=w.root,
        action="补齐台账",
        due_on=dt.date(2024, 6, 1),
    )


def _version(w, t):
    from tongxin.campaigns import services

    return services.version_add(
        regulation=w.campaigns.regulations[t],
        by=w.root,
        upload=SimpleUploadedFile("制度.pdf", PDF),
        label="初版",
        effective_on=dt.date(2020, 1, 1),
    )


def _notify_everyone(w) -> None:
    from tongxin.notifications.services import notify

    for user in w.users.values():
        notify(user=user, key="matrix", title="提醒")


def _u(name: str, *args) -> str:
    return _web(f"campaigns:{name}", *args)


CAMPAIGN_TITLES = lambda w: {t: c.title for t, c in w.campaigns.campaigns.items()}  # noqa: E731
TASK_TITLES = lambda w: {t: x.title for t, x in w.campaigns.tasks.items()}  # noqa: E731
REG_TITLES = lambda w: {t: r.title for t, r in w.campaigns.regulations.items()}  # noqa: E731
VISITED = lambda w: {t: o.name for t, o in w.campaigns.orgs.items()}  # noqa: E731
LEADERS = lambda w: {t: m.name for t, m in w.campaigns.leaders.items()}  # noqa: E731


def _campaign_form(w, t) -> dict:
    c = _fresh(_c(w, t))
    return {
        "title": c.title + "（改）",
        "start_on": c.start_on.isoformat(),
        "end_on": c.end_on.isoformat(),
        "description": "",
        "version": c.version,
    }


WEB: list[Entry] = [
    Entry(
        "campaigns:list",
        "GET",
        LIST,
        lambda w, t, c: Call(_u("list")),
        page(view=READERS, act=LOGGED_IN),
        markers=CAMPAIGN_TITLES,
    ),
    Entry(
        "campaigns:create",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("create")),
        page(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "campaigns:create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("create"),
            {
                "organization": w.campaigns.orgs[t].pk,
                "title": "新专项",
                "start_on": "2025-01-01",
                "end_on": "2025-12-31",
            },
        ),
        form(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "campaigns:detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("detail", _c(w, t).pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:edit",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("edit", _c(w, t).pk)),
        page(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:edit",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_u("edit", _c(w, t).pk), _campaign_form(w, t)),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:document_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("document_add", _c(w, t).pk),
            {
                "kind": "notice",
                "title": "启动通知",
                "file": SimpleUploadedFile("通知.pdf", PDF),
            },
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:document_download",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("document_download", _c(w, t).pk, _document(w, t).pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:group_fill",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_u("group_fill", _c(w, t).pk), {}),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:group_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("group_add", _c(w, t).pk),
            {"member": w.campaigns.leaders[t].name, "role": "deputy"},
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:group_remove",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_u("group_remove", _c(w, t).pk, _group_row(w, t).pk), {}),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:goal_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("goal_add", _c(w, t).pk),
            {
                "strength": "ensure",
                "kind": "organization",
                "level": "provincial",
                "count": "1",
            },
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:goal_remove",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_u("goal_remove", _c(w, t).pk, _goal(w, t).pk), {}),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:tasks",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("tasks", _c(w, t).pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:task_create",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("task_create", _c(w, t).pk)),
        page(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:task_create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("task_create", _c(w, t).pk),
            {
                "title": "新任务",
                "month": "2025-03",
                "department": w.campaigns.office.pk,
                "due_on": "2025-03-31",
            },
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:task_detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("task_detail", _task(w, t).pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:task_status",
        "POST",
        OBJECT,
        lambda w, t, c: Call(_u("task_status", _task(w, t).pk), {"to": "doing"}),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:evidence_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("evidence_add", _task(w, t).pk),
            {"kind": "link", "url": "http://intranet/1", "title": "报道"},
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:evidence_download",
        "GET",
        OBJECT,
        lambda w, t, c: Call(
            _u("evidence_download", _task(w, t).pk, _file_evidence(w, t).pk)
        ),
        page(view=READERS),
    ),
    Entry(
        "campaigns:overdue",
        "GET",
        LIST,
        lambda w, t, c: Call(_u("overdue")),
        page(view=READERS, act=LOGGED_IN),
        markers=TASK_TITLES,
    ),
    Entry(
        "campaigns:inspections",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("inspections"), {"since": "2024-01-01"}),
        page(view=LOGGED_IN),
    ),
    Entry(
        "campaigns:team_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("team_create")),
        page(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "campaigns:team_create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("team_create"),
            {"organization": w.campaigns.orgs[t].pk, "name": "新督查组"},
        ),
        form(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "campaigns:team_detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("team_detail", w.campaigns.teams[t].pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:visit_create",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("visit_create", w.campaigns.teams[t].pk)),
        page(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:visit_create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("visit_create", w.campaigns.teams[t].pk),
            {
                "organization": w.campaigns.orgs[t].pk,
                "visited_on": "2024-09-01",
                "rating": "excellent",
            },
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:visit_detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("visit_detail", w.campaigns.visits[t].pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:followup_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("followup_add", w.campaigns.visits[t].pk),
            {"action": "建立制度", "due_on": "2024-07-01"},
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:followup_done",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("followup_done", w.campaigns.visits[t].pk, _followup(w, t).pk), {}
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:liaison",
        "GET",
        LIST,
        lambda w, t, c: Call(_u("liaison")),
        page(view=READERS, act=LOGGED_IN),
        markers=LEADERS,
    ),
    Entry(
        "campaigns:liaison_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("liaison_create")),
        page(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "campaigns:liaison_create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("liaison_create"),
            {
                "organization": w.campaigns.orgs[t].pk,
                "department": w.campaigns.office.pk,
                "start_on": "2024-01-01",
            },
        ),
        form(view=NOBODY, act=MANAGERS, gate=True),
    ),
    Entry(
        "campaigns:liaison_end",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("liaison_end", w.campaigns.liaison[t].pk), {"end_on": "2025-01-01"}
        ),
        form(view=READERS, act=MANAGERS),
    ),
    Entry(
        "campaigns:leader",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("leader", w.campaigns.leaders[t].pk)),
        page(view=NOBODY, act=READERS, gate=True),
    ),
    Entry(
        "campaigns:regulations",
        "GET",
        LIST,
        lambda w, t, c: Call(_u("regulations")),
        page(view=READERS, act=LOGGED_IN),
        markers=REG_TITLES,
    ),
    Entry(
        "campaigns:regulation_create",
        "GET",
        ANY,
        lambda w, t, c: Call(_u("regulation_create")),
        page(view=NOBODY, act=OFFICE, gate=True),
    ),
    Entry(
        "campaigns:regulation_create",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("regulation_create"),
            {
                "organization": w.campaigns.orgs[t].pk,
                "title": "新制度",
                "issuing_body": "市委会",
                "effective_on": "2024-01-01",
            },
        ),
        form(view=NOBODY, act=OFFICE, gate=True),
    ),
    Entry(
        "campaigns:regulation_detail",
        "GET",
        OBJECT,
        lambda w, t, c: Call(_u("regulation_detail", w.campaigns.regulations[t].pk)),
        page(view=READERS),
    ),
    Entry(
        "campaigns:version_add",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("version_add", w.campaigns.regulations[t].pk),
            {
                "label": "修订版",
                "effective_on": "2024-01-01",
                "file": SimpleUploadedFile("修订.pdf", PDF),
            },
        ),
        form(view=READERS, act=OFFICE),
    ),
    Entry(
        "campaigns:version_download",
        "GET",
        OBJECT,
        lambda w, t, c: Call(
            _u(
                "version_download",
                w.campaigns.regulations[t].pk,
                _version(w, t).pk,
            )
        ),
        page(view=READERS),
    ),
    Entry(
        "campaigns:regulation_status",
        "POST",
        OBJECT,
        lambda w, t, c: Call(
            _u("regulation_status", w.campaigns.regulations[t].pk),
            {
                "status": "repealed",
                "version": _fresh(w.campaigns.regulations[t]).version,
            },
        ),
        form(view=READERS, act=OFFICE),
    ),
    Entry(
        "notifications:list",
        "GET",
        ANY,
        lambda w, t, c: Call(_web("notifications:list")),
        page(view=LOGGED_IN),
    ),
    Entry(
        "notifications:read",
        "POST",
        ANY,
        lambda w, t, c: (_notify_everyone(w), Call(_web("notifications:read"), {}))[1],
        form(view=LOGGED_IN, act=LOGGED_IN),
    ),
]

A = f"{V1}/campaigns"

API: list[Entry] = [
    _api(
        "GET",
        "/campaigns",
        LIST,
        lambda w, t, c: Call(A),
        api(view=READERS, act=LOGGED_IN),
        markers=CAMPAIGN_TITLES,
    ),
    _api(
        "POST",
        "/campaigns",
        OBJECT,
        lambda w, t, c: Call(
            A,
            json={
                "organization": w.campaigns.orgs[t].pk,
                "title": "新专项",
                "start_on": "2025-01-01",
                "end_on": "2025-12-31",
            },
        ),
        api(view=NOBODY, act=MANAGERS, ok=201, writes=True, gate=True),
    ),
    _api(
        "GET",
        "/campaigns/tasks/overdue",
        LIST,
        lambda w, t, c: Call(f"{A}/tasks/overdue"),
        api(view=READERS, act=LOGGED_IN),
        markers=TASK_TITLES,
    ),
    _api(
        "GET",
        "/campaigns/tasks/{task_id}",
        OBJECT,
        lambda w, t, c: Call(f"{A}/tasks/{_task(w, t).pk}"),
        api(view=READERS),
    ),
    _api(
        "POST",
        "/campaigns/tasks/{task_id}/transition",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/tasks/{_task(w, t).pk}/transition", json={"to": "done"}
        ),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/campaigns/tasks/{task_id}/evidence",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/tasks/{_task(w, t).pk}/evidence",
            json={"kind": "link", "url": "http://intranet/2"},
        ),
        api(view=READERS, act=MANAGERS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/campaigns/inspections/coverage",
        ANY,
        lambda w, t, c: Call(f"{A}/inspections/coverage", {"since": "2024-01-01"}),
        api(view=LOGGED_IN),
    ),
    _api(
        "GET",
        "/campaigns/inspections/visits",
        LIST,
        lambda w, t, c: Call(f"{A}/inspections/visits"),
        api(view=READERS, act=LOGGED_IN),
        markers=VISITED,
    ),
    _api(
        "POST",
        "/campaigns/inspections/teams",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/inspections/teams",
            json={"organization": w.campaigns.orgs[t].pk, "name": "新组"},
        ),
        api(view=NOBODY, act=MANAGERS, ok=201, writes=True, gate=True),
    ),
    _api(
        "POST",
        "/campaigns/inspections/teams/{team_id}/visits",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/inspections/teams/{w.campaigns.teams[t].pk}/visits",
            json={
                "organization": w.campaigns.orgs[t].pk,
                "visited_on": "2024-10-01",
                "rating": "fair",
            },
        ),
        api(view=READERS, act=MANAGERS, ok=201, writes=True),
    ),
    _api(
        "POST",
        "/campaigns/inspections/visits/{visit_id}/followups",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/inspections/visits/{w.campaigns.visits[t].pk}/followups",
            json={"action": "整改", "due_on": "2024-08-01"},
        ),
        api(view=READERS, act=MANAGERS, ok=201, writes=True),
    ),
    _api(
        "POST",
        "/campaigns/inspections/visits/{visit_id}/followups/{followup_id}/done",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/inspections/visits/{w.campaigns.visits[t].pk}/followups/"
            f"{_followup(w, t).pk}/done",
            json={},
        ),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "GET",
        "/campaigns/liaison",
        LIST,
        lambda w, t, c: Call(f"{A}/liaison"),
        api(view=READERS, act=LOGGED_IN),
        markers=LEADERS,
    ),
    _api(
        "POST",
        "/campaigns/liaison",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/liaison",
            json={
                "organization": w.campaigns.orgs[t].pk,
                "department": w.campaigns.office.pk,
                "start_on": "2024-01-01",
            },
        ),
        api(view=NOBODY, act=MANAGERS, ok=201, writes=True, gate=True),
    ),
    _api(
        "GET",
        "/campaigns/regulations",
        LIST,
        lambda w, t, c: Call(f"{A}/regulations"),
        api(view=READERS, act=LOGGED_IN),
        markers=REG_TITLES,
    ),
    _api(
        "POST",
        "/campaigns/regulations",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/regulations",
            json={
                "organization": w.campaigns.orgs[t].pk,
                "title": "新制度",
                "issuing_body": "市委会",
                "effective_on": "2024-01-01",
            },
        ),
        api(view=NOBODY, act=OFFICE, ok=201, writes=True, gate=True),
    ),
    _api(
        "GET",
        "/campaigns/regulations/{regulation_id}",
        OBJECT,
        lambda w, t, c: Call(f"{A}/regulations/{w.campaigns.regulations[t].pk}"),
        api(view=READERS),
    ),
    _api(
        "GET",
        "/campaigns/{campaign_id}",
        OBJECT,
        lambda w, t, c: Call(f"{A}/{_c(w, t).pk}"),
        api(view=READERS),
    ),
    _api(
        "PATCH",
        "/campaigns/{campaign_id}",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/{_c(w, t).pk}",
            json={"version": _fresh(_c(w, t)).version, "description": "改"},
        ),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/campaigns/{campaign_id}/group/fill",
        OBJECT,
        lambda w, t, c: Call(f"{A}/{_c(w, t).pk}/group/fill", json={}),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/campaigns/{campaign_id}/group",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/{_c(w, t).pk}/group",
            json={"member": w.campaigns.leaders[t].pk, "role": "leader"},
        ),
        api(view=READERS, act=MANAGERS, writes=True),
    ),
    _api(
        "POST",
        "/campaigns/{campaign_id}/goals",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/{_c(w, t).pk}/goals",
            json={"kind": "individual", "level": "city", "count": 2},
        ),
        api(view=READERS, act=MANAGERS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/campaigns/{campaign_id}/tasks",
        OBJECT,
        lambda w, t, c: Call(f"{A}/{_c(w, t).pk}/tasks"),
        api(view=READERS),
    ),
    _api(
        "POST",
        "/campaigns/{campaign_id}/tasks",
        OBJECT,
        lambda w, t, c: Call(
            f"{A}/{_c(w, t).pk}/tasks",
            json={
                "title": "新任务",
                "department": w.campaigns.office.pk,
                "due_on": "2025-05-31",
            },
        ),
        api(view=READERS, act=MANAGERS, ok=201, writes=True),
    ),
    _api(
        "GET",
        "/notifications",
        ANY,
        lambda w, t, c: Call(f"{V1}/notifications"),
        api(view=LOGGED_IN),
    ),
    _api(
        "POST",
        "/notifications/read",
        ANY,
        lambda w, t, c: (
            _notify_everyone(w),
            Call(f"{V1}/notifications/read", json={}),
        )[1],
        api(view=LOGGED_IN, writes=True),
    ),
]

ENTRIES = WEB + API
