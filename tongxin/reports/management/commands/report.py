"""``tongxin report --year YYYY [--start D --end D | --since D] [--org CODE]
[--age-bands 40,60] -o FILE.docx [--xlsx FILE.xlsx] [--json]``.

Write the annual work report (Word) of the whole tree or of one
organization's subtree for a period, and optionally its statistical appendix
(.xlsx). ``--json`` prints every figure the report used, keyed by section
(the ``compute_all`` dict), as UTF-8 JSON. ``--age-bands`` gives the member
structure's age bands as their upper bounds (default: ``TONGXIN_AGE_BANDS``). Bad input (a period that ends
before it starts, a future year, an unknown organization code) is refused
with a message in Chinese and no file is written.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.core.periods import PeriodError, parse_period
from tongxin.members.ages import age_bands_override, parse_age_bands
from tongxin.reports.services import render_appendix, render_report
from tongxin.reports.texts import report_texts
from tongxin.stats.figures import compute_all
from tongxin.stats.scope import ScopeError, resolve_scope


def _write(target: Path, data: bytes) -> None:
    """Write next to the target and rename, so a failure leaves no half file."""
    fd, temp = tempfile.mkstemp(suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Write the annual work report (.docx) and its statistical appendix (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--year", help="统计年度，如 2014")
        parser.add_argument("--start", metavar="DATE", help="开始日期，如 2014-01-01")
        parser.add_argument("--end", metavar="DATE", help="结束日期，如 2014-12-31")
        parser.add_argument("--since", metavar="DATE", help="统计某日以来")
        parser.add_argument("--org", metavar="CODE", help="只统计该组织及其下级组织")
        parser.add_argument(
            "--age-bands",
            metavar="40,60",
            help="年龄段各段上限，逗号分隔（如 40,60 即 40岁及以下、41—60岁、61岁及以上）",
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE.docx", help="报告文件（.docx）"
        )
        parser.add_argument("--xlsx", metavar="FILE.xlsx", help="统计附表（.xlsx）")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="以 JSON 输出报告用到的全部数据（按章节）",
        )

    def handle(
        self,
        *args,
        year,
        start,
        end,
        since,
        org,
        age_bands,
        output,
        xlsx,
        as_json,
        **options,
    ):
        targets = []
        for value, suffix in ((output, ".docx"), (xlsx, ".xlsx")):
            if value is None:
                continue
            path = Path(value)
            if path.suffix.lower() != suffix:
                raise CommandError(_("输出文件应以 %s 结尾。") % suffix, returncode=2)
            if not path.parent.is_dir():
                raise CommandError(_("目录不存在：%s") % path.parent, returncode=2)
            targets.append(path)
        if not targets and not as_json:
            raise CommandError(
                _("请用 -o 指定报告文件（.docx），或用 --json 输出数据。"), returncode=2
            )
        if year and (start or end or since):
            raise CommandError(
                _("请只选择一种统计时段：年份、起止日期或“某日以来”"), returncode=2
            )
        try:
            period = parse_period(year=year, start=start, end=end, since=since)
            scope = resolve_scope(code=org)
            bands = parse_age_bands(age_bands) if age_bands is not None else None
        except (PeriodError, ScopeError) as e:
            raise CommandError(str(e), returncode=2) from e
        with age_bands_override(bands):
            figures = compute_all(scope, period)
            self._write_all(figures, scope, period, output, xlsx, as_json, targets)

    def _write_all(self, figures, scope, period, output, xlsx, as_json, targets):
        try:
            if output:
                texts = report_texts(scope=scope, period=period)
                _write(Path(output), render_report(figures, scope, period, texts))
            if xlsx:
                _write(Path(xlsx), render_appendix(figures, scope, period))
        except OSError as e:
            raise CommandError(_("无法写入文件：%s") % e, returncode=2) from e
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            for path in targets:
                self.stdout.write(_("已生成 %s") % path)
