"""The campaign pages: allowed, refused, and bad input in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.campaigns.conftest import PDF
from tongxin.campaigns import services
from tongxin.campaigns.models import Campaign, Task
from tongxin.notifications.services import notify


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def filled(cmp, make_task, act_event):
    """A campaign with a group, a goal, a document, tasks, a visit, a liaison
    assignment and a regulation."""
    services.group_fill_from_posts(campaign=cmp.campaign, by=cmp.staff)
    services.goal_add(
        campaign=cmp.campaign,
        by=cmp.staff,
        kind="organization",
        level="provincial",
        count=1,
    )
    doc = services.document_add(
        campaign=cmp.campaign,
        by=cmp.staff,
        kind="work_plan",
        title="工作方案",
        upload=SimpleUploadedFile("方案.pdf", PDF),
    )
    task = make_task(owner=cmp.owner)
    team = services.team_create(
        by=cmp.staff, organization=cmp.org.city, name="第一督查组"
    )
    visit = services.visit_create(
        team=team,
        by=cmp.staff,
        organization=cmp.org.edu1,
        visited_on=dt.date(2013, 10, 20),
        rating="good",
    )
    followup = services.followup_add(
        visit=visit, by=cmp.staff, action="补齐台账", due_on=dt.date(2013, 11, 30)
    )
    liaison = services.liaison_assign(
        by=cmp.staff,
        organization=cmp.org.edu1,
        start_on=dt.date(2013, 1, 1),
        leader=cmp.chair,
    )
    reg = services.regulation_create(
        by=cmp.office,
        organization=cmp.org.city,
        title="基层组织工作细则",
        issuing_body="民进大连市委员会",
        effective_on=dt.date(2012, 1, 1),
        upload=SimpleUploadedFile("细则.pdf", PDF),
    )
    return dict(
        doc=doc,
        task=task,
        team=team,
        visit=visit,
        followup=followup,
        liaison=liaison,
        reg=reg,
    )


def test_every_page_opens_for_staff(cmp, filled):
    c = cmp.campaign
    f = filled
    client = client_for(cmp.staff)
    pages = [
        reverse("campaigns:list"),
        reverse("campaigns:create"),
        reverse("campaigns:detail", args=[c.pk]),
        reverse("campaigns:edit", args=[c.pk]),
        reverse("campaigns:tasks", args=[c.pk]),
        reverse("campaigns:tasks", args=[c.pk]) + "?by=department",
        reverse("campaigns:task_create", args=[c.pk]),
        reverse("campaigns:task_detail", args=[f["task"].pk]),
        reverse("campaigns:overdue"),
        reverse("campaigns:inspections"),
        reverse("campaigns:team_create"),
        reverse("campaigns:team_detail", args=[f["team"].pk]),
        reverse("campaigns:visit_create", args=[f["team"].pk]),
        reverse("campaigns:visit_detail", args=[f["visit"].pk]),
        reverse("campaigns:liaison"),
        reverse("campaigns:liaison_create"),
        reverse("campaigns:leader", args=[cmp.chair.pk]),
        reverse("campaigns:regulations"),
        reverse("campaigns:regulation_detail", args=[f["reg"].pk]),
        reverse("notifications:list"),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    detail = text(client.get(reverse("campaigns:detail", args=[c.pk])))
    assert "陈主委" in detail and "组长" in detail and "0 / 1" in detail
    downloads = [
        reverse("campaigns:document_download", args=[c.pk, f["doc"].pk]),
        reverse(
            "campaigns:version_download",
            args=[f["reg"].pk, f["reg"].versions.get().pk],
        ),
    ]
    for url in downloads:
        assert b"".join(client.get(url).streaming_content) == PDF
    assert "教育一支部" in text(
        client.get(reverse("campaigns:leader", args=[cmp.chair.pk]))
    )
    coverage = text(client.get(reverse("campaigns:inspections")))
    assert "自 2013-10-01 起已督查基层组织 1 个（共 4 个）" in coverage


def test_staff_create_a_campaign_and_tasks_on_pages(cmp):
    client = client_for(cmp.staff)
    response = client.post(
        reverse("campaigns:create"),
        {
            "organization": cmp.org.city.pk,
            "title": "新活动",
            "start_on": "2015-01-01",
            "end_on": "2015-06-30",
        },
    )
    campaign = Campaign.objects.get(title="新活动")
    assert response.status_code == 302
    bad = client.post(
        reverse("campaigns:task_create", args=[campaign.pk]),
        {
            "title": "任务",
            "month": "2015-07",
            "department": cmp.dep.office.pk,
            "due_on": "2015-07-15",
        },
    )
    assert bad.status_code == 200 and "不在活动期间" in text(bad)
    assert not Task.objects.exists()
    ok = client.post(
        reverse("campaigns:task_create", args=[campaign.pk]),
        {
            "title": "任务",
            "month": "2015-03",
            "department": cmp.dep.office.pk,
            "due_on": "2015-03-15",
            "owner": cmp.owner.pk,
        },
    )
    assert ok.status_code == 302
    task = Task.objects.get()
    client.post(reverse("campaigns:task_status", args=[task.pk]), {"to": "done"})
    client.post(
        reverse("campaigns:evidence_add", args=[task.pk]),
        {"kind": "link", "url": "http://intranet/news/1", "title": "报道"},
    )
    page = text(client.get(reverse("campaigns:task_detail", args=[task.pk])))
    assert "已完成" in page and "报道" in page


def test_a_negative_goal_and_a_bad_visit_show_chinese_messages(cmp, filled):
    client = client_for(cmp.staff)
    response = client.post(
        reverse("campaigns:goal_add", args=[cmp.campaign.pk]),
        {"strength": "ensure", "kind": "individual", "level": "city", "count": "-2"},
        follow=True,
    )
    assert "不能为负数" in text(response)
    assert cmp.campaign.goals.count() == 1
    response = client.post(
        reverse("campaigns:visit_create", args=[filled["team"].pk]),
        {"organization": cmp.org.edu2.pk, "visited_on": "1994-01-01", "rating": "good"},
    )
    assert "不存在" in text(response)


def test_the_department_rule_on_pages(cmp, make_task):
    task = make_task(department=cmp.dep.publicity)
    other = make_task(title="办公室的", department=cmp.dep.office)
    client = client_for(cmp.publicity)
    assert (
        client.post(
            reverse("campaigns:task_status", args=[task.pk]), {"to": "doing"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("campaigns:task_status", args=[other.pk]), {"to": "doing"}
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("campaigns:task_create", args=[cmp.campaign.pk])).status_code
        == 403
    )
    task.refresh_from_db()
    other.refresh_from_db()
    assert (task.status, other.status) == ("doing", "todo")


def test_the_nav_shows_unread_notifications(cmp):
    notify(user=cmp.owner, key="k1", title="任务将到期")
    client = client_for(cmp.owner)
    page = text(client.get(reverse("campaigns:list")))
    assert 'id="tx-notices"' in page and 'tx-badge-active">1<' in page
    client.post(reverse("notifications:read"))
    page = text(client.get(reverse("notifications:list")))
    assert "任务将到期" in page and "未读" not in page.split("<main")[1]


def test_outsiders_see_nothing(cmp, filled):
    client = client_for(cmp.outsider)
    assert "创先争优活动" not in text(client.get(reverse("campaigns:list")))
    assert (
        client.get(reverse("campaigns:detail", args=[cmp.campaign.pk])).status_code
        == 404
    )
    assert client.get(reverse("campaigns:create")).status_code == 403
