"""The campaigns API: campaigns, tasks, goals, inspections, liaison, regulations."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from tongxin.campaigns.models import Task, Visit

API = "/api/v1/campaigns"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_campaign_group_tasks_and_goals(cmp):
    client = client_for(cmp.staff)
    created = post(
        client,
        API,
        {
            "organization": cmp.org.city.pk,
            "title": "年度活动",
            "start_on": "2014-01-01",
            "end_on": "2014-12-31",
        },
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert post(client, f"{API}/{cid}/group/fill", {}).json() == {"added": 6}
    detail = client.get(f"{API}/{cid}").json()
    assert [r["role"] for r in detail["group"]][:3] == ["leader", "deputy", "deputy"]
    task = post(
        client,
        f"{API}/{cid}/tasks",
        {
            "title": "动员",
            "department": cmp.dep.office.pk,
            "due_on": "2014-02-28",
            "owner": cmp.owner.pk,
        },
    )
    assert task.status_code == 201, task.content
    assert task.json()["month"] == "2014-02"
    bad = post(
        client,
        f"{API}/{cid}/tasks",
        {"title": "超期", "department": cmp.dep.office.pk, "due_on": "2015-02-28"},
    )
    assert (
        bad.status_code == 422 and "不在活动期间" in bad.json()["errors"]["due_on"][0]
    )
    tid = task.json()["id"]
    done = post(client, f"{API}/tasks/{tid}/transition", {"to": "done"})
    assert done.json()["status"] == "done"
    evidence = post(
        client, f"{API}/tasks/{tid}/evidence", {"kind": "link", "url": "http://x/1"}
    )
    assert evidence.status_code == 201
    assert client.get(f"{API}/{cid}/tasks", {"month": "2014-02"}).json()[0]["id"] == tid
    assert client.get(f"{API}/tasks/overdue").json() == []
    goal = post(
        client,
        f"{API}/{cid}/goals",
        {"kind": "organization", "level": "provincial", "count": 1},
    )
    assert goal.status_code == 201 and goal.json()["met"] is False
    negative = post(
        client,
        f"{API}/{cid}/goals",
        {"kind": "organization", "level": "city", "count": -1},
    )
    assert (
        negative.status_code == 422 and "负数" in negative.json()["errors"]["count"][0]
    )
    assert Task.objects.count() == 1


def test_overdue_and_department_access(cmp, make_task):
    late = make_task(
        due_on=dt.date(2014, 1, 31), month="2014-01", department=cmp.dep.publicity
    )
    publicity = client_for(cmp.publicity)
    assert [t["id"] for t in publicity.get(f"{API}/tasks/overdue").json()] == [late.pk]
    assert (
        post(
            publicity, f"{API}/tasks/{late.pk}/transition", {"to": "doing"}
        ).status_code
        == 200
    )
    office_task = make_task(title="办公室任务", department=cmp.dep.office)
    refused = post(
        publicity, f"{API}/tasks/{office_task.pk}/transition", {"to": "doing"}
    )
    assert refused.status_code == 403
    assert client_for(cmp.outsider).get(f"{API}/tasks/{late.pk}").status_code == 404


def test_inspections_liaison_and_regulations(cmp):
    client = client_for(cmp.staff)
    team = post(
        client,
        f"{API}/inspections/teams",
        {"organization": cmp.org.city.pk, "name": "督查一组", "team": [cmp.owner.pk]},
    )
    assert team.status_code == 201, team.content
    team_id = team.json()["id"]
    visit = post(
        client,
        f"{API}/inspections/teams/{team_id}/visits",
        {
            "organization": cmp.org.edu1.pk,
            "visited_on": "2013-10-20",
            "rating": "good",
            "host_party_org": "某中学党委",
        },
    )
    assert visit.status_code == 201, visit.content
    early = post(
        client,
        f"{API}/inspections/teams/{team_id}/visits",
        {"organization": cmp.org.edu2.pk, "visited_on": "1990-01-01", "rating": "good"},
    )
    assert (
        early.status_code == 422
        and "不存在" in early.json()["errors"]["organization"][0]
    )
    assert Visit.objects.count() == 1
    follow = post(
        client,
        f"{API}/inspections/visits/{visit.json()['id']}/followups",
        {"action": "补台账", "due_on": "2013-12-31", "owner": cmp.owner.pk},
    )
    assert follow.status_code == 201
    cov = client.get(
        f"{API}/inspections/coverage", {"since": "2013-10-01", "until": "2014-01-31"}
    ).json()
    assert cov["total"] == 4 and [o["name"] for o in cov["visited"]] == ["教育一支部"]
    assert len(client_for(cmp.head).get(f"{API}/inspections/visits").json()) == 1
    liaison = post(
        client,
        f"{API}/liaison",
        {
            "organization": cmp.org.edu1.pk,
            "start_on": "2013-01-01",
            "leader": cmp.chair.pk,
        },
    )
    assert liaison.status_code == 201
    assert client.get(f"{API}/liaison").json()[0]["leader"]["name"] == "陈主委"
    office = client_for(cmp.office)
    reg = post(
        office,
        f"{API}/regulations",
        {
            "organization": cmp.org.city.pk,
            "title": "联系制度",
            "issuing_body": "市委会",
            "effective_on": "2012-01-01",
        },
    )
    assert reg.status_code == 201
    assert office.get(f"{API}/regulations/{reg.json()['id']}").json()["versions"] == []
    refused = post(
        client,
        f"{API}/regulations",
        {
            "organization": cmp.org.city.pk,
            "title": "x",
            "issuing_body": "y",
            "effective_on": "2012-01-01",
        },
    )
    assert refused.status_code == 403


def test_notifications_api(cmp):
    from tongxin.notifications.services import notify

    notify(user=cmp.owner, key="a", title="提醒一")
    notify(user=cmp.staff, key="a", title="别人的")
    client = client_for(cmp.owner)
    body = client.get("/api/v1/notifications").json()
    assert body["unread"] == 1 and [n["title"] for n in body["items"]] == ["提醒一"]
    assert post(client, "/api/v1/notifications/read", {}).json() == {"marked": 1}
    assert client.get("/api/v1/notifications").json()["unread"] == 0
