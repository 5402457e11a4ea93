"""The honors registry: services, selectors, pages and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.honors.conftest import PDF
from tongxin.honors import services
from tongxin.honors.models import Honor, HonorFile, HonorRecipient
from tongxin.honors.selectors import honor_counts, honor_list

API = "/api/v1/honors"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- services ----------------------------------------------------------------------


def test_one_honor_to_many_members_is_entered_once(hon, make_member, make_honor):
    """56 members named in a pasted list become 56 recipient rows of one honor."""
    names = [make_member(hon.org.edu2, f"会员{i:02d}") for i in range(54)]
    text = "\n".join(m.name for m in names) + "\n张传吉、王芳"
    members = services.resolve_recipients(by=hon.staff, text=text)
    honor = make_honor(members=members, by=hon.staff)
    assert Honor.objects.count() == 1
    assert honor.recipients.count() == 56


def test_a_pasted_list_with_unknown_or_ambiguous_names_is_refused(hon, make_member):
    other = make_member(hon.org.edu2, "王芳", female=True)
    with pytest.raises(ValidationError) as err:
        services.resolve_recipients(by=hon.staff, text="王芳\n查无此人")
    text = " ".join(err.value.messages)
    assert "“王芳”对应 2 名会员" in text and "找不到会员“查无此人”" in text
    assert "教育一支部" in text and "教育二支部" in text
    # The namesake chosen (entry 1 of the list) resolves it.
    chosen = services.resolve_recipients(
        by=hon.staff, text="王芳", choices={1: other.pk}
    )
    assert chosen == [other]


def test_an_id_number_resolves_a_member(hon):
    from tongxin.members.models import Member

    member = Member.objects.get(pk=hon.zhang.pk)
    number = member.id_number
    assert services.resolve_recipients(by=hon.staff, text=number) == [member]


def test_an_honor_without_level_or_recipient_is_refused(hon, make_honor):
    with pytest.raises(ValidationError) as err:
        make_honor(level="", members=[hon.zhang])
    assert "级别" in err.value.message_dict["level"][0]
    with pytest.raises(ValidationError) as err:
        make_honor()
    assert "获奖会员" in err.value.message_dict["recipients"][0]
    assert not Honor.objects.exists() and not HonorRecipient.objects.exists()


def test_year_comes_from_the_date_and_must_agree(hon, make_honor):
    honor = make_honor(year=None, awarded_on=dt.date(2012, 5, 4), members=[hon.zhang])
    assert honor.year == 2012
    with pytest.raises(ValidationError):
        make_honor(year=2013, awarded_on=dt.date(2012, 5, 4), members=[hon.zhang])


def test_staff_honor_only_within_their_subtree(hon, make_honor):
    make_honor(organization=hon.org.edu, members=[hon.zhang], by=hon.edu_staff)
    with pytest.raises(PermissionDenied):
        make_honor(organization=hon.org.city, members=[hon.zhang], by=hon.edu_staff)
    with pytest.raises(PermissionDenied):
        make_honor(organization=hon.org.edu, members=[hon.zhao], by=hon.edu_staff)
    with pytest.raises(PermissionDenied):
        make_honor(members=[hon.zhang], by=hon.leader)
    assert Honor.objects.count() == 1


def test_evidence_files_are_checked_by_type_and_size(hon, make_honor, settings):
    honor = make_honor(members=[hon.zhang])
    good = SimpleUploadedFile("文件.pdf", PDF)
    services.honor_file_add(honor=honor, by=hon.staff, upload=good, title="表彰决定")
    with pytest.raises(ValidationError) as err:
        services.honor_file_add(
            honor=honor, by=hon.staff, upload=SimpleUploadedFile("a.exe", b"MZ\x90")
        )
    assert "文件类型" in " ".join(err.value.messages)
    settings.TONGXIN_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as err:
        services.honor_file_add(
            honor=honor, by=hon.staff, upload=SimpleUploadedFile("b.pdf", PDF)
        )
    assert "文件太大" in " ".join(err.value.messages)
    assert HonorFile.objects.count() == 1


# --- selectors -----------------------------------------------------------------------


def test_the_list_is_newest_first(hon, make_honor):
    make_honor(title="旧", year=2010, members=[hon.zhang])
    make_honor(title="新", year=2014, members=[hon.zhang])
    make_honor(title="中", year=2012, members=[hon.zhang])
    assert [h.title for h in honor_list(user=hon.staff)] == ["新", "中", "旧"]


def test_a_head_sees_honors_naming_their_members_only(hon, make_honor):
    inside = make_honor(title="甲", members=[hon.zhang])
    outside = make_honor(title="乙", members=[hon.zhao])
    seen = set(honor_list(user=hon.head))
    assert inside in seen and outside not in seen
    assert set(honor_list(user=hon.member)) == set()


def test_counts_by_level_category_year_and_organization(hon, make_honor):
    make_honor(level="national", members=[hon.zhang, hon.wang], year=2013)
    make_honor(level="city", category="social_service", members=[hon.zhao], year=2012)
    make_honor(level="city", organizations=[hon.org.edu1], year=2013)
    by_level = {c.key: c for c in honor_counts(user=hon.staff, by="level")}
    assert by_level["national"].members == 2 and by_level["city"].honors == 2
    assert by_level["city"].organizations == 1
    by_cat = {c.key: c.members for c in honor_counts(user=hon.staff, by="category")}
    assert by_cat == {"publicity": 2, "social_service": 1}
    by_year = {c.key: c.honors for c in honor_counts(user=hon.staff, by="year")}
    assert by_year == {"2013": 2, "2012": 1}
    by_org = {
        c.label: c.members for c in honor_counts(user=hon.staff, by="organization")
    }
    assert by_org == {"教育基层委员会": 2, "市直属第一支部": 1}
    edu = {
        c.key: c.members
        for c in honor_counts(user=hon.staff, by="level", org=hon.org.edu)
    }
    assert edu == {"national": 2, "city": 0}
    head = {c.key: c.honors for c in honor_counts(user=hon.head, by="level")}
    assert head == {"national": 1, "city": 1}


# --- pages ---------------------------------------------------------------------------


def test_staff_register_an_honor_on_the_page(hon):
    client = client_for(hon.staff)
    assert client.get(reverse("honors:create")).status_code == 200
    response = client.post(
        reverse("honors:create"),
        {
            "organization": hon.org.city.pk,
            "title": "社会服务先进个人",
            "category": "social_service",
            "level": "city",
            "awarding_body": "大连市委统战部",
            "year": "2013",
            "recipients_text": "张传吉\n赵明",
            "organizations": [hon.org.edu1.pk],
            "file": SimpleUploadedFile("决定.pdf", PDF),
        },
    )
    honor = Honor.objects.get()
    assert response.status_code == 302
    assert honor.recipients.count() == 3 and honor.files.count() == 1
    page = client.get(honor.get_absolute_url()).content.decode()
    assert "张传吉" in page and "教育一支部" in page
    download = client.get(
        reverse("honors:file_download", args=[honor.pk, honor.files.get().pk])
    )
    assert b"".join(download.streaming_content) == PDF


def test_a_namesake_on_the_honor_page_is_offered_as_a_choice(hon, make_member):
    other = make_member(hon.org.edu2, "王芳", female=True)
    data = {
        "organization": hon.org.city.pk,
        "title": "优秀会员",
        "category": "social_service",
        "level": "city",
        "awarding_body": "大连市委统战部",
        "year": "2013",
        "recipients_text": "张传吉\n王芳",
    }
    client = client_for(hon.staff)
    first = client.post(reverse("honors:create"), data)
    html = first.content.decode()
    assert first.status_code == 200 and not Honor.objects.exists()
    assert "“王芳”是哪一位？" in html and "张传吉\n王芳</textarea>" in html
    assert f'name="choice-2" value="{hon.wang.pk}"' in html
    assert f'name="choice-2" value="{other.pk}"' in html
    done = client.post(reverse("honors:create"), {**data, "choice-2": other.pk})
    assert done.status_code == 302
    assert set(Honor.objects.get().recipients.values_list("member", flat=True)) == {
        hon.zhang.pk,
        other.pk,
    }


def test_a_refused_honor_page_shows_chinese_and_writes_nothing(hon):
    response = client_for(hon.staff).post(
        reverse("honors:create"),
        {
            "organization": hon.org.city.pk,
            "title": "先进",
            "category": "publicity",
            "level": "",
            "awarding_body": "某单位",
            "year": "2013",
            "recipients_text": "",
        },
    )
    assert response.status_code == 200
    assert "请选择级别" in response.content.decode()
    response = client_for(hon.staff).post(
        reverse("honors:create"),
        {
            "organization": hon.org.city.pk,
            "title": "先进",
            "category": "publicity",
            "level": "city",
            "awarding_body": "某单位",
            "year": "2013",
            "recipients_text": "",
            "file": SimpleUploadedFile("x.pdf", PDF),
        },
    )
    assert "请至少填写一名获奖会员" in response.content.decode()
    assert not Honor.objects.exists() and not HonorFile.objects.exists()


def test_member_and_org_pages_show_their_honors(hon, make_honor):
    make_honor(title="宣传先进个人", members=[hon.zhang])
    make_honor(title="先进集体", level="national", organizations=[hon.org.edu1])
    client = client_for(hon.staff)
    member_page = client.get(reverse("members:detail", args=[hon.zhang.pk]))
    assert "宣传先进个人" in member_page.content.decode()
    org_page = client.get(reverse("orgs:detail", args=[hon.org.edu1.pk])).content
    assert "先进集体" in org_page.decode() and "1 人次" in org_page.decode()


def test_stats_and_list_pages(hon, make_honor):
    make_honor(members=[hon.zhang])
    client = client_for(hon.head)
    assert "宣传工作先进个人" in client.get(reverse("honors:list")).content.decode()
    stats = client.get(reverse("honors:stats"), {"by": "category"})
    assert "宣传" in stats.content.decode()
    assert (
        "宣传工作先进个人"
        not in client_for(hon.outsider).get(reverse("honors:list")).content.decode()
    )
    assert client_for(hon.head).get(reverse("honors:create")).status_code == 403


def test_recipients_are_added_and_removed_on_the_page(hon, make_honor):
    honor = make_honor(members=[hon.zhang])
    client = client_for(hon.staff)
    client.post(
        reverse("honors:recipients_add", args=[honor.pk]), {"recipients_text": "王芳"}
    )
    assert honor.recipients.count() == 2
    last = honor.recipients.get(member=hon.wang)
    client.post(reverse("honors:recipient_remove", args=[honor.pk, last.pk]))
    only = honor.recipients.get()
    client.post(reverse("honors:recipient_remove", args=[honor.pk, only.pk]))
    assert honor.recipients.count() == 1


# --- API -------------------------------------------------------------------------------


def test_the_api_registers_lists_and_counts(hon):
    client = client_for(hon.staff)
    created = client.post(
        API,
        {
            "organization": hon.org.city.pk,
            "title": "全国宣传工作先进集体",
            "category": "publicity",
            "level": "national",
            "awarding_body": "民进中央",
            "year": 2013,
            "organizations": [hon.org.city.pk],
            "member_names": "张传吉",
            "members": [hon.zhao.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["recipients"]) == 3
    listed = client.get(API, {"level": "national"}).json()
    assert [h["title"] for h in listed] == ["全国宣传工作先进集体"]
    stats = client.get(f"{API}/stats", {"by": "level"}).json()
    assert stats[0]["key"] == "national" and stats[0]["members"] == 2
    patched = client.patch(
        f"{API}/{body['id']}",
        {"version": body["version"], "document_number": "民进中央〔2013〕5号"},
        content_type="application/json",
    )
    assert patched.json()["document_number"] == "民进中央〔2013〕5号"
    upload = client.post(
        f"{API}/{body['id']}/files", {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert upload.status_code == 201


def test_the_api_refuses_bad_honors_in_chinese(hon):
    client = client_for(hon.staff)
    base = {
        "organization": hon.org.city.pk,
        "title": "先进",
        "category": "publicity",
        "awarding_body": "某单位",
        "year": 2013,
    }
    no_level = client.post(
        API, base | {"members": [hon.zhang.pk]}, content_type="application/json"
    )
    assert (
        no_level.status_code == 422 and "级别" in no_level.json()["errors"]["level"][0]
    )
    nobody = client.post(API, base | {"level": "city"}, content_type="application/json")
    assert nobody.status_code == 422 and "recipients" in nobody.json()["errors"]
    assert not Honor.objects.exists()
    head = client_for(hon.head).post(
        API, base | {"level": "city"}, content_type="application/json"
    )
    assert head.status_code == 403
