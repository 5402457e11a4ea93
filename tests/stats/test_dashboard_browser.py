"""The dashboard in a real browser: the charts draw from the vendored
Chart.js, a card opens the list behind it, a bar of a chart does too.

Set ``TONGXIN_SCREENSHOTS`` to a directory to keep screenshots of the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.test_participation_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("TONGXIN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_the_dashboard_draws_charts_and_drills_down(live_server, page, committee):
    base = live_server.url
    log_in(page, base, "staff")
    page.goto(base + "/stats/?org=C&year=2025")
    page.wait_for_function(
        "() => document.querySelectorAll('canvas[data-chart]').length > 0"
        " && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => window.Chart && window.Chart.getChart(c))"
    )
    charts = page.locator("canvas[data-chart]").count()
    assert charts >= 8
    assert page.locator("h1").inner_text() == "统计概览"
    card = page.locator('a.tx-stats-card[data-key="overview.members.end"]')
    assert card.locator(".tx-stats-value").inner_text() == "5"
    _shot(page, "stats-dashboard.png")

    # A bar of the age chart opens its members.
    canvas = page.locator("canvas[data-chart='overview-1']")
    point = page.evaluate(
        """() => {
            const c = document.querySelector("canvas[data-chart='overview-1']");
            const chart = window.Chart.getChart(c);
            const bar = chart.getDatasetMeta(0).data[2];  // 46-55
            return {x: bar.x, y: (bar.y + bar.base) / 2};
        }"""
    )
    canvas.click(position=point)
    page.wait_for_url("**/stats/drill/overview/structure.age_bands.46-55/**")
    assert "共 2 条记录" in page.content()
    assert page.locator("table.tx-drill tbody tr").count() == 2

    page.goto(base + "/stats/?org=C&year=2025")
    card = page.locator('a.tx-stats-card[data-key="participation.proposals.total"]')
    card.click()
    page.wait_for_url("**/stats/drill/participation/proposals.total/**")
    assert "关于职业教育的提案" in page.content()

    page.goto(base + "/stats/structure/?org=C&year=2025")
    assert page.locator("table.tx-structure tbody tr").count() == 3
    _shot(page, "stats-structure.png")
