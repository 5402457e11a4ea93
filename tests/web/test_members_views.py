"""The member pages: list, search, record, registration, edits, transfers."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import make_id_number
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.members.services import member_update, public_post_add

LIST = reverse("members:list")


def _body(response) -> str:
    return response.content.decode()


def _names(response) -> list[str]:
    return [m.name for m in response.context["members"]]


@pytest.fixture
def registry(org, people, make_member):
    """Members across the tree besides the fixture's 李晓梅 (edu2)."""
    return {
        "zhang": make_member(
            org.edu1,
            "张传吉",
            work_unit="大连市第二十四中学",
            sector="01",
            joined_on=dt.date(2013, 5, 1),
        ),
        "wang": make_member(
            org.edu1, "王芳", female=True, birth=dt.date(1992, 4, 2), education="21"
        ),
        "ding": make_member(org.direct, "丁一", joined_on=dt.date(2018, 9, 1)),
    }


# List ---------------------------------------------------------------------


def test_staff_see_every_active_member_with_a_count(client_for, registry):
    response = client_for("staff").get(LIST)
    assert response.status_code == 200
    assert sorted(_names(response)) == sorted(["张传吉", "王芳", "丁一", "李晓梅"])
    body = _body(response)
    assert "共 4 人" in body
    for column in ("姓名", "性别", "年龄/出生年月", "所在组织", "工作单位", "界别"):
        assert column in body
    assert "大连市第二十四中学" in body and "教育" in body


def test_it_sorts_by_surname_strokes_or_by_pinyin(client_for, registry):
    client = client_for("staff")
    assert _names(client.get(LIST)) == ["丁一", "王芳", "李晓梅", "张传吉"]
    assert _names(client.get(LIST, {"sort": "stroke"})) == [
        "丁一",
        "王芳",
        "李晓梅",
        "张传吉",
    ]
    assert _names(client.get(LIST, {"sort": "pinyin"})) == [
        "丁一",
        "李晓梅",
        "王芳",
        "张传吉",
    ]


def test_search_accepts_initials_pinyin_characters_and_traditional(
    client_for, registry
):
    client = client_for("staff")
    for q in ("zcj", "zhangchuanji", "传吉", "張傳吉", "ZCJ", "zhang chuan"):
        assert _names(client.get(LIST, {"q": q})) == ["张传吉"], q


def test_filters_narrow_the_list(client_for, org, registry):
    client = client_for("staff")
    assert sorted(_names(client.get(LIST, {"org": org.edu.pk}))) == sorted(
        ["张传吉", "王芳", "李晓梅"]
    )
    assert _names(client.get(LIST, {"org": org.direct.pk})) == ["丁一"]
    assert sorted(_names(client.get(LIST, {"gender": "F"}))) == sorted(
        ["王芳", "李晓梅"]
    )
    assert _names(client.get(LIST, {"age": "-35"})) == ["王芳"]
    assert _names(client.get(LIST, {"edu_level": "undergraduate"})) == ["王芳"]
    assert _names(client.get(LIST, {"sector": "01"})) == ["张传吉"]
    assert _names(client.get(LIST, {"join_year": "2018"})) == ["丁一"]
    assert _names(client.get(LIST, {"on": "2015-01-01"})) == [
        "王芳",
        "李晓梅",
        "张传吉",
    ]


def test_the_public_post_filter_finds_current_office_holders(
    client_for, people, registry
):
    public_post_add(member=registry["wang"], by=people.root, kind="cppcc", level="city")
    assert _names(client_for("staff").get(LIST, {"post": "cppcc"})) == ["王芳"]


def test_bad_filters_get_a_chinese_message_and_an_empty_list(client_for, registry):
    response = client_for("staff").get(
        LIST, {"join_year": "twenty", "gender": "X", "on": "2013-02-30"}
    )
    assert response.status_code == 200
    assert response.context["members"] == []
    body = _body(response)
    assert "入会年份应为四位数字" in body
    assert "性别应为" in body
    assert "在某日的会员：日期应为" in body


def test_an_organization_outside_the_scope_is_a_filter_error(client_for, org, registry):
    response = client_for("head").get(LIST, {"org": org.direct.pk})
    assert response.status_code == 200
    assert response.context["members"] == []
    assert "组织不存在或您无权查看" in _body(response)


def test_a_branch_head_lists_only_their_subtree(client_for, org, registry):
    response = client_for("head").get(LIST)
    assert sorted(_names(response)) == sorted(["张传吉", "王芳"])
    assert _names(client_for("head").get(LIST, {"q": "dy"})) == []
    options = list(response.context["org_choices"].orgs)
    assert options == [org.edu1]


def test_a_member_lists_only_themself(client_for, people, registry):
    # A member who may see no one else gets their own page, whatever the search.
    client = client_for("member")
    for params in ({}, {"q": "zcj"}):
        response = client.get(LIST, params)
        assert response.status_code == 302
        assert response.url == reverse("members:me")
    page = _body(client.get(reverse("members:me")))
    assert "李晓梅" in page and "张传吉" not in page


def test_an_outsider_lists_nobody(client_for, registry):
    response = client_for("outsider").get(LIST)
    assert response.status_code == 200
    assert _names(response) == []
    assert "共 0 人" in _body(response)


def test_htmx_requests_get_only_the_results_table(client_for, registry):
    response = client_for("staff").get(
        LIST,
        {"q": "zcj"},
        headers={"HX-Request": "true", "HX-Target": "member-results"},
    )
    assert response.status_code == 200
    body = _body(response)
    assert "<html" not in body and 'id="member-filters"' not in body
    assert "张传吉" in body and "王芳" not in body
    assert "HX-Request" in response["Vary"]
    full = _body(client_for("staff").get(LIST, {"q": "zcj"}))
    assert "<html" in full and 'hx-get="/members/"' in full
    assert 'hx-trigger="input changed delay:300ms, search"' in full


def test_pages_link_forward_and_back_keeping_the_filters(
    client_for, settings, registry
):
    settings.TONGXIN_PAGE_SIZE = 2
    client = client_for("staff")
    first = client.get(LIST, {"sort": "pinyin", "gender": ""})
    assert _names(first) == ["丁一", "李晓梅"]
    page = first.context["page"]
    assert page.has_next and not page.has_prev
    assert f"cursor={page.next_cursor}" in _body(first)
    assert "sort=pinyin" in _body(first)
    second = client.get(LIST, {"sort": "pinyin", "cursor": page.next_cursor})
    assert _names(second) == ["王芳", "张传吉"]
    back = client.get(
        LIST, {"sort": "pinyin", "cursor": second.context["page"].prev_cursor}
    )
    assert _names(back) == ["丁一", "李晓梅"]
    assert "共 4 人" in _body(second)


def test_a_garbage_cursor_shows_the_first_page(client_for, registry):
    response = client_for("staff").get(LIST, {"cursor": "%%%not-a-cursor"})
    assert response.status_code == 200
    assert len(_names(response)) == 4


def test_counts_past_the_bound_are_shown_as_more_than(client_for, settings, registry):
    settings.TONGXIN_COUNT_LIMIT = 3
    assert "超过 3 人" in _body(client_for("staff").get(LIST))


def test_the_export_link_keeps_the_filters_when_export_exists(client_for, registry):
    from django.urls import NoReverseMatch

    response = client_for("staff").get(LIST, {"q": "zcj", "sort": "pinyin"})
    try:
        export = reverse("members:export")
    except NoReverseMatch:
        assert response.context["export_url"] == ""
    else:
        assert response.context["export_url"] == export
        assert f"{export}?q=zcj&amp;sort=pinyin" in _body(response)
    # Self-service members cannot export: their page offers no export.
    me = _body(client_for("member").get(LIST, follow=True))
    assert reverse("members:export") not in me


def test_the_list_refuses_post(client_for, registry):
    assert client_for("staff").post(LIST).status_code == 405


def test_the_list_makes_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries, org, make_member
):
    for i in range(12):
        make_member(org.edu1, f"测试{i}号")
    client = client_for("staff")
    with django_assert_max_num_queries(12):
        client.get(LIST)


# Detail -------------------------------------------------------------------


def test_detail_shows_the_record_masked_with_periods_and_history(
    client_for, org, registry
):
    zhang = registry["zhang"]
    response = client_for("staff").get(reverse("members:detail", args=[zhang.pk]))
    assert response.status_code == 200
    body = _body(response)
    assert zhang.id_number not in body
    assert zhang.id_number[0] + "*" * 16 + zhang.id_number[-1] in body
    assert org.edu.name in body and org.edu1.name in body
    assert "2013-05-01" in body and "至今" in body
    assert "新增会员" in body
    ctx = response.context
    assert ctx["can_change"] and ctx["can_transfer"] and ctx["can_leave"]


def test_a_member_sees_their_own_record_without_actions(client_for, people):
    own = people.member_record
    response = client_for("member").get(reverse("members:detail", args=[own.pk]))
    assert response.status_code == 200
    ctx = response.context
    assert not (ctx["can_change"] or ctx["can_transfer"] or ctx["can_leave"])
    assert reverse("members:edit", args=[own.pk]) not in _body(response)


def test_records_outside_the_scope_are_404(client_for, people, registry):
    head = client_for("head")
    assert (
        head.get(reverse("members:detail", args=[registry["zhang"].pk])).status_code
        == 200
    )
    for pk in (people.member_record.pk, registry["ding"].pk):
        assert head.get(reverse("members:detail", args=[pk])).status_code == 404
        assert head.get(reverse("members:edit", args=[pk])).status_code == 404
    member = client_for("member")
    assert (
        member.get(reverse("members:detail", args=[registry["zhang"].pk])).status_code
        == 404
    )
    outsider = client_for("outsider")
    assert (
        outsider.get(
            reverse("members:detail", args=[people.member_record.pk])
        ).status_code
        == 404
    )


def test_detail_refuses_post(client_for, registry):
    url = reverse("members:detail", args=[registry["zhang"].pk])
    assert client_for("staff").post(url).status_code == 405


# Create -------------------------------------------------------------------


def test_staff_register_a_member_with_values_from_the_id_number(client_for, org):
    idn = make_id_number(dt.date(1980, 5, 19), female=True)
    client = client_for("staff")
    page = client.get(reverse("members:create"), {"org": org.edu1.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["organization"] == org.edu1.pk
    response = client.post(
        reverse("members:create"),
        {
            "organization": org.edu1.pk,
            "name": "张传吉",
            "id_number": idn,
            "ethnicity": "01",
            "education": "21",
            "sector": "01",
            "mobile": "138 1234 5678",
            "joined_on": "2013-05-01",
        },
    )
    member = Member.objects.get(name="张传吉")
    assert response.status_code == 302 and response.url == reverse(
        "members:detail", args=[member.pk]
    )
    assert member.gender == "F" and member.birth_date == dt.date(1980, 5, 19)
    assert member.mobile == "13812345678"
    assert Membership.objects.get(member=member).start_on == dt.date(2013, 5, 1)


def test_create_shows_every_bad_field_in_chinese_and_saves_nothing(client_for, org):
    before = Member.objects.count()
    response = client_for("staff").post(
        reverse("members:create"),
        {
            "organization": org.edu1.pk,
            "name": "",
            "gender": "M",
            "id_number": "210202198005190000",
            "joined_on": "2013-13-01",
            "mobile": "12345",
            "education": "99x",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "id_number", "joined_on", "mobile", "education"} <= set(errors)
    assert "校验" in " ".join(errors["id_number"])
    assert "学历" in " ".join(errors["education"])
    assert Member.objects.count() == before


def test_a_head_registers_only_in_their_subtree(client_for, org):
    client = client_for("head")
    page = client.get(reverse("members:create"))
    assert list(page.context["form"].fields["organization"].queryset) == [org.edu1]
    response = client.post(
        reverse("members:create"),
        {"organization": org.edu2.pk, "name": "越界", "gender": "M"},
    )
    assert response.status_code == 200
    assert "所选组织不存在或您无权操作" in _body(response)
    assert not Member.objects.filter(name="越界").exists()


def test_members_and_outsiders_cannot_register_members(client_for, org):
    for name in ("member", "outsider", "leader"):
        client = client_for(name)
        assert client.get(reverse("members:create")).status_code == 403, name
        response = client.post(
            reverse("members:create"),
            {"organization": org.edu2.pk, "name": "越权", "gender": "M"},
        )
        assert response.status_code == 403
    assert not Member.objects.filter(name="越权").exists()


def test_create_refuses_put(client_for, org):
    assert client_for("staff").put(reverse("members:create")).status_code == 405


# Edit ---------------------------------------------------------------------


def _edit_data(member: Member, **changes) -> dict:
    from tongxin.members.forms import MemberEditForm

    data = {k: v or "" for k, v in MemberEditForm.initial_for(member).items()}
    data["version"] = member.version
    data.update(changes)
    return data


def test_an_edit_is_saved_and_history_shows_before_and_after(
    client_for, people, registry
):
    zhang = registry["zhang"]
    url = reverse("members:edit", args=[zhang.pk])
    client = client_for("head")
    page = client.get(url)
    assert page.status_code == 200
    assert zhang.id_number not in _body(page)
    response = client.post(url, _edit_data(zhang, work_unit="大连理工大学"))
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.work_unit == "大连理工大学"
    assert zhang.id_number  # left blank in the form: kept
    detail = client.get(reverse("members:detail", args=[zhang.pk]))
    entry = detail.context["history"][0]
    assert entry["by"] == people.head
    assert {
        "field": "工作单位",
        "old": "大连市第二十四中学",
        "new": "大连理工大学",
    } in entry["changes"]
    body = _body(detail)
    assert "修改会员信息" in body and "大连市第二十四中学" in body


def test_two_edits_from_the_same_version_the_second_is_refused(client_for, registry):
    zhang = registry["zhang"]
    url = reverse("members:edit", args=[zhang.pk])
    stale = _edit_data(zhang)
    first = client_for("staff").post(url, {**stale, "job": "校长"})
    assert first.status_code == 302
    second = client_for("head").post(url, {**stale, "job": "副校长"})
    assert second.status_code == 200
    assert "已被他人修改" in _body(second)
    zhang.refresh_from_db()
    assert zhang.job == "校长"
    assert second.context["form"].initial["job"] == "校长"
    assert second.context["form"].initial["version"] == zhang.version


def test_a_bad_edit_changes_nothing(client_for, registry):
    zhang = registry["zhang"]
    version = zhang.version
    response = client_for("staff").post(
        reverse("members:edit", args=[zhang.pk]),
        _edit_data(zhang, birth_date="1975-02-30", email="not-an-email", name=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"birth_date", "email", "name"} <= set(errors)
    zhang.refresh_from_db()
    assert zhang.version == version and zhang.name == "张传吉"


def test_edit_is_forbidden_to_readers_and_to_the_member_themself(
    client_for, people, registry
):
    own = people.member_record
    assert (
        client_for("member").get(reverse("members:edit", args=[own.pk])).status_code
        == 403
    )
    url = reverse("members:edit", args=[registry["zhang"].pk])
    assert (
        client_for("leader").post(url, _edit_data(registry["zhang"])).status_code == 403
    )
    assert client_for("staff").put(url).status_code == 405


# Transfer and leave -----------------------------------------------------------


def test_staff_transfer_a_member_and_the_periods_keep_history(
    client_for, org, registry
):
    zhang = registry["zhang"]
    url = reverse("members:transfer", args=[zhang.pk])
    client = client_for("staff")
    page = client.get(url)
    assert org.edu1 not in list(page.context["form"].fields["to_org"].queryset)
    response = client.post(
        url,
        {
            "to_org": org.direct.pk,
            "on": "2024-03-01",
            "note": "工作调动",
            "version": zhang.version,
        },
    )
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.organization == org.direct
    periods = list(Membership.objects.filter(member=zhang).order_by("start_on"))
    assert [(p.organization, p.end_on) for p in periods] == [
        (org.edu1, dt.date(2024, 3, 1)),
        (org.direct, None),
    ]
    body = _body(client.get(reverse("members:detail", args=[zhang.pk])))
    assert "工作调动" in body


def test_a_head_cannot_transfer_out_of_their_subtree(client_for, org, registry):
    zhang = registry["zhang"]
    response = client_for("head").post(
        reverse("members:transfer", args=[zhang.pk]),
        {"to_org": org.direct.pk, "on": "2024-03-01", "version": zhang.version},
    )
    assert response.status_code == 200
    assert "所选组织不存在或您无权操作" in _body(response)
    zhang.refresh_from_db()
    assert zhang.organization == org.edu1


def test_transfer_before_the_current_period_is_refused(client_for, org, registry):
    zhang = registry["zhang"]
    response = client_for("staff").post(
        reverse("members:transfer", args=[zhang.pk]),
        {"to_org": org.direct.pk, "on": "2001-01-01", "version": zhang.version},
    )
    assert "调动日期不能早于" in _body(response)
    zhang.refresh_from_db()
    assert zhang.organization == org.edu1


def test_transfer_is_forbidden_to_members_and_refuses_put(client_for, people, registry):
    own = people.member_record
    assert (
        client_for("member").get(reverse("members:transfer", args=[own.pk])).status_code
        == 403
    )
    url = reverse("members:transfer", args=[registry["zhang"].pk])
    assert client_for("staff").put(url).status_code == 405


def test_staff_record_a_member_leaving(client_for, registry):
    ding = registry["ding"]
    url = reverse("members:leave", args=[ding.pk])
    client = client_for("staff")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "status": "withdrawn",
            "on": "2024-06-30",
            "note": "本人申请",
            "version": ding.version,
        },
    )
    assert response.status_code == 302
    ding.refresh_from_db()
    assert (ding.status, ding.status_on) == ("withdrawn", dt.date(2024, 6, 30))
    assert "丁一" not in _names(client.get(LIST))
    assert "丁一" in _names(client.get(LIST, {"status": "withdrawn"}))
    detail = client.get(reverse("members:detail", args=[ding.pk]))
    assert not detail.context["can_leave"] and "本人申请" in _body(detail)


def test_leave_needs_a_kind_and_a_date(client_for, registry):
    ding = registry["ding"]
    response = client_for("staff").post(
        reverse("members:leave", args=[ding.pk]),
        {"status": "vanished", "on": "", "version": ding.version},
    )
    assert response.status_code == 200
    body = _body(response)
    assert "离会类型应为" in body and "请填写离会日期" in body
    ding.refresh_from_db()
    assert ding.status == "active"


def test_leave_is_forbidden_outside_the_scope_and_refuses_put(client_for, registry):
    url = reverse("members:leave", args=[registry["ding"].pk])
    assert client_for("head").post(url, {"status": "withdrawn"}).status_code == 404
    assert client_for("leader").post(url, {"status": "withdrawn"}).status_code == 403
    assert client_for("staff").put(url).status_code == 405


def test_a_stale_leave_is_refused(client_for, people, registry):
    ding = registry["ding"]
    version = ding.version
    member_update(member=ding, by=people.root, version=version, job="工程师")
    response = client_for("staff").post(
        reverse("members:leave", args=[ding.pk]),
        {"status": "withdrawn", "on": "2024-06-30", "version": version},
    )
    assert "已被他人修改" in _body(response)
    ding.refresh_from_db()
    assert ding.status == "active"


# Public posts -------------------------------------------------------------


def test_staff_add_and_end_a_public_post(client_for, registry):
    wang = registry["wang"]
    client = client_for("staff")
    url = reverse("members:public_post_add", args=[wang.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "cppcc",
            "level": "city",
            "body": "大连市政协",
            "term": "第十二届",
            "start_on": "2017-01-01",
        },
    )
    assert response.status_code == 302
    post = PublicPost.objects.get(member=wang)
    assert (post.kind, post.level, post.term) == ("cppcc", "city", "第十二届")
    end = reverse("members:public_post_end", args=[wang.pk, post.pk])
    assert client.get(end).status_code == 405
    assert client.post(end, {"end_on": "2022-01-31"}).status_code == 302
    post.refresh_from_db()
    assert post.end_on == dt.date(2022, 1, 31)


def test_public_posts_need_valid_choices_and_the_right_role(client_for, registry):
    wang = registry["wang"]
    url = reverse("members:public_post_add", args=[wang.pk])
    response = client_for("staff").post(url, {"kind": "king", "level": "city"})
    assert "类别无效" in _body(response)
    assert (
        client_for("leader").post(url, {"kind": "npc", "level": "city"}).status_code
        == 403
    )
    assert client_for("staff").put(url).status_code == 405
    assert not PublicPost.objects.exists()


def test_the_list_rows_show_every_column_escaped(org, people, make_member, client):
    """The rows are written in Python: each cell, its label, and no markup injected."""
    from tongxin.core.templatetags.tongxin import age

    m = make_member(
        org.edu1,
        "<b>马</b>",
        female=True,
        birth=dt.date(1980, 2, 3),
        work_unit="某大学 & 研究所",
        job="教授",
        title="主任",
        sector="01",
    )
    client.force_login(people.staff)
    body = client.get(reverse("members:list"), {"q": "马"}).content.decode()
    row = body[body.index(f'href="/members/{m.pk}/"') :]
    row = row[: row.index("</tr>")]
    assert "&lt;b&gt;马&lt;/b&gt;" in row and "<b>" not in row
    assert '<td data-label="性别">女</td>' in row
    assert f"{age(dt.date(1980, 2, 3))}岁" in row and "1980.02" in row
    assert f'<td data-label="组织">{org.edu1.name}</td>' in row
    assert '<td data-label="单位" class="tx-wrap">某大学 &amp; 研究所</td>' in row
    assert '<td data-label="职务" class="tx-wrap">教授 / 主任</td>' in row
    assert '<td data-label="界别">教育</td>' in row
    assert '<td data-label="入会">2005.06</td>' in row
    assert 'tx-badge tx-badge-active">在册</span>' in row
