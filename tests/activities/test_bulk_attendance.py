"""Attendance recorded in bulk: a pasted list, namesakes chosen, a sign-in
sheet previewed and imported, the API, and what a future event offers."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tongxin.activities.models import Attendance
from tongxin.audit.models import AuditEvent
from tongxin.core import chinese
from tongxin.members.models import Member

SURNAMES = "陈林黄周吴徐孙胡朱高何郭马罗梁宋郑谢韩唐"
GIVEN = (
    "子涵 浩然 雨桐 思远 明轩 欣怡 宇航 嘉怡 俊杰 梓萱 "
    "文博 一诺 天佑 若曦 晨阳 佳琪 振华 海燕 建国 秀英"
).split()


def walkers(org, n: int = 400) -> list[Member]:
    """``n`` active members of ``org`` with distinct names (test data only)."""
    names = [s + g for s, g in itertools.product(SURNAMES, GIVEN)][:n]
    Member.objects.bulk_create(
        Member(
            name=name,
            gender="M",
            organization=org,
            org_path=org.path,
            certificate_no=f"WK{i:04d}",
            stroke_key=chinese.stroke_sort_key(name),
            pinyin_key=chinese.pinyin_sort_key(name),
            search_text=chinese.search_text(name),
        )
        for i, name in enumerate(names)
    )
    return list(Member.objects.filter(certificate_no__startswith="WK"))


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def festival(make_event):
    return make_event(
        title="健步走大会",
        kind="walking",
        starts_in=dt.timedelta(days=-3),
    )


def test_a_pasted_list_of_400_is_recorded_after_the_event(
    act, festival, client_as, django_assert_max_num_queries
):
    people = walkers(act.org.edu1)
    # Names one per line, some by certificate number, commas and 、 mixed in.
    lines = [m.name for m in people[:300]] + [m.certificate_no for m in people[300:]]
    text = "\n".join(lines[:200]) + "\n" + "，".join(lines[200:300])
    text += "\n" + "、".join(lines[300:]) + "\n" + people[0].name
    url = reverse("activities:attendance_names", args=[festival.pk])
    staff = client_as("staff")
    with django_assert_max_num_queries(60):
        response = staff.post(url, {"names": text})
    assert response.status_code == 302
    rows = Attendance.objects.filter(event=festival)
    assert rows.count() == 400
    assert {a.method for a in rows} == {Attendance.Method.LIST}
    assert {a.attended_on for a in rows} == {
        timezone.localtime(festival.start_at).date()
    }
    (event,) = [
        e
        for e in AuditEvent.objects.filter(object_id=str(festival.pk))
        if "attendance" in (e.detail or {})
    ]
    assert event.detail["attendance"] == 400
    shown = staff.get(reverse("activities:attendance", args=[festival.pk]))
    assert "已到 400 人" in page(shown)
    assert "已登记 400 人到场。" in [str(m) for m in shown.context["messages"]]
    # Again: nothing new, and said so.
    again = staff.post(url, {"names": people[5].name}, follow=True)
    assert "已登记 0 人到场；另有 1 人此前已签到，未重复登记。" in page(again)
    assert rows.count() == 400


def test_a_namesake_is_offered_as_a_choice(act, festival, client_as, make_member):
    edu1 = make_member(act.org.edu1, "王杰", mobile="13800001234")
    edu2 = make_member(act.org.edu2, "王杰", birth=dt.date(1980, 1, 2))
    url = reverse("activities:attendance_names", args=[festival.pk])
    staff = client_as("staff")
    first = staff.post(url, {"names": "张传吉\n王杰\n查无此人"})
    html = page(first)
    assert first.status_code == 400
    assert not Attendance.objects.exists()
    # The list stays, the namesakes are offered with their branches, the
    # unknown name is pointed out.
    assert "张传吉\n王杰\n查无此人</textarea>" in html
    assert "“王杰”是哪一位？" in html
    assert f'name="choice-2" value="{edu1.pk}"' in html
    assert f'name="choice-2" value="{edu2.pk}"' in html
    assert "王杰 · 教育一支部 · 男" in html and "手机 1*********4" in html
    assert "王杰 · 教育二支部 · 男 · 1980年生" in html
    assert "<mark>查无此人</mark>" in html
    assert "13800001234" not in html
    # The user removes the unknown name and picks the second 王杰.
    done = staff.post(url, {"names": "张传吉\n王杰", "choice-2": str(edu2.pk)})
    assert done.status_code == 302
    assert set(
        Attendance.objects.filter(event=festival).values_list("member", flat=True)
    ) == {act.zhang_record.pk, edu2.pk}
    # A choice outside the candidates is no choice.
    again = staff.post(url, {"names": "王杰", "choice-1": str(act.zhao_record.pk)})
    assert again.status_code == 400 and "“王杰”是哪一位？" in page(again)


def test_a_future_event_offers_no_ticks_and_keeps_a_refused_list(
    act, make_event, client_as
):
    future = make_event(starts_in=dt.timedelta(days=2))
    staff = client_as("staff")
    html = page(staff.get(reverse("activities:attendance", args=[future.pk])))
    assert 'name="present"' not in html and "保存签到" not in html
    assert "起才能登记签到" in html and "请为会员报名" in html
    assert "attendance-names-form" not in html
    refused = staff.post(
        reverse("activities:attendance_names", args=[future.pk]),
        {"names": "张传吉 王芳"},
    )
    assert refused.status_code == 400
    assert "起才能登记签到" in page(refused)
    assert not Attendance.objects.exists()
    # Ticks sent anyway are refused and nothing is written.
    ticked = staff.post(
        reverse("activities:attendance", args=[future.pk]),
        {"present": [act.zhang_record.pk]},
    )
    assert ticked.status_code == 400 and not Attendance.objects.exists()


def sheet(rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["健步走大会签到表"])
    ws.append(["序号", "姓名", "会员证号", "所在组织"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_signin_sheet_is_previewed_row_by_row_and_imported(
    act, festival, client_as, make_member
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongxin.members.services import member_update

    member_update(member=act.wang_record, by=act.root, certificate_no="DL0001")
    a = make_member(act.org.edu1, "王杰")
    b = make_member(act.org.edu2, "王杰")
    c1 = make_member(act.org.edu1, "刘洋")
    c2 = make_member(act.org.direct, "刘洋")
    data = sheet(
        [
            [1, "张传吉", None, "教育一支部"],
            [2, None, "DL0001", None],
            [3, "王杰", None, "教育二支部"],  # the branch tells the namesakes apart
            [4, "查无此人", None, None],
            [5, "刘洋", None, None],  # two of them, no branch: a choice
            [6, "张传吉", None, None],  # again
        ]
    )
    staff = client_as("staff")
    upload = SimpleUploadedFile("签到表.xlsx", data)
    preview = staff.post(
        reverse("activities:attendance_sheet", args=[festival.pk]), {"file": upload}
    )
    html = page(preview)
    assert preview.status_code == 200 and not Attendance.objects.exists()
    assert "共 6 行，找到会员 3 人，待选择 1 行，找不到 1 行" in html
    # The bad row by row number, column, value and reason.
    assert (
        '<td class="tx-num">6</td><td>姓名</td><td>查无此人</td>'
        "<td>找不到这名会员，或您无权查看。</td>" in html
    )
    assert "与第 3 行是同一名会员，只登记一次。" in html
    assert "第 7 行“刘洋”是哪一位？" in html
    assert f'name="choice-7" value="{c2.pk}"' in html
    ids = {
        act.zhang_record.pk,
        act.wang_record.pk,
        b.pk,
    }
    for pk in ids:
        assert f'name="member" value="{pk}"' in html
    assert f'name="member" value="{a.pk}"' not in html
    commit = staff.post(
        reverse("activities:attendance_sheet_commit", args=[festival.pk]),
        {"member": [str(pk) for pk in ids], "choice-7": str(c1.pk)},
        follow=True,
    )
    assert "已登记 4 人到场。" in page(commit)
    rows = Attendance.objects.filter(event=festival)
    assert set(rows.values_list("member", flat=True)) == ids | {c1.pk}
    assert {r.method for r in rows} == {Attendance.Method.IMPORT}


def test_an_unreadable_sheet_is_refused_in_chinese(act, festival, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = client_as("staff")
    response = staff.post(
        reverse("activities:attendance_sheet", args=[festival.pk]),
        {"file": SimpleUploadedFile("签到表.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400
    assert "不是 .xlsx 工作簿" in page(response)


def test_the_api_records_a_list_and_asks_about_namesakes(
    act, festival, client_as, make_member
):
    a = make_member(act.org.edu1, "王杰")
    b = make_member(act.org.edu2, "王杰")
    url = f"/api/v1/activities/events/{festival.pk}/attendance/bulk"
    staff = client_as("staff")
    first = staff.post(
        url,
        {"names": "张传吉、王杰", "members": [act.zhao_record.pk]},
        content_type="application/json",
    ).json()
    assert first["recorded"] is False and first["missing"] == []
    (ambiguous,) = first["ambiguous"]
    assert ambiguous["key"] == 2
    assert {c["id"] for c in ambiguous["candidates"]} == {a.pk, b.pk}
    assert {c["organization"] for c in ambiguous["candidates"]} == {
        "教育一支部",
        "教育二支部",
    }
    assert not Attendance.objects.exists()
    second = staff.post(
        url,
        {
            "names": "张传吉、王杰",
            "members": [act.zhao_record.pk],
            "choices": {"2": a.pk},
        },
        content_type="application/json",
    ).json()
    assert second["recorded"] is True and second["created"] == 3
    assert set(Attendance.objects.values_list("member", flat=True)) == {
        act.zhang_record.pk,
        act.zhao_record.pk,
        a.pk,
    }
    denied = client_as("zhang").post(
        url, {"names": "张传吉"}, content_type="application/json"
    )
    assert denied.status_code == 403
