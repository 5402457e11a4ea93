"""The ranking page is paged by key, filtered by organization, and its
export holds every row of the list."""

from __future__ import annotations

import io
import re

from django.test import override_settings
from openpyxl import load_workbook

from tongxin.audit.models import AuditEvent


def _names(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.findall(r'/record/\?[^"]*">([^<]+)</a>', body)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'href="\?([^"]+)"[^>]*rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@override_settings(TONGXIN_PAGE_SIZE=2)
def test_the_ranking_pages_forward_and_back_and_the_export_matches(
    c, people, client_for
):
    client = client_for(people.staff)
    first = client.get("/appraisal/ranking/?year=2025")
    html = first.content.decode()
    assert first.status_code == 200 and "5 名会员" in html
    assert _names(html) == ["王委员", "李晓梅"] and _link(html, "prev") is None
    seen, pages = _names(html), [html]
    while (nxt := _link(pages[-1], "next")) is not None:
        pages.append(client.get(f"/appraisal/ranking/?{nxt}").content.decode())
        seen += _names(pages[-1])
    assert len(pages) == 3
    assert seen == ["王委员", "李晓梅", "赵联名", "孙学员", "周未交"]
    # Back from the last page gives the middle page again.
    back = client.get(f"/appraisal/ranking/?{_link(pages[-1], 'prev')}")
    assert _names(back.content.decode()) == ["赵联名", "孙学员"]
    # A cursor that means nothing starts at the top.
    junk = client.get("/appraisal/ranking/?year=2025&cursor=%%%")
    assert _names(junk.content.decode()) == ["王委员", "李晓梅"]

    sheet = client.get("/appraisal/ranking/export/?year=2025")
    assert sheet.status_code == 200 and "5" in sheet["Content-Disposition"]
    data = b"".join(sheet.streaming_content)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "姓名", "所在组织")
    assert [r[1] for r in rows[1:-1]] == seen
    assert [r[0] for r in rows[1:-1]] == [1, 2, 3, 4, 5]
    assert rows[-1][0] == "共 5 人"
    assert AuditEvent.objects.get(object_type="appraisal.ranking").detail["rows"] == 5


def test_the_ranking_is_filtered_by_organization(c, people, client_for):
    client = client_for(people.staff)
    html = client.get("/appraisal/ranking/?year=2025&org=G1B1").content.decode()
    names = _names(html)
    assert names
    everyone = _names(client.get("/appraisal/ranking/?year=2025").content.decode())
    assert set(names) < set(everyone)
    sheet = client.get("/appraisal/ranking/export/?year=2025&org=G1B1")
    rows = list(
        load_workbook(io.BytesIO(b"".join(sheet.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert [r[1] for r in rows[1:-1]] == names


def _orgs(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return re.findall(r'<td class="tx-num">\d+</td>\s*<td>([^<]+)</td>', body)


@override_settings(TONGXIN_PAGE_SIZE=2)
def test_the_scores_page_forward_and_back_and_the_export_holds_every_row(
    c, people, client_for
):
    client = client_for(people.staff)
    first = client.get("/appraisal/scores/?year=2025")
    html = first.content.decode()
    assert first.status_code == 200 and "3 个基层组织" in html
    assert _orgs(html) == ["教育一支部", "市直属第一支部"]
    assert _link(html, "prev") is None
    second = client.get(f"/appraisal/scores/?{_link(html, 'next')}").content.decode()
    assert _orgs(second) == ["教育二支部"] and _link(second, "next") is None
    back = client.get(f"/appraisal/scores/?{_link(second, 'prev')}").content.decode()
    assert _orgs(back) == ["教育一支部", "市直属第一支部"]
    junk = client.get("/appraisal/scores/?year=2025&cursor=%%%").content.decode()
    assert _orgs(junk) == ["教育一支部", "市直属第一支部"]

    sheet = client.get("/appraisal/scores/export/?year=2025")
    assert sheet.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
    )
    names = [r[1] for r in rows if r and isinstance(r[0], int)]
    assert names == ["教育一支部", "市直属第一支部", "教育二支部"]
