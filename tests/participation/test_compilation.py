"""Compilations: a Word document LibreOffice renders with the titles and text in order."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from tongxin.audit.models import AuditEvent
from tongxin.participation import services
from tongxin.participation.compilation import compilation_build

pytestmark = pytest.mark.django_db


def _replied(part, org, title, text, reply, day):
    p = services.proposal_create(
        by=part.staff,
        kind="group",
        session=part.session,
        organization=org.city,
        title=title,
        text=text,
        date=day,
        submit=True,
    )
    services.item_transition(
        by=part.staff, item=p, action="file", values={"number": "12"}
    )
    services.item_transition(
        by=part.staff,
        item=p,
        action="reply",
        values={
            "reply_on": day + dt.timedelta(days=90),
            "reply_text": reply,
            "reply_unit": "市教育局",
        },
    )
    return p


@pytest.fixture
def compiled(part, org):
    _replied(
        part,
        org,
        "关于推进学前教育普惠发展的提案",
        "建议扩大普惠性幼儿园覆盖面。",
        "我局已将普惠园建设列入年度计划。",
        dt.date(2024, 1, 5),
    )
    _replied(
        part,
        org,
        "关于加强老城区停车管理的提案",
        "老城区停车难问题突出。",
        "市公安局交警支队已增设临时泊位。",
        dt.date(2024, 1, 8),
    )
    services.proposal_create(
        by=part.staff,
        kind="group",
        session=part.session,
        organization=org.city,
        title="未答复的提案不入选",
        date=dt.date(2024, 1, 9),
        submit=True,
    )
    return compilation_build(
        by=part.staff, kind="proposals", year=2024, states=["replied", "closed"]
    )


def test_it_builds_a_docx_with_cover_toc_items_and_replies(compiled):
    name, data = compiled
    assert name == "2024年度提案及答复文选.docx"
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "目录" in text and "未答复的提案不入选" not in text
    assert text.index("关于推进学前教育普惠发展的提案") < text.index(
        "我局已将普惠园建设列入年度计划。"
    )
    xml = doc.element.xml
    assert "TOC \\o" in xml
    footer_xml = doc.sections[-1].footer._element.xml
    assert "PAGE" in footer_xml
    assert AuditEvent.objects.filter(
        action="export", object_type="participation.proposal"
    ).exists()


def test_only_the_department_compiles_and_an_empty_set_is_refused(part, people):
    with pytest.raises(PermissionDenied):
        compilation_build(by=people.leader, kind="proposals", year=2024)
    with pytest.raises(ValidationError) as err:
        compilation_build(by=part.staff, kind="opinions", year=2024, states=["adopted"])
    assert "没有可汇编" in err.value.message_dict["kind"][0]


def _require_libreoffice():
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        if os.environ.get("TONGXIN_REQUIRE_BROWSER"):
            pytest.fail("LibreOffice (soffice) and pdftotext are required")
        pytest.skip("LibreOffice or pdftotext not installed")


def test_libreoffice_renders_it_to_pdf_with_the_chinese_text_in_order(
    compiled, tmp_path
):
    """Titles and Chinese body text appear in the PDF, in the compiled order."""
    _require_libreoffice()
    _name, data = compiled
    source = tmp_path / "compilation.docx"
    source.write_bytes(data)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    pdf = tmp_path / "compilation.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    squeezed = "".join(text.split())
    order = [
        "2024年度提案及答复文选",
        "目录",
        "关于推进学前教育普惠发展的提案",
        "建议扩大普惠性幼儿园覆盖面。",
        "我局已将普惠园建设列入年度计划。",
        "关于加强老城区停车管理的提案",
        "老城区停车难问题突出。",
        "市公安局交警支队已增设临时泊位。",
    ]
    positions = []
    start = 0
    for phrase in order:
        at = squeezed.find(phrase, start)
        assert at >= 0, phrase
        positions.append(at)
        start = at + len(phrase)
    assert "未答复的提案不入选" not in squeezed
