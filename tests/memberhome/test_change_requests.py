"""A member asks for their details to be changed on 会员之家; the head above
them or 组织部 confirms (the registry's update service writes it, the history
names both) or returns it with a reason.  Nothing changes before that."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.activities.conftest import login_user
from tests.memberhome.conftest import MEMBER_MOBILE
from tongxin.core.errors import PermissionDenied, ServiceError, ValidationError
from tongxin.members.models import ChangeRequest, Member
from tongxin.members.services_changes import (
    change_request_confirm,
    change_request_return,
    change_request_submit,
)
from tongxin.notifications.models import Notification

DETAILS = "/m/details/"
NEW_MOBILE = "13912345678"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def form_data(member: Member, **changes) -> dict:
    data = {
        "mobile": "",
        "email": member.email,
        "address": member.address,
        "work_unit": member.work_unit,
        "job": member.job,
        "title": member.title,
        "education": member.education,
        "note": "",
    }
    data.update(changes)
    return data


def test_a_member_asks_and_the_branch_head_confirms(home):
    zhang = client_for(home.zhang)
    page = zhang.get(DETAILS)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'placeholder="1*********1"' in html and "提交修改申请" in html
    r = zhang.post(
        DETAILS,
        form_data(
            home.zhang_record,
            mobile=NEW_MOBILE,
            work_unit="大连市第二十四中学",
            job="副校长",
            education="21",
            note="调动工作",
        ),
    )
    assert r.status_code == 302 and r.url == DETAILS
    record = Member.objects.get(pk=home.zhang_record.pk)
    assert record.mobile == MEMBER_MOBILE and record.work_unit == ""  # unchanged
    change = ChangeRequest.objects.get()
    assert change.status == "pending" and change.requested_by == home.zhang
    assert change.changed == ["mobile", "work_unit", "job", "education"]
    html = zhang.get(DETAILS).content.decode()
    assert (
        "修改申请已提交" in html and "待确认" in html and "大连市第二十四中学" in html
    )

    # The head of the member's branch sees it, with the count, and confirms.
    head = client_for(home.head)
    listing = head.get(reverse("members:change_requests")).content.decode()
    assert "1 件待确认" in listing and "张传吉" in listing
    detail = head.get(change.get_absolute_url()).content.decode()
    assert "1*********8" in detail and NEW_MOBILE not in detail
    assert "大学本科" in detail and "调动工作" in detail
    r = head.post(reverse("members:change_request_confirm", args=[change.pk]))
    assert r.status_code == 302
    record = Member.objects.get(pk=home.zhang_record.pk)
    assert record.mobile == NEW_MOBILE and record.work_unit == "大连市第二十四中学"
    assert record.job == "副校长" and record.education == "21"
    assert Member.objects.with_mobile(NEW_MOBILE).get() == record
    change.refresh_from_db()
    assert change.status == "confirmed" and change.decided_by == home.head
    # The registry's history: who confirmed (its user), who asked (its reason).
    last = record.history.order_by("-history_id").first()
    assert last.history_user == home.head
    assert "张传吉" in last.history_change_reason
    assert "head" in last.history_change_reason and "确认" in last.history_change_reason
    notice = Notification.objects.get(user=home.zhang)
    assert "已确认" in notice.title and notice.url == DETAILS
    assert "已确认" in zhang.get(DETAILS).content.decode()
    # A decided request cannot be confirmed again.
    again = head.post(reverse("members:change_request_confirm", args=[change.pk]))
    assert "该申请已确认，不能再确认。" in head.get(again.url).content.decode()


def test_zuzhibu_returns_it_with_a_reason_and_nothing_changes(home):
    change = change_request_submit(
        member=home.zhang_record, by=home.zhang, email="zhang@example.com"
    )
    staff = client_for(home.staff)
    r = staff.post(
        reverse("members:change_request_return", args=[change.pk]), {"reason": ""}
    )
    assert r.status_code == 400 and "请填写退回原因。" in r.content.decode()
    r = staff.post(
        reverse("members:change_request_return", args=[change.pk]),
        {"reason": "邮箱请填写单位邮箱"},
    )
    assert r.status_code == 302
    assert Member.objects.get(pk=home.zhang_record.pk).email == ""
    change.refresh_from_db()
    assert change.status == "returned" and change.return_reason == "邮箱请填写单位邮箱"
    html = client_for(home.zhang).get(DETAILS).content.decode()
    assert "已退回" in html and "邮箱请填写单位邮箱" in html
    # Returned, the member may ask again.
    change_request_submit(
        member=home.zhang_record, by=home.zhang, email="zhang@school.edu.cn"
    )


def test_only_the_member_their_heads_and_zuzhibu_see_it(home):
    change = change_request_submit(
        member=home.zhang_record, by=home.zhang, address="大连市中山区人民路 1 号"
    )
    url = change.get_absolute_url()
    root = home.root
    other_head = login_user("head2", root=root, role="org_head", node=home.org.edu2)
    office = login_user("office", root=root, role="staff_office", node=home.org.city)
    for user in (other_head, office, home.leader, home.member):
        assert client_for(user).get(url).status_code == 404, user
        r = client_for(user).post(
            reverse("members:change_request_confirm", args=[change.pk])
        )
        assert r.status_code == 404, user
    for user in (office, home.leader, home.outsider):
        assert (
            client_for(user).get(reverse("members:change_requests")).status_code == 403
        )
    assert (
        "张传吉"
        not in client_for(other_head)
        .get(reverse("members:change_requests"))
        .content.decode()
    )
    # The member sees their own, and may not decide it.
    zhang = client_for(home.zhang)
    assert zhang.get(url).status_code == 200
    assert "确认并更新登记信息" not in zhang.get(url).content.decode()
    r = zhang.post(reverse("members:change_request_confirm", args=[change.pk]))
    assert r.status_code == 403
    assert ChangeRequest.objects.get().status == "pending"
    assert client_for(home.staff).get(url).status_code == 200


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(home):
    zhang = client_for(home.zhang)
    r = zhang.post(DETAILS, form_data(home.zhang_record, email="不是邮箱"))
    assert r.status_code == 400 and "格式不正确" in r.content.decode()
    r = zhang.post(DETAILS, form_data(home.zhang_record, mobile="12345"))
    assert r.status_code == 400 and "手机" in r.content.decode()
    r = zhang.post(DETAILS, form_data(home.zhang_record))
    assert r.status_code == 400 and "您没有修改任何信息。" in r.content.decode()
    assert not ChangeRequest.objects.exists()
    change_request_submit(member=home.zhang_record, by=home.zhang, job="教研组长")
    r = zhang.post(DETAILS, form_data(home.zhang_record, job="教导主任"))
    assert r.status_code == 400 and "待确认的修改申请" in r.content.decode()
    assert ChangeRequest.objects.count() == 1


def test_the_services_refuse_others_and_self_confirmation(home, make_member):
    with pytest.raises(PermissionDenied):
        change_request_submit(member=home.zhang_record, by=home.head, job="校长")
    # A member who heads their own branch does not confirm their own request.
    wang = make_member(home.org.edu1, "王芳", female=True)
    boss = login_user(
        "wang", root=home.root, role="org_head", node=home.org.edu1, member=wang
    )
    own = change_request_submit(member=wang, by=boss, title="高级教师")
    with pytest.raises(PermissionDenied):
        change_request_confirm(request=own, by=boss)
    with pytest.raises(ValidationError):
        change_request_return(request=own, by=home.staff, reason=" ")
    change_request_return(request=own, by=home.staff, reason="请附职称证书")
    with pytest.raises(ServiceError):
        change_request_confirm(request=own, by=home.staff)
    assert Member.objects.get(pk=wang.pk).title == ""


def test_the_api_submits_lists_confirms_and_returns(home):
    api = "/api/v1/members/change-requests"
    zhang, head = client_for(home.zhang), client_for(home.head)
    r = zhang.post(api, {"mobile": NEW_MOBILE, "title": "高级教师"}, "application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "pending" and body["member_name"] == "张传吉"
    assert [i["field"] for i in body["items"]] == ["mobile", "title"]
    assert body["items"][0]["requested"] == "1*********8"  # never in clear
    r = zhang.post(api, {"title": "正高级教师"}, "application/json")
    assert r.status_code == 400 and "待确认" in r.json()["detail"]
    assert zhang.post(api, {"nickname": "x"}, "application/json").status_code == 422
    listing = head.get(api, {"status": "pending"}).json()
    assert [c["id"] for c in listing] == [body["id"]]
    assert client_for(home.leader).get(api).status_code == 403
    assert client_for(home.leader).get(f"{api}/{body['id']}").status_code == 404
    r = head.post(f"{api}/{body['id']}/return", {"reason": ""}, "application/json")
    assert r.status_code == 422
    r = head.post(f"{api}/{body['id']}/confirm", {}, "application/json")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert r.json()["decided_by"] == "head"
    record = Member.objects.get(pk=home.zhang_record.pk)
    assert record.mobile == NEW_MOBILE and record.title == "高级教师"
    r = head.post(f"{api}/{body['id']}/confirm", {}, "application/json")
    assert r.status_code == 400
    second = zhang.post(api, {"address": "大连市"}, "application/json").json()
    r = client_for(home.staff).post(
        f"{api}/{second['id']}/return", {"reason": "地址不完整"}, "application/json"
    )
    assert r.status_code == 200 and r.json()["return_reason"] == "地址不完整"
    assert Member.objects.get(pk=home.zhang_record.pk).address == ""
