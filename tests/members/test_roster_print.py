"""The roster to print (花名册): the same rows as the import-layout export,
with a title, 序号, landscape A4 fitted to one page wide, the header row
repeated and page numbers; 20 members print on one page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.members.roster_files import read_xlsx
from tongxin.audit.models import AuditEvent

PRINT = reverse("members:export_print")
EXPORT = reverse("members:export")


@pytest.fixture
def twenty(org, make_member):
    return [
        make_member(org.edu1 if i % 2 else org.edu2, f"会员{chr(0x4E00 + i * 7)}{i}")
        for i in range(20)
    ]


def _sheet(response):
    data = b"".join(response.streaming_content)
    return data, load_workbook(io.BytesIO(data)).active


def test_the_print_layout_holds_the_export_rows_under_a_title(
    client, people, org, twenty
):
    client.force_login(people.staff)
    page = client.get(reverse("members:list")).content.decode()
    assert PRINT in page and "导出花名册（打印版）" in page
    response = client.get(PRINT, {"org": org.edu.pk})
    assert response.status_code == 200
    assert (
        quote("会员花名册（打印版）-教育基层委员会-") in response["Content-Disposition"]
    )
    _data, sheet = _sheet(response)
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    # The same members in the same order as the import-layout export.
    export = read_xlsx(
        b"".join(client.get(EXPORT, {"org": org.edu.pk}).streaming_content)
    )[1:]
    assert len(export) >= 20
    assert rows[0][0] == "教育基层委员会会员花名册"
    assert rows[1][0].endswith(f"共{len(export)}人")
    assert rows[2][:3] == ["序号", "姓名", "性别"]
    body = rows[3:]
    assert [r[1] for r in body] == [r[0] for r in export]
    assert [r[0] for r in body] == list(range(1, len(export) + 1))
    # Page setup: landscape A4, one page wide, header repeated, page numbers.
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows in ("3:3", "$3:$3")
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    event = (
        AuditEvent.objects.filter(action="export", object_repr="会员花名册（打印版）")
        .order_by("-id")
        .first()
    )
    assert event.detail["layout"] == "print" and event.detail["rows"] == len(export)


def test_the_import_layout_is_unchanged_and_members_are_refused(client, people, twenty):
    client.force_login(people.staff)
    export = read_xlsx(b"".join(client.get(EXPORT).streaming_content))
    assert export[0][0] == "姓名"  # no title, no 序号
    for user in (people.member, people.outsider):
        client.force_login(user)
        assert client.get(PRINT).status_code == 403


def _calc_installed() -> bool:
    """LibreOffice with its spreadsheet part (Debian: libreoffice-calc)."""
    binary = shutil.which("libreoffice")
    if not binary:
        return False
    program = Path(binary).resolve().parent
    return any(program.glob("libsclo.so")) or any(
        Path("/usr/lib/libreoffice/program").glob("libsclo.so")
    )


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc not installed")
def test_twenty_members_print_on_one_landscape_page(client, people, twenty, tmp_path):
    client.force_login(people.staff)
    data, _sheet_ = _sheet(client.get(PRINT))
    (tmp_path / "roster.xlsx").write_bytes(data)
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "roster.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "roster.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Pages"].strip() == "1"
    width, height = (float(x) for x in re.findall(r"[\d.]+", fields["Page size"])[:2])
    assert width > height  # landscape
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "roster.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "会员花名册" in text and "序号" in text and "第 1 页，共 1 页" in text
