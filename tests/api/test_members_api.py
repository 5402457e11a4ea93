"""The member endpoints: list, detail, create, update, transfer, leave, history.

The list takes the member list page's query parameters and pages by cursor.
A member outside the user's reach answers 404 on read and write; one the user
sees but may not change answers 403; bad input gets Chinese messages by field
and changes nothing.
"""

import datetime as dt

import pytest

from tests.accounts.support import login_verified
from tests.conftest import make_id_number
from tongxin.members.models import Member, Membership, PublicPost
from tongxin.members.services import public_post_add
from tongxin.orgs.services import post_assign


def as_user(client, user):
    if user.is_superuser:
        return login_verified(client, user)
    client.force_login(user)
    return client


def send(client, method: str, url: str, data: dict | None = None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["name"] for m in response.json()["items"]]


@pytest.fixture
def roster(org, make_member):
    """Members in three branches besides 李晓梅 of edu2."""
    return {
        "zhang": make_member(org.edu1, "张传吉", mobile="13812345678"),
        "wang": make_member(org.edu1, "王芳", female=True, birth=dt.date(2000, 2, 1)),
        "zhao": make_member(org.direct, "赵明", joined_on=dt.date(2013, 5, 1)),
    }


# List --------------------------------------------------------------------------


def test_it_lists_all_members_to_committee_staff(client, people, roster):
    """Sorted by surname strokes: 王 (4) 李 (7) 张 (7) 赵 (9)."""
    response = as_user(client, people.staff).get("/api/v1/members")
    assert names(response) == ["王芳", "李晓梅", "张传吉", "赵明"]
    body = response.json()
    assert (body["count"], body["count_exact"]) == (4, True)
    assert (body["next_cursor"], body["prev_cursor"]) == (None, None)
    first = body["items"][0]
    assert first["organization"]["code"] == "G1B1"
    assert first["gender_display"] == "女"
    assert "id_number" not in first and "mobile" not in first


def test_it_lists_only_the_branch_of_a_head(client, people, roster):
    response = as_user(client, people.head).get("/api/v1/members")
    assert sorted(names(response)) == ["张传吉", "王芳"]


def test_it_lists_only_their_own_record_to_a_member(client, people, roster):
    response = as_user(client, people.member).get("/api/v1/members?status=all")
    assert names(response) == ["李晓梅"]


def test_it_lists_nothing_to_an_outsider(client, people, roster):
    response = as_user(client, people.outsider).get("/api/v1/members")
    assert names(response) == []
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("org={edu}", ["王芳", "李晓梅", "张传吉"]),
        ("org={direct}", ["赵明"]),
        ("gender=F", ["王芳", "李晓梅"]),
        ("q=zcj", ["张传吉"]),
        ("q=張", ["张传吉"]),
        ("age=-35", ["王芳"]),
        ("join_year=2013", ["赵明"]),
        ("sort=pinyin", ["李晓梅", "王芳", "张传吉", "赵明"]),
    ],
)
def test_it_filters_as_the_list_page_does(client, people, org, roster, query, expected):
    url = "/api/v1/members?" + query.format(edu=org.edu.pk, direct=org.direct.pk)
    assert names(as_user(client, people.staff).get(url)) == expected


@pytest.mark.parametrize(
    ("query", "field", "fragment"),
    [
        ("status=gone", "status", "状态取值应为"),
        ("gender=X", "gender", "性别应为"),
        ("on=2013-13-01", "on", "日期应为"),
        ("join_year=13", "join_year", "入会年份"),
        ("sort=age", "sort", "排序方式"),
        ("org=abc", "org", "应为整数"),
        ("size=0", "size", "应不小于 1"),
        ("size=500", "size", "应不大于 200"),
        ("cursor=@@@", "cursor", "游标无效"),
    ],
)
def test_it_rejects_bad_filters_in_chinese(client, people, query, field, fragment):
    response = as_user(client, people.staff).get("/api/v1/members?" + query)
    assert response.status_code == 422
    body = response.json()
    assert fragment in body["errors"][field][0]
    assert fragment in body["detail"]


def test_it_treats_an_invisible_organization_filter_as_unknown(client, people, org):
    """A head filtering by another branch learns nothing about it."""
    response = as_user(client, people.head).get(f"/api/v1/members?org={org.edu2.pk}")
    assert response.status_code == 422
    assert response.json()["errors"]["org"] == ["组织不存在或您无权查看。"]


def test_it_pages_forward_and_back_by_cursor(client, people, roster):
    client = as_user(client, people.staff)
    page1 = client.get("/api/v1/members?size=2").json()
    assert [m["name"] for m in page1["items"]] == ["王芳", "李晓梅"]
    assert page1["prev_cursor"] is None
    assert page1["count"] == 4
    page2 = client.get(f"/api/v1/members?size=2&cursor={page1['next_cursor']}").json()
    assert [m["name"] for m in page2["items"]] == ["张传吉", "赵明"]
    assert page2["next_cursor"] is None
    back = client.get(f"/api/v1/members?size=2&cursor={page2['prev_cursor']}").json()
    assert [m["name"] for m in back["items"]] == ["王芳", "李晓梅"]


def test_it_lists_without_a_query_per_row(
    client, people, roster, django_assert_max_num_queries
):
    client = as_user(client, people.staff)
    client.get("/api/v1/members")
    with django_assert_max_num_queries(6):
        assert len(names(client.get("/api/v1/members"))) == 4


def test_it_refuses_other_methods_on_the_list(client, people):
    assert as_user(client, people.staff).put("/api/v1/members").status_code == 405


# Detail ------------------------------------------------------------------------


def test_it_reads_a_full_record_with_masked_identifiers(client, people, org, roster):
    zhang = roster["zhang"]
    public_post_add(
        member=zhang, by=people.root, kind="cppcc", level="city", body="市政协"
    )
    post_assign(
        organization=org.edu1,
        member=zhang,
        title="head",
        start_on=dt.date(2020, 1, 1),
        by=people.root,
    )
    response = as_user(client, people.staff).get(f"/api/v1/members/{zhang.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == zhang.id_number[0] + "*" * 16 + zhang.id_number[-1]
    assert body["mobile"] == "1*********8"
    assert zhang.id_number not in response.content.decode()
    assert body["version"] == 1
    assert [
        (m["organization"]["code"], m["start_on"], m["end_on"])
        for m in body["memberships"]
    ] == [("G1B1", "2005-06-01", None)]
    assert [(p["kind_display"], p["level_display"]) for p in body["public_posts"]] == [
        ("政协委员", "市级")
    ]
    assert [(p["organization"]["code"], p["title_display"]) for p in body["posts"]] == [
        ("G1B1", "负责人")
    ]


def test_a_member_reads_their_own_record(client, people):
    response = as_user(client, people.member).get(
        f"/api/v1/members/{people.member_record.pk}"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "李晓梅"


@pytest.mark.parametrize(
    ("who", "target"), [("head", None), ("member", "zhang"), ("outsider", None)]
)
def test_it_hides_records_outside_the_users_reach(client, people, roster, who, target):
    """Another branch's member answers exactly like a missing one."""
    member = roster[target] if target else people.member_record
    client = as_user(client, getattr(people, who))
    hidden = client.get(f"/api/v1/members/{member.pk}")
    missing = client.get("/api/v1/members/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


# Create ------------------------------------------------------------------------


def test_it_creates_a_member_from_values_as_typed(client, people, org):
    id_number = make_id_number(dt.date(1980, 7, 9), female=False)
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/members",
        {
            "organization": org.edu1.pk,
            "name": "周树人",
            "gender": "男",
            "ethnicity": "汉",
            "education": "本科",
            "id_number": id_number,
            "joined_on": "2013.05",
            "mobile": "139 1234 5678",
        },
    )
    assert response.status_code == 201, response.content
    member = Member.objects.get(name="周树人")
    assert (member.gender, member.ethnicity, member.education) == ("M", "01", "21")
    assert member.birth_date == dt.date(1980, 7, 9)
    assert member.joined_on == dt.date(2013, 5, 1)
    assert member.mobile == "13912345678"
    body = response.json()
    assert body["id"] == member.pk
    assert body["ethnicity_name"] == "汉族"
    assert body["mobile"] == "1*********8"
    assert member.memberships.get().organization == org.edu1


def test_a_head_creates_a_member_in_their_branch(client, people, org):
    response = send(
        as_user(client, people.head),
        "post",
        "/api/v1/members",
        {"organization": org.edu1.pk, "name": "钱七", "gender": "女"},
    )
    assert response.status_code == 201
    assert Member.objects.get(name="钱七").organization == org.edu1


def test_it_refuses_creating_in_an_invisible_organization(client, people, org):
    before = Member.objects.count()
    response = send(
        as_user(client, people.head),
        "post",
        "/api/v1/members",
        {"organization": org.edu2.pk, "name": "钱七", "gender": "女"},
    )
    assert response.status_code == 422
    assert "无权查看" in response.json()["errors"]["organization"][0]
    assert Member.objects.count() == before


def test_it_forbids_a_leader_to_create(client, people, org):
    before = Member.objects.count()
    response = send(
        as_user(client, people.leader),
        "post",
        "/api/v1/members",
        {"organization": org.edu1.pk, "name": "钱七", "gender": "女"},
    )
    assert response.status_code == 403
    assert Member.objects.count() == before


def test_it_refuses_bad_member_input_in_chinese(client, people, org):
    before = (Member.objects.count(), Membership.objects.count())
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/members",
        {
            "organization": org.edu1.pk,
            "name": "孙八",
            "gender": "未知",
            "id_number": "210202198001011234",
            "email": "not-an-email",
            "birth_date": "2099-01-01",
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "无法识别" in errors["gender"][0]
    assert errors["id_number"] and errors["email"] and errors["birth_date"]
    assert all(has_chinese(messages[0]) for messages in errors.values())
    assert (Member.objects.count(), Membership.objects.count()) == before


def test_it_refuses_unknown_fields(client, people, org):
    response = send(
        as_user(client, people.staff),
        "post",
        "/api/v1/members",
        {
            "organization": org.edu1.pk,
            "name": "孙八",
            "gender": "男",
            "status": "active",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"status": ["不是可用的字段。"]}


def test_it_refuses_a_body_that_is_not_json(client, people):
    response = as_user(client, people.staff).post(
        "/api/v1/members", "{oops", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体不是有效的 JSON。"}


# Update ------------------------------------------------------------------------


def test_it_updates_a_record(client, people, roster):
    zhang = roster["zhang"]
    response = send(
        as_user(client, people.staff),
        "patch",
        f"/api/v1/members/{zhang.pk}",
        {"work_unit": "大连理工大学", "title": "教授", "version": 1},
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    zhang.refresh_from_db()
    assert (zhang.work_unit, zhang.title_level, zhang.version) == (
        "大连理工大学",
        "senior",
        2,
    )


def test_it_refuses_a_stale_member_version(client, people, roster):
    zhang = roster["zhang"]
    client = as_user(client, people.staff)
    send(client, "patch", f"/api/v1/members/{zhang.pk}", {"job": "主任", "version": 1})
    response = send(
        client, "patch", f"/api/v1/members/{zhang.pk}", {"job": "副主任", "version": 1}
    )
    assert response.status_code == 409
    assert "已被他人修改" in response.json()["detail"]
    zhang.refresh_from_db()
    assert (zhang.job, zhang.version) == ("主任", 2)


def test_it_requires_a_version_to_update_a_member(client, people, roster):
    response = send(
        as_user(client, people.staff),
        "patch",
        f"/api/v1/members/{roster['zhang'].pk}",
        {"job": "主任"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"version": ["此项为必填项。"]}


def test_it_refuses_a_bad_update_and_keeps_the_record(client, people, roster):
    zhang = roster["zhang"]
    response = send(
        as_user(client, people.staff),
        "patch",
        f"/api/v1/members/{zhang.pk}",
        {"job": "主任", "mobile": "12345", "version": 1},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["mobile"]
    zhang.refresh_from_db()
    assert (zhang.job, zhang.mobile, zhang.version) == ("", "13812345678", 1)


def test_it_forbids_a_member_to_edit_their_own_record(client, people):
    record = people.member_record
    response = send(
        as_user(client, people.member),
        "patch",
        f"/api/v1/members/{record.pk}",
        {"job": "主任", "version": 1},
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.job == ""


def test_it_hides_another_branch_from_a_head_on_update(client, people):
    response = send(
        as_user(client, people.head),
        "patch",
        f"/api/v1/members/{people.member_record.pk}",
        {"job": "主任", "version": 1},
    )
    assert response.status_code == 404
    people.member_record.refresh_from_db()
    assert people.member_record.job == ""


# Transfer and leave --------------------------------------------------------------


def test_it_transfers_and_keeps_the_member_at_earlier_dates(client, people, org):
    record = people.member_record
    client = as_user(client, people.staff)
    response = send(
        client,
        "post",
        f"/api/v1/members/{record.pk}/transfer",
        {"to_org": org.edu1.pk, "on": "2020-03-01", "note": "工作调动", "version": 1},
    )
    assert response.status_code == 200, response.content
    assert response.json()["organization"]["code"] == "G1B1"
    assert [m["end_on"] for m in response.json()["memberships"]] == ["2020-03-01", None]

    def listed(query: str) -> list[str]:
        return names(client.get("/api/v1/members?" + query))

    assert listed(f"org={org.edu2.pk}&on=2020-02-29") == ["李晓梅"]
    assert listed(f"org={org.edu2.pk}") == []
    assert listed(f"org={org.edu1.pk}&on=2020-02-29") == []
    assert listed(f"org={org.edu1.pk}&on=2020-03-01") == ["李晓梅"]


def test_it_refuses_a_transfer_with_a_stale_version(client, people, org):
    record = people.member_record
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/members/{record.pk}/transfer",
        {"to_org": org.edu1.pk, "on": "2020-03-01", "version": 7},
    )
    assert response.status_code == 409
    record.refresh_from_db()
    assert record.organization == org.edu2
    assert record.memberships.count() == 1


def test_it_refuses_a_transfer_out_of_reach(client, people, org, make_member):
    """A head can neither see another branch's member nor send one there."""
    own = make_member(org.edu1, "张三")
    client = as_user(client, people.head)
    response = send(
        client,
        "post",
        f"/api/v1/members/{own.pk}/transfer",
        {"to_org": org.edu2.pk, "on": "2020-03-01", "version": 1},
    )
    assert response.status_code == 422
    assert "to_org" in response.json()["errors"]
    response = send(
        client,
        "post",
        f"/api/v1/members/{people.member_record.pk}/transfer",
        {"to_org": org.edu1.pk, "on": "2020-03-01", "version": 1},
    )
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.organization == org.edu1


def test_it_refuses_a_transfer_before_the_current_period(client, people, org):
    record = people.member_record
    response = send(
        as_user(client, people.staff),
        "post",
        f"/api/v1/members/{record.pk}/transfer",
        {"to_org": org.edu1.pk, "on": "2001-01-01", "version": 1},
    )
    assert response.status_code == 422
    assert "不能早于" in response.json()["errors"]["on"][0]
    assert record.memberships.count() == 1


def test_it_records_that_a_member_left(client, people):
    record = people.member_record
    client = as_user(client, people.staff)
    response = send(
        client,
        "post",
        f"/api/v1/members/{record.pk}/leave",
        {"status": "withdrawn", "on": "2024-06-30", "note": "本人申请", "version": 1},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["status_display"], body["status_on"]) == (
        "withdrawn",
        "已退会",
        "2024-06-30",
    )
    assert names(client.get("/api/v1/members")) == []
    assert names(client.get("/api/v1/members?status=withdrawn")) == ["李晓梅"]

    again = send(
        client,
        "post",
        f"/api/v1/members/{record.pk}/leave",
        {"status": "deceased", "on": "2024-07-01", "version": body["version"]},
    )
    assert again.status_code == 400
    assert "已不在册" in again.json()["detail"]


def test_it_refuses_a_bad_leaving(client, people):
    record = people.member_record
    client = as_user(client, people.staff)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    for payload, field in (
        ({"status": "retired", "on": "2024-06-30", "version": 1}, "status"),
        ({"status": "withdrawn", "on": tomorrow, "version": 1}, "on"),
    ):
        response = send(client, "post", f"/api/v1/members/{record.pk}/leave", payload)
        assert response.status_code == 422
        assert response.json()["errors"][field]
    record.refresh_from_db()
    assert record.status == Member.Status.ACTIVE


def test_it_forbids_a_leader_to_record_leaving(client, people):
    record = people.member_record
    response = send(
        as_user(client, people.leader),
        "post",
        f"/api/v1/members/{record.pk}/leave",
        {"status": "withdrawn", "on": "2024-06-30", "version": 1},
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == Member.Status.ACTIVE


# History -------------------------------------------------------------------------


def test_it_shows_the_history_with_masked_phone_numbers(client, people, roster):
    zhang = roster["zhang"]
    client = as_user(client, people.staff)
    send(
        client,
        "patch",
        f"/api/v1/members/{zhang.pk}",
        {"mobile": "13987654321", "job": "主任", "version": 1},
    )
    response = client.get(f"/api/v1/members/{zhang.pk}/history")
    assert response.status_code == 200
    latest, created = response.json()
    assert (latest["type"], latest["by"], created["type"]) == (
        "changed",
        "staff",
        "created",
    )
    changes = {c["field"]: (c["old"], c["new"]) for c in latest["changes"]}
    assert changes["手机"] == ("1*********8", "1*********1")
    assert changes["职务"] == ("", "主任")
    assert "13987654321" not in response.content.decode()


def test_it_hides_the_history_of_another_branch(client, people):
    response = as_user(client, people.head).get(
        f"/api/v1/members/{people.member_record.pk}/history"
    )
    assert response.status_code == 404


def test_it_refuses_post_on_history(client, people):
    response = as_user(client, people.staff).post(
        f"/api/v1/members/{people.member_record.pk}/history"
    )
    assert response.status_code == 405
    assert not PublicPost.objects.exists()
