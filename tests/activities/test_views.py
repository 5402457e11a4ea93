"""The activity pages: each allowed, forbidden and asked with the wrong method."""

import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.activities.conftest import jpeg_bytes
from tongxin.activities import services
from tongxin.activities.models import (
    Attendance,
    Donation,
    Event,
    EventAttachment,
    FundEntry,
    Photo,
    Program,
    ServiceActivity,
    Signup,
)


def body(response) -> str:
    return response.content.decode()


def msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def world(act, make_event):
    """Events, a series, a program with an activity, a fund and a photo."""
    series = services.series_create(
        by=act.staff, organization=act.org.city, name="同心杯健身友谊赛", kind="sports"
    )
    upcoming = make_event(
        title="第十二届同心杯", kind="sports", capacity=2, series=series, edition=12
    )
    services.signup_create(event=upcoming, member=act.wang_record, by=act.wang)
    running = make_event(
        title="中心组学习会", kind="study", starts_in=dt.timedelta(days=1)
    )
    services.signup_create(event=running, member=act.zhang_record, by=act.zhang)
    start = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=running.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    running.refresh_from_db()
    branch = make_event(act.org.edu1, by=act.head, title="一支部读书会")
    program = services.program_create(
        by=act.service, organization=act.org.city, name="送医送药", kind="medical"
    )
    activity = services.service_activity_create(
        program=program, by=act.service, title="敬老院义诊", held_on=dt.date(2014, 3, 5)
    )
    fund = services.fund_create(
        by=act.service, organization=act.org.city, name="奖励基金"
    )
    photo = services.photo_add(
        by=act.publicity,
        organization=act.org.city,
        upload=SimpleUploadedFile("a.jpg", jpeg_bytes()),
        caption="1988年会员大会",
        year=1988,
    )
    attachment = services.event_attachment_add(
        event=upcoming,
        by=act.staff,
        upload=SimpleUploadedFile("通知.pdf", b"%PDF-1.4 test"),
    )
    return SimpleNamespace(
        series=series,
        upcoming=upcoming,
        running=running,
        branch=branch,
        program=program,
        activity=activity,
        fund=fund,
        photo=photo,
        attachment=attachment,
        token=services.checkin_token(running),
    )


def urls(w) -> dict[str, tuple[str, str]]:
    """Every page: name -> (url, the method it refuses)."""
    e, r = w.upcoming.pk, w.running.pk
    signup = Signup.objects.get(event=w.upcoming).pk
    member = Signup.objects.get(event=w.running).member_id
    return {
        "event_list": (reverse("activities:event_list"), "post"),
        "my_events": (reverse("activities:my_events"), "post"),
        "event_create": (reverse("activities:event_create"), "put"),
        "event_detail": (reverse("activities:event_detail", args=[e]), "post"),
        "event_edit": (reverse("activities:event_edit", args=[e]), "put"),
        "event_cancel": (reverse("activities:event_cancel", args=[e]), "put"),
        "signup": (reverse("activities:signup", args=[e]), "get"),
        "signup_others": (reverse("activities:signup_others", args=[e]), "put"),
        "signup_cancel": (reverse("activities:signup_cancel", args=[e, signup]), "get"),
        "attendance": (reverse("activities:attendance", args=[r]), "put"),
        "attendance_names": (
            reverse("activities:attendance_names", args=[r]),
            "get",
        ),
        "attendance_sheet": (
            reverse("activities:attendance_sheet", args=[r]),
            "get",
        ),
        "attendance_sheet_commit": (
            reverse("activities:attendance_sheet_commit", args=[r]),
            "get",
        ),
        "attendance_walk_in": (
            reverse("activities:attendance_walk_in", args=[r]),
            "get",
        ),
        "attendance_scan": (reverse("activities:attendance_scan", args=[r]), "put"),
        "attendance_remove": (
            reverse("activities:attendance_remove", args=[r, member]),
            "get",
        ),
        "attendance_print": (reverse("activities:attendance_print", args=[r]), "post"),
        "attendance_export": (
            reverse("activities:attendance_export", args=[r]),
            "post",
        ),
        "event_qr": (reverse("activities:event_qr", args=[r]), "post"),
        "event_qr_rotate": (reverse("activities:event_qr_rotate", args=[r]), "get"),
        "checkin": (reverse("activities:checkin", args=[w.token]), "put"),
        "attachment_add": (reverse("activities:attachment_add", args=[e]), "get"),
        "attachment_download": (
            reverse("activities:attachment_download", args=[e, w.attachment.pk]),
            "post",
        ),
        "series_list": (reverse("activities:series_list"), "post"),
        "series_create": (reverse("activities:series_create"), "put"),
        "series_detail": (
            reverse("activities:series_detail", args=[w.series.pk]),
            "post",
        ),
        "stats": (reverse("activities:stats"), "post"),
        "program_list": (reverse("activities:program_list"), "post"),
        "program_create": (reverse("activities:program_create"), "put"),
        "program_detail": (
            reverse("activities:program_detail", args=[w.program.pk]),
            "post",
        ),
        "program_edit": (
            reverse("activities:program_edit", args=[w.program.pk]),
            "put",
        ),
        "program_base_add": (
            reverse("activities:program_base_add", args=[w.program.pk]),
            "put",
        ),
        "service_activity_create": (
            reverse("activities:service_activity_create", args=[w.program.pk]),
            "put",
        ),
        "donation_add": (
            reverse("activities:donation_add", args=[w.activity.pk]),
            "put",
        ),
        "partner_create": (reverse("activities:partner_create"), "put"),
        "fund_list": (reverse("activities:fund_list"), "post"),
        "fund_create": (reverse("activities:fund_create"), "put"),
        "fund_detail": (reverse("activities:fund_detail", args=[w.fund.pk]), "post"),
        "fund_entry_add": (
            reverse("activities:fund_entry_add", args=[w.fund.pk]),
            "put",
        ),
        "photo_list": (reverse("activities:photo_list"), "post"),
        "photo_add": (reverse("activities:photo_add"), "put"),
        "photo_detail": (reverse("activities:photo_detail", args=[w.photo.pk]), "post"),
        "photo_edit": (reverse("activities:photo_edit", args=[w.photo.pk]), "put"),
        "photo_delete": (reverse("activities:photo_delete", args=[w.photo.pk]), "get"),
        "photo_image": (reverse("activities:photo_image", args=[w.photo.pk]), "post"),
        "photo_thumb": (reverse("activities:photo_thumb", args=[w.photo.pk]), "post"),
    }


def test_every_page_is_listed_here(world):
    from tongxin.activities.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(urls(world))


def test_every_page_refuses_the_wrong_method(world, client_as):
    client = client_as("staff")
    for name, (url, method) in urls(world).items():
        response = getattr(client, method)(url)
        assert response.status_code == 405, name


def test_every_page_needs_a_login(world):
    client = Client()
    for name, (url, method) in urls(world).items():
        allowed = "post" if method == "get" else "get"
        response = getattr(client, allowed)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


# --- events -------------------------------------------------------------------------------


def test_the_event_list_shows_what_is_open_to_the_user(world, client_as):
    staff = client_as("staff").get(reverse("activities:event_list"))
    assert "第十二届同心杯" in body(staff) and "一支部读书会" in body(staff)
    assert "新建活动" in body(staff)
    member = client_as("member").get(reverse("activities:event_list"))
    assert "第十二届同心杯" in body(member)
    assert "一支部读书会" not in body(member)
    assert "新建活动" not in body(member)
    assert "同心杯" not in body(
        client_as("outsider").get(reverse("activities:event_list"))
    )


def test_an_event_not_open_to_the_member_is_not_found(world, client_as):
    url = reverse("activities:event_detail", args=[world.branch.pk])
    assert client_as("member").get(url).status_code == 404
    response = client_as("zhang").get(url)
    assert response.status_code == 200
    assert "我要报名" in body(response)


def test_managers_see_the_lists_and_the_qr_code(world, client_as):
    response = client_as("staff").get(
        reverse("activities:event_detail", args=[world.running.pk])
    )
    assert "<svg" in body(response) and "扫码签到" in body(response)
    assert "张传吉" in body(response)
    response = client_as("zhang").get(
        reverse("activities:event_detail", args=[world.running.pk])
    )
    assert "<svg" not in body(response)
    assert "您已报名" in body(response)


def test_creating_an_event(world, client_as):
    url = reverse("activities:event_create")
    assert client_as("member").get(url).status_code == 403
    assert client_as("leader").get(url).status_code == 403
    page = client_as("head").get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["organization"].queryset) == [
        world.branch.organization
    ]
    start = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "organization": world.branch.organization.pk,
        "title": "一支部座谈会",
        "kind": "seminar",
        "start_at": start,
        "end_at": start,
        "capacity": "20",
        "allows_signup": "on",
    }
    response = client_as("head").post(url, data)
    assert response.status_code == 302
    event = Event.objects.get(title="一支部座谈会")
    assert event.capacity == 20 and event.organization == world.branch.organization


def test_an_end_before_the_start_is_shown_in_chinese(world, client_as):
    start = timezone.localtime() + dt.timedelta(days=3)
    response = client_as("staff").post(
        reverse("activities:event_create"),
        {
            "organization": world.upcoming.organization.pk,
            "title": "坏活动",
            "kind": "forum",
            "start_at": start.strftime("%Y-%m-%dT%H:%M"),
            "end_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "结束时间不能早于开始时间。" in body(response)
    assert not Event.objects.filter(title="坏活动").exists()


def test_a_head_may_organize_only_in_their_branch(world, client_as):
    start = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client_as("head").post(
        reverse("activities:event_create"),
        {
            "organization": world.upcoming.organization.pk,
            "title": "越权活动",
            "kind": "forum",
            "start_at": start,
            "end_at": start,
        },
    )
    assert "所选组织不存在或您无权操作。" in body(response)
    assert not Event.objects.filter(title="越权活动").exists()


def test_editing_and_cancelling_an_event(world, client_as):
    url = reverse("activities:event_edit", args=[world.upcoming.pk])
    assert client_as("head").get(url).status_code == 403
    form = client_as("staff").get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "start_at": form.initial["start_at"].strftime("%Y-%m-%dT%H:%M"),
            "end_at": form.initial["end_at"].strftime("%Y-%m-%dT%H:%M"),
            "place": "体育馆",
            "series": world.series.pk,
            "allows_signup": "on",
            "co_organizers": [],
            "departments": [],
        }
    )
    assert client_as("staff").post(url, data).status_code == 302
    world.upcoming.refresh_from_db()
    assert world.upcoming.place == "体育馆"
    stale = client_as("staff").post(url, data)
    assert "该记录已被他人修改" in body(stale)

    cancel = reverse("activities:event_cancel", args=[world.upcoming.pk])
    assert client_as("zhang").post(cancel, {"version": 2}).status_code == 403
    response = client_as("staff").post(cancel, {"reason": "场地维修", "version": 2})
    assert response.status_code == 302
    world.upcoming.refresh_from_db()
    assert world.upcoming.is_cancelled


def test_signing_up_on_the_page(world, client_as):
    url = reverse("activities:signup", args=[world.upcoming.pk])
    response = client_as("zhang").post(url, follow=True)
    assert "报名成功。" in msgs(response)
    response = client_as("zhang").post(url, follow=True)
    assert "您已报名此活动，不能重复报名。" in msgs(response)
    response = client_as("zhao").post(url, follow=True)
    assert any("候补名单" in m for m in msgs(response))
    assert Signup.objects.filter(event=world.upcoming).count() == 3
    assert client_as("staff").post(url).status_code == 403  # no member record
    branch = reverse("activities:signup", args=[world.branch.pk])
    assert client_as("member").post(branch).status_code == 404


def test_cancelling_a_signup_on_the_page_promotes_the_next(world, client_as):
    client_as("zhang").post(reverse("activities:signup", args=[world.upcoming.pk]))
    client_as("zhao").post(reverse("activities:signup", args=[world.upcoming.pk]))
    mine = Signup.objects.get(event=world.upcoming, member=world_member(world, "王芳"))
    url = reverse("activities:signup_cancel", args=[world.upcoming.pk, mine.pk])
    assert client_as("zhang").post(url).status_code == 404
    response = client_as("wang").post(url, follow=True)
    assert any("候补的 赵明 已转为正式报名" in m for m in msgs(response))
    assert Signup.objects.get(pk=mine.pk).status == Signup.Status.CANCELLED


def world_member(world, name):
    from tongxin.members.models import Member

    return Member.objects.get(name=name)


def test_signing_up_others(world, client_as):
    url = reverse("activities:signup_others", args=[world.upcoming.pk])
    assert client_as("zhang").get(url).status_code == 403
    assert client_as("head").get(url).status_code == 200
    response = client_as("head").post(url, {"members": "张传吉、李晓梅"}, follow=True)
    assert "找不到会员“李晓梅”" in body(response)
    assert not Signup.objects.filter(
        event=world.upcoming, member__name="张传吉"
    ).exists()
    response = client_as("head").post(url, {"members": "张传吉"}, follow=True)
    assert "已报名：张传吉。" in msgs(response)


# --- attendance ---------------------------------------------------------------------------


def test_taking_attendance_from_the_list(world, client_as):
    url = reverse("activities:attendance", args=[world.running.pk])
    assert client_as("head").get(url).status_code == 403
    assert client_as("zhang").get(url).status_code == 403
    leader = client_as("leader").get(url)
    assert leader.status_code == 200 and 'name="present"' not in body(leader)
    assert client_as("leader").post(url, {"present": []}).status_code == 403
    zhang = world_member(world, "张传吉")
    response = client_as("staff").post(url, {"present": [zhang.pk]}, follow=True)
    assert "已保存签到：新增 1 人，撤销 0 人。" in msgs(response)
    assert Attendance.objects.get(event=world.running).member == zhang
    response = client_as("staff").post(url, {}, follow=True)
    assert "撤销 1 人" in msgs(response)[0]
    assert not Attendance.objects.filter(event=world.running).exists()


def test_walk_ins_and_removal(world, client_as):
    url = reverse("activities:attendance_walk_in", args=[world.running.pk])
    assert client_as("zhang").post(url, {"member": "赵明"}).status_code == 403
    response = client_as("staff").post(url, {"member": "赵明"}, follow=True)
    assert "已登记 赵明 到场。" in msgs(response)
    row = Attendance.objects.get(event=world.running)
    assert row.walk_in is True
    assert "现场登记" in body(response)
    response = client_as("staff").post(url, {"member": "不存在的人"}, follow=True)
    assert "找不到会员“不存在的人”，或您无权查看。" in msgs(response)
    remove = reverse(
        "activities:attendance_remove", args=[world.running.pk, row.member_id]
    )
    assert client_as("leader").post(remove).status_code == 403
    assert client_as("staff").post(remove).status_code == 302
    assert not Attendance.objects.exists()
    assert client_as("staff").post(remove).status_code == 404


def test_the_printed_sheet_and_the_export(world, client_as, act):
    from tongxin.members.services import member_update

    services.attendance_mark(
        event=world.running, members=[act.zhang_record], by=act.staff
    )
    member_update(
        member=act.zhang_record, by=act.root, work_unit="x", name="=HYPERLINK(1)"
    )
    printed = client_as("leader").get(
        reverse("activities:attendance_print", args=[world.running.pk])
    )
    assert (
        printed.status_code == 200
        and "签到表" in body(printed)
        and "签名" in body(printed)
    )
    assert (
        client_as("zhang")
        .get(reverse("activities:attendance_print", args=[world.running.pk]))
        .status_code
        == 403
    )
    response = client_as("staff").get(
        reverse("activities:attendance_export", args=[world.running.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "中心组学习会"
    assert rows[2][:4] == ("序号", "姓名", "性别", "所在组织")
    assert rows[3][1] == "'=HYPERLINK(1)" and rows[3][6] == "是"
    assert (
        client_as("head")
        .get(reverse("activities:attendance_export", args=[world.running.pk]))
        .status_code
        == 403
    )
    from tongxin.audit.models import AuditEvent

    assert (
        AuditEvent.objects.filter(
            action="export", object_id=str(world.running.pk)
        ).count()
        == 2
    )


def world_staff(world):
    from tongxin.accounts.models import User

    return User.objects.get(username="staff")


def test_the_qr_page_and_rotation(world, client_as):
    url = reverse("activities:event_qr", args=[world.running.pk])
    assert client_as("zhang").get(url).status_code == 403
    page = client_as("staff").get(url)
    assert "<svg" in body(page) and "/activities/checkin/" in body(page)
    rotate = reverse("activities:event_qr_rotate", args=[world.running.pk])
    assert client_as("leader").post(rotate).status_code == 403
    assert client_as("staff").post(rotate).status_code == 302
    response = client_as("zhang").get(reverse("activities:checkin", args=[world.token]))
    assert response.status_code == 400
    assert "签到二维码无效或已更换" in body(response)


def test_qr_checkin_login_and_confirm(world, client_as):
    url = reverse("activities:checkin", args=[world.token])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]
    page = client_as("zhang").get(url)
    assert page.status_code == 200 and "确认签到" in body(page)
    assert not Attendance.objects.exists()
    done = client_as("zhang").post(url, follow=True)
    assert "签到成功。" in msgs(done)
    assert "您已于" in body(done)
    assert Attendance.objects.get().method == Attendance.Method.QR
    refused = client_as("staff").post(url)
    assert refused.status_code == 400 and "没有关联会员记录" in body(refused)
    assert (
        client_as("zhang")
        .get(reverse("activities:checkin", args=["forged"]))
        .status_code
        == 400
    )


# --- attachments, series, statistics ------------------------------------------------------


def test_attachments_upload_and_download(world, client_as):
    add = reverse("activities:attachment_add", args=[world.upcoming.pk])
    pdf = SimpleUploadedFile("日程.pdf", b"%PDF-1.4 x")
    assert client_as("zhang").post(add, {"file": pdf}).status_code == 403
    fake = SimpleUploadedFile("日程.pdf", jpeg_bytes())
    response = client_as("staff").post(add, {"file": fake}, follow=True)
    assert any("不支持" in m or "不符" in m for m in msgs(response))
    assert EventAttachment.objects.count() == 1
    url = reverse(
        "activities:attachment_download", args=[world.upcoming.pk, world.attachment.pk]
    )
    download = client_as("zhang").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert client_as("outsider").get(url).status_code == 404


def test_series_pages(world, client_as):
    detail = client_as("zhang").get(
        reverse("activities:series_detail", args=[world.series.pk])
    )
    assert detail.status_code == 200 and "第12届" in body(detail)
    assert (
        client_as("outsider")
        .get(reverse("activities:series_detail", args=[world.series.pk]))
        .status_code
        == 404
    )
    assert (
        client_as("zhang").get(reverse("activities:series_create")).status_code == 403
    )
    response = client_as("staff").post(
        reverse("activities:series_create"),
        {
            "organization": world.upcoming.organization.pk,
            "name": "文化讲堂",
            "kind": "lecture",
        },
    )
    assert response.status_code == 302
    assert "文化讲堂" in body(client_as("staff").get(reverse("activities:series_list")))


def test_the_statistics_page(world, client_as):
    services.attendance_mark(
        event=world.running,
        members=[world_member(world, "张传吉")],
        by=world_staff(world),
    )
    response = client_as("leader").get(reverse("activities:stats"))
    assert response.status_code == 200
    assert response.context["rows"] == [
        (timezone.localdate(world.running.start_at).year, 1)
    ]
    assert client_as("zhang").get(reverse("activities:stats")).status_code == 403


def test_a_members_page_lists_the_events_they_attended(world, client_as):
    zhang = world_member(world, "张传吉")
    services.attendance_mark(
        event=world.running, members=[zhang], by=world_staff(world)
    )
    response = client_as("leader").get(reverse("members:detail", args=[zhang.pk]))
    assert response.status_code == 200
    html = body(response)
    assert 'id="events-attended"' in html
    assert world.running.title in html


def test_my_events_page(world, client_as):
    response = client_as("wang").get(reverse("activities:my_events"))
    assert "第十二届同心杯" in body(response)
    assert "参加的活动" in body(response)


def test_the_member_events_tag(world, act):
    services.attendance_mark(
        event=world.running, members=[act.zhang_record], by=act.staff
    )
    request = RequestFactory().get("/")
    request.user = act.staff
    html = Template("{% load activities %}{% member_events m %}").render(
        Context({"request": request, "m": act.zhang_record})
    )
    assert "中心组学习会" in html and "按名单签到" in html
    request.user = act.wang
    html = Template("{% load activities %}{% member_events m %}").render(
        Context({"request": request, "m": act.zhang_record})
    )
    assert "中心组学习会" not in html


# --- social service and funds ---------------------------------------------------------------


def test_program_pages(world, client_as, act):
    assert client_as("zhang").get(reverse("activities:program_list")).status_code == 403
    assert "送医送药" in body(
        client_as("leader").get(reverse("activities:program_list"))
    )
    detail = reverse("activities:program_detail", args=[world.program.pk])
    assert "敬老院义诊" in body(client_as("leader").get(detail))
    assert (
        client_as("staff").get(reverse("activities:program_create")).status_code == 403
    )
    response = client_as("service").post(
        reverse("activities:program_create"),
        {"organization": act.org.city.pk, "name": "同心·筑绿", "kind": "greening"},
    )
    assert response.status_code == 302
    program = Program.objects.get(name="同心·筑绿")
    edit = reverse("activities:program_edit", args=[program.pk])
    assert client_as("leader").get(edit).status_code == 403
    response = client_as("service").post(
        edit,
        {
            "name": "同心·筑绿",
            "kind": "greening",
            "started_on": "2014-04-01",
            "ended_on": "2012-01-01",
            "version": 1,
        },  # fmt: skip
    )
    assert "结束日期不能早于开始日期。" in body(response)
    base = reverse("activities:program_base_add", args=[program.pk])
    assert (
        client_as("service")
        .post(base, {"name": "植树基地", "plaque_on": "2014-04-01"})
        .status_code
        == 302
    )


def test_recording_a_service_activity(world, client_as):
    url = reverse("activities:service_activity_create", args=[world.program.pk])
    assert client_as("staff").get(url).status_code == 403
    data = {
        "title": "2014年送医送药",
        "held_on": "2014-05-20",
        "volunteers": "张传吉 4\n王芳 -2",
        "other_volunteers": "2",
        "beneficiaries_elderly": "60",
        "outcomes": "建立健康档案 45 份",
    }
    response = client_as("service").post(url, data)
    assert "服务时长不能为负数。" in body(response)
    assert not ServiceActivity.objects.filter(title="2014年送医送药").exists()
    data["volunteers"] = "张传吉 4\n王芳 2.5"
    assert client_as("service").post(url, data).status_code == 302
    activity = ServiceActivity.objects.get(title="2014年送医送药")
    assert activity.volunteers.count() == 2
    assert activity.beneficiaries.get().count == 60
    assert activity.outcomes.get().item == "建立健康档案"


def test_recording_a_donation(world, client_as):
    url = reverse("activities:donation_add", args=[world.activity.pk])
    assert client_as("leader").get(url).status_code == 403
    response = client_as("service").post(
        url,
        {
            "kind": "goods",
            "value": "-20000",
            "description": "药品",
            "donor_name": "某药房",
        },
    )
    assert "捐赠价值不能为负数。" in body(response)
    response = client_as("service").post(
        url,
        {
            "kind": "goods",
            "value": "两万",
            "description": "药品",
            "donor_name": "某药房",
        },
    )
    assert "捐赠价值应为不小于 0 的数字" in body(response)
    assert not Donation.objects.exists()
    response = client_as("service").post(
        url,
        {
            "kind": "goods",
            "value": "20,000",
            "description": "药品",
            "donor_member": "张传吉",
        },
    )
    assert response.status_code == 302
    assert Donation.objects.get().donor_member.name == "张传吉"


def test_fund_pages(world, client_as, act):
    assert client_as("zhang").get(reverse("activities:fund_list")).status_code == 403
    assert "奖励基金" in body(client_as("leader").get(reverse("activities:fund_list")))
    url = reverse("activities:fund_entry_add", args=[world.fund.pk])
    assert client_as("leader").get(url).status_code == 403
    response = client_as("service").post(
        url,
        {
            "direction": "out",
            "on": "2014-06-01",
            "amount": "500",
            "party_name": "学生甲",
        },
    )
    assert "基金余额不足" in body(response)
    client_as("service").post(
        url,
        {
            "direction": "in",
            "on": "2014-01-01",
            "amount": "1000",
            "party_name": "宜华集团",
        },
    )
    client_as("service").post(
        url,
        {
            "direction": "out",
            "on": "2014-06-01",
            "amount": "500",
            "party_name": "学生甲",
        },
    )
    assert FundEntry.objects.count() == 2
    detail = client_as("leader").get(
        reverse("activities:fund_detail", args=[world.fund.pk])
    )
    assert "余额 500.00 元" in body(detail)
    created = client_as("service").post(
        reverse("activities:fund_create"),
        {"organization": act.org.city.pk, "name": "助学基金"},
    )
    assert created.status_code == 302


def test_registering_a_partner(world, client_as, act):
    url = reverse("activities:partner_create")
    assert client_as("publicity").get(url).status_code == 403
    response = client_as("service").post(
        url,
        {
            "organization": act.org.city.pk,
            "name": "大谭乡敬老院",
            "kind": "nursing_home",
        },
    )
    assert response.status_code == 302


# --- photos ---------------------------------------------------------------------------------


def test_the_photo_archive_pages(world, client_as):
    page = client_as("zhang").get(reverse("activities:photo_list"))
    assert "1980 年代（1）" in body(page) and "1988年会员大会" in body(page)
    assert (
        client_as("outsider").get(reverse("activities:photo_list")).status_code == 403
    )
    detail = reverse("activities:photo_detail", args=[world.photo.pk])
    assert client_as("zhang").get(detail).status_code == 200
    image = client_as("zhang").get(
        reverse("activities:photo_image", args=[world.photo.pk])
    )
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    thumb = client_as("zhang").get(
        reverse("activities:photo_thumb", args=[world.photo.pk])
    )
    assert thumb.status_code == 200
    assert (
        client_as("outsider")
        .get(reverse("activities:photo_image", args=[world.photo.pk]))
        .status_code
        == 404
    )


def test_uploading_a_photo(world, client_as, act):
    url = reverse("activities:photo_add")
    assert client_as("staff").get(url).status_code == 403
    fake = SimpleUploadedFile(
        "合影.jpg", b"GIF89a not really", content_type="image/jpeg"
    )
    response = client_as("publicity").post(
        url,
        {
            "image": fake,
            "caption": "x",
            "organization": act.org.city.pk,
            "year": "1990",
        },
    )
    assert "不是图片文件" in body(response)
    good = SimpleUploadedFile("合影.png", jpeg_bytes(fmt="PNG"))
    response = client_as("publicity").post(
        url,
        {
            "image": good,
            "caption": "1990年合影",
            "organization": act.org.city.pk,
            "year": "1990",
            "people": "张传吉",
            "event": world.upcoming.pk,
        },  # fmt: skip
    )
    assert response.status_code == 302
    photo = Photo.objects.get(caption="1990年合影")
    assert [m.name for m in photo.people.all()] == ["张传吉"]


def test_editing_and_deleting_a_photo(world, client_as, act):
    edit = reverse("activities:photo_edit", args=[world.photo.pk])
    assert client_as("staff").get(edit).status_code == 403
    response = client_as("publicity").post(
        edit,
        {
            "caption": "1988年第二次会员大会",
            "organization": act.org.city.pk,
            "year": "1988",
            "version": 1,
        },
    )
    assert response.status_code == 302
    delete = reverse("activities:photo_delete", args=[world.photo.pk])
    assert client_as("zhang").post(delete).status_code == 403
    assert client_as("office").post(delete).status_code == 302
    assert not Photo.objects.exists()
