"""Every export a page offers, opened back and compared with the page it came from.

The export buttons are found in the templates (a link whose text says 导出),
so a new export button makes :func:`test_every_export_button_is_checked`
fail until a case below opens it.  Each case opens the list page as a role
that may export, with filters, takes the export links from the page itself,
downloads each, opens it with openpyxl / python-docx / csv and compares it
with the page: the same rows in the same order, the same count.  Rows are
compared by what both show (names, titles, labels), not by masked values.

The committee is the known one of ``tests/appraisal/committee.py``: built
once per test through the services.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import openpyxl
import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from docx import Document

import tongxin
from tests.appraisal.committee import build_committee
from tests.audit.conftest import verified_client
from tongxin.accounts.services import grant_role
from tongxin.activities.services import events as event_services
from tongxin.publicity.models import JournalIssue

pytestmark = pytest.mark.django_db

TEMPLATES = Path(tongxin.__file__).parent
#: An export button in a template: a link whose text says 导出.
BUTTON = re.compile(r'<a\b[^>]*href="([^"]*)"[^>]*>\s*(?:\{%\s*translate\s+)?"?导出')
URL_TAG = re.compile(r"\{%\s*url\s+'([\w-]+:[\w-]+)'")

#: Export links in templates that are not a list's export, with the reason.
NOT_LISTS = {
    # The annual report is a document of its own; tests/reports checks it.
    "reports:annual_docx",
    "reports:annual_xlsx",
}
#: The exports compared below (the url names their buttons point at).
CHECKED = {
    "members:export",
    "members:export_print",
    "activities:attendance_export",
    "appraisal:record_export",
    "appraisal:scores_export",
    "appraisal:ranking_export",
    "stats:structure_export",
    "audit:export",
    "publicity:issue_export",
    "participation:stats_export",
}
#: Template variables holding an export address, and the url they hold.
VARIABLES = {"export_url": "members:export"}


def _template_exports() -> set[str]:
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for href in BUTTON.findall(path.read_text(encoding="utf-8")):
            names = URL_TAG.findall(href)
            if names:
                found.update(names)
                continue
            variable = re.search(r"\{\{\s*(\w+)", href)
            assert variable and variable.group(1) in VARIABLES, (path, href)
            found.add(VARIABLES[variable.group(1)])
    return found


def test_every_export_button_is_checked():
    found = _template_exports()
    assert found - NOT_LISTS == CHECKED, (
        "export buttons without a comparison here: "
        f"{sorted(found - NOT_LISTS - CHECKED)}; gone: {sorted(CHECKED - found)}"
    )


# --- reading pages and files -------------------------------------------------------


def _text(value) -> str:
    """A cell as the page shows it: dates as 2025-03-10, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0)
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _cells(tr) -> list[str]:
    return [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]


def _tables(html: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every table of the page's main part: (last header row, body rows)."""
    doc = lxml.html.fromstring(html)
    out = []
    for table in doc.xpath("//main//table"):
        head = table.xpath("./thead/tr")
        body = table.xpath("./tbody/tr") or table.xpath("./tr")[1:]
        out.append((_cells(head[-1]) if head else [], [_cells(tr) for tr in body]))
    return out


def _links(html: str, name: str) -> list[str]:
    """The page's links to the export ``name``."""
    doc = lxml.html.fromstring(html)
    hrefs = []
    for a in doc.xpath("//a[@href]"):
        href = a.get("href")
        try:
            match = resolve(urlsplit(href).path)
        except Exception:
            continue
        if f"{match.namespace}:{match.url_name}" == name:
            hrefs.append(href)
    assert hrefs, f"the page offers no {name}"
    return hrefs


FORMATS = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/csv": "csv",
}


def _download(client: Client, href: str) -> tuple[str, bytes]:
    """The export at ``href``: its format (by content type) and its bytes."""
    response = client.get(href)
    assert response.status_code == 200, (href, response.status_code)
    assert "attachment" in response["Content-Disposition"], href
    fmt = FORMATS[response["Content-Type"].split(";")[0].strip()]
    if response.streaming:
        return fmt, b"".join(response.streaming_content)
    return fmt, response.content


def _sheet_rows(data: bytes, sheet: int | str = 0) -> list[list[str]]:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    ws = wb[sheet] if isinstance(sheet, str) else wb.worksheets[sheet]
    return [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _after_header(rows: list[list[str]], header: str) -> tuple[list[str], list]:
    """The rows under the first row whose first cell is ``header``."""
    for i, row in enumerate(rows):
        if row and row[0] == header:
            return row, [r for r in rows[i + 1 :] if any(r)]
    raise AssertionError(f"no header {header!r} in {rows[:5]}")


def _column(header: list[str], rows: list[list[str]], name: str) -> list[str]:
    i = header.index(name)
    return [r[i] for r in rows]


# --- the committee -----------------------------------------------------------------


@pytest.fixture
def c(people, org, root, make_member):
    return build_committee(people, org, root, make_member)


def _compare_lists(page: list[str], export: list[str], what: str) -> None:
    assert page, f"{what}: the page lists nothing to compare"
    assert export == page, f"{what}: page {page} != export {export}"


def test_the_roster_export_holds_the_listed_members(c, people, org):
    client = Client()
    client.force_login(people.staff)
    for query in ("org=&q=", f"org={org.edu.pk}&q=", "q=王"):
        html = client.get(f"/members/?{query}").content.decode()
        header, rows = _tables(html)[0]
        page = _column(header, rows, "姓名")
        for href in _links(html, "members:export"):
            fmt, data = _download(client, href)
            assert fmt == "xlsx"
            xrows = _sheet_rows(data)
            xheader, body = xrows[0], xrows[1:]
            _compare_lists(page, _column(xheader, body, "姓名"), f"roster {query}")
        for href in _links(html, "members:export_print"):
            fmt, data = _download(client, href)
            assert fmt == "xlsx"
            xheader, body = _after_header(_sheet_rows(data), "序号")
            printed = _column(xheader, body, "姓名")
            _compare_lists(page, printed, f"printed roster {query}")
            assert _column(xheader, body, "序号") == [
                str(i) for i in range(1, len(printed) + 1)
            ]


def test_the_attendance_export_holds_the_listed_rows(c, people, org, root):
    event = event_services.event_create(
        by=root,
        organization=org.city,
        title="新春联谊会",
        kind="seminar",
        start_at=timezone.now() + dt.timedelta(days=10),
        end_at=timezone.now() + dt.timedelta(days=10, hours=2),
        allows_signup=True,
    )
    kept = event_services.signup_create(event=event, member=c.a, by=root)
    gone = event_services.signup_create(event=event, member=c.b, by=root)
    event_services.signup_cancel(signup=gone, by=root)
    assert kept.pk
    client = Client()
    client.force_login(people.staff)
    for page_url in (f"/activities/{event.pk}/attendance/", event.get_absolute_url()):
        html = client.get(page_url).content.decode()
        if page_url.endswith("/attendance/"):
            header, rows = next(t for t in _tables(html) if "姓名" in t[0])
            page = _column(header, rows, "姓名")
        for href in _links(html, "activities:attendance_export"):
            _fmt, data = _download(client, href)
            xheader, body = _after_header(_sheet_rows(data), "序号")
            _compare_lists(page, _column(xheader, body, "姓名"), "attendance")
            assert _column(xheader, body, "序号") == [
                str(i) for i in range(1, len(page) + 1)
            ]


def test_the_appraisal_record_exports_hold_every_table_of_the_page(c, people):
    for user, member in ((people.member, c.c), (people.staff, c.a)):
        client = Client()
        client.force_login(user)
        html = client.get(
            f"/appraisal/members/{member.pk}/record/?year=2025"
        ).content.decode()
        tables = _tables(html)
        assert len(tables) >= 8
        for href in _links(html, "appraisal:record_export"):
            fmt, data = _download(client, href)
            if fmt == "docx":
                doc = Document(io.BytesIO(data))
                exported = [
                    (
                        [cell.text for cell in t.rows[0].cells],
                        [[cell.text for cell in r.cells] for r in t.rows[1:]],
                    )
                    for t in doc.tables
                ]
                for got, shown in zip(exported, tables, strict=True):
                    assert got[0] == shown[0], ("record .docx", got[0], shown[0])
                    for a, b in zip(got[1], shown[1], strict=False):
                        assert a == b, ("record .docx", a, b)
                    assert len(got[1]) == len(shown[1]), ("record .docx", got[1][-1])
                continue
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            rows = []
            for ws in wb.worksheets:  # a blank row between sheets
                rows += [[_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
                rows.append([""])
            at = -1
            for header, body in tables:
                at = next(
                    i
                    for i, r in enumerate(rows)
                    if i > at and r[: len(header)] == header
                )
                got = []
                for r in rows[at + 1 :]:
                    if not any(r) or r[0] == "合计":
                        break
                    got.append(r[: len(header)])
                assert got == body, ("record .xlsx", header[:2])


def test_the_scores_and_ranking_exports_hold_the_listed_rows(c, people):
    client = Client()
    client.force_login(people.staff)
    for page_url, name, key in (
        ("/appraisal/scores/?year=2025", "appraisal:scores_export", "组织"),
        ("/appraisal/ranking/?year=2025", "appraisal:ranking_export", "姓名"),
    ):
        html = client.get(page_url).content.decode()
        header, rows = _tables(html)[0]
        page = _column(header, rows, key)
        ranks = _column(header, rows, "名次")
        for href in _links(html, name):
            _fmt, data = _download(client, href)
            xheader, body = _after_header(_sheet_rows(data), "名次")
            # The ranking's last line counts its members: "共 N 人".
            totals = [r for r in body if r[0].startswith("共")]
            body = [r for r in body if not r[0].startswith("共")]
            if totals:
                assert totals == [[f"共 {len(body)} 人"] + totals[0][1:]], name
            assert _column(xheader, body, key)[: len(page)] == page, name
            assert _column(xheader, body, "名次")[: len(page)] == ranks, name
            if "下一页" not in html:
                assert len(body) == len(page), name


def test_the_structure_export_holds_the_table(c, people, org):
    client = Client()
    client.force_login(people.staff)
    for query in ("", f"org={org.edu.code}"):
        html = client.get(f"/stats/structure/?{query}").content.decode()
        header, rows = _tables(html)[0]
        page = [r[0] for r in rows]
        for href in _links(html, "stats:structure_export"):
            _fmt, data = _download(client, href)
            xrows = _sheet_rows(data)
            _head, body = _after_header(xrows, "组织")
            body = [r for r in body if r[0]]  # the second header row is blank first
            assert [r[0] for r in body] == page, query
            assert [r[: len(rows[0])] for r in body] == rows, query


def test_the_audit_exports_hold_the_listed_events(c, people, org, root):
    auditor = people.outsider
    grant_role(by=root, user=auditor, role="auditadmin", organization=org.city)
    client = verified_client(auditor)
    query = "object_type=members.member&action=create"
    html = client.get(f"/audit/?{query}").content.decode()
    doc = lxml.html.fromstring(html)
    page = [tr.get("id").removeprefix("event-") for tr in doc.xpath("//tbody/tr[@id]")]
    assert page and "下一页" not in html
    for href in _links(html, "audit:export"):
        fmt, data = _download(client, href)
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        else:
            rows = _sheet_rows(data)
        header, body = _after_header(rows, "编号")
        body = [r for r in body if r[0].isdigit()]
        assert sorted(_column(header, body, "编号"), key=int, reverse=True) == sorted(
            page, key=int, reverse=True
        ), fmt


def test_the_journal_toc_exports_hold_the_listed_articles(c, root, org):
    from tongxin.accounts.models import User

    editor = User.objects.create_user("editor", "editor@example.com", "x")
    grant_role(by=root, user=editor, role="staff_publicity", organization=org.city)
    client = Client()
    client.force_login(editor)
    issue = JournalIssue.objects.get()
    html = client.get(reverse("publicity:issue_detail", args=[issue.pk])).content
    html = html.decode()
    header, rows = _tables(html)[0]
    page = _column(header, rows, "标题")
    for href in _links(html, "publicity:issue_export"):
        fmt, data = _download(client, href)
        if fmt == "docx":
            doc = Document(io.BytesIO(data))
            cells = [
                [cell.text for cell in r.cells] for t in doc.tables for r in t.rows
            ]
            text = [p.text for p in doc.paragraphs]
            titles = [
                t
                for t in page
                if any(t in "".join(r) for r in cells) or any(t in p for p in text)
            ]
            assert titles == page, "toc .docx"
        else:
            xheader, body = _after_header(_sheet_rows(data), header[0])
            _compare_lists(page, _column(xheader, body, "标题"), "toc .xlsx")


def test_the_participation_compilation_holds_the_listed_items(c, root, org):
    """汇编 (a form, not a link) downloads the items the list shows for its filters."""
    from tongxin.accounts.models import User
    from tongxin.participation.models import KINDS

    clerk = User.objects.create_user("clerk", "clerk@example.com", "x")
    grant_role(by=root, user=clerk, role="staff_participation", organization=org.city)
    client = Client()
    client.force_login(clerk)
    compared = 0
    for kind, model in sorted(KINDS.items()):
        states = set(
            model.objects.filter(date__year=2025)
            .exclude(state="draft")
            .values_list("state", flat=True)
        )
        for state in sorted(states):
            html = client.get(
                f"/participation/{kind}/?year=2025&state={state}"
            ).content.decode()
            response = client.post(
                "/participation/compile/",
                {"kind": kind, "year": "2025", "states": [state], "title": ""},
            )
            if not _tables(html):
                # Nothing listed (a confidential item without clearance): nothing
                # compiled either.
                assert response.status_code == 400
                assert "没有可汇编的事项" in response.content.decode()
                continue
            header, rows = _tables(html)[0]
            page = [
                t.removesuffix("（涉密）").strip()
                for t in _column(header, rows, "标题")
            ]
            assert response.status_code == 200, (kind, state, response.status_code)
            doc = Document(io.BytesIO(response.content))
            contents = [
                p.text.split(". ", 1)[1]
                for p in doc.paragraphs
                if re.match(r"^\d+\. ", p.text)
            ]
            assert sorted(contents) == sorted(page), (kind, state, contents, page)
            compared += 1
    assert compared >= 4


def _all_sheets(data: bytes) -> list[list[list[str]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [
        [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for ws in wb.worksheets
    ]


def test_the_participation_statistics_export_holds_every_table(c, people):
    client = Client()
    client.force_login(people.staff)
    html = client.get("/participation/stats/?year=2025").content.decode()
    tables = [t for t in _tables(html) if t[0] and t[1]]
    assert tables, "the statistics page shows no table"
    for href in _links(html, "participation:stats_export"):
        _fmt, data = _download(client, href)
        sheets = _all_sheets(data)
        for header, body in tables:
            # The sheet whose heading row is the table's: the rows under it
            # (the total line included) are the table's rows, in order.
            found = [
                [r[: len(header)] for r in rows[i + 1 :] if any(r)]
                for rows in sheets
                for i, row in enumerate(rows)
                if row[: len(header)] == header
            ]
            assert found, f"no sheet holds the table headed {header}"
            # The page shows its total in the table's foot; the sheet ends
            # with it as a last line.
            totals = [rows[-1] for rows in found if rows and rows[-1][0] == "合计"]
            assert totals, f"the sheet headed {header} has no total line"
            assert body in [rows[:-1] for rows in found], (header, body, found)
            column = header.index("数量") if "数量" in header else None
            if column is not None:
                assert int(totals[0][column]) == sum(int(r[column]) for r in body)
