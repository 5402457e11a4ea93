"""The report's charts: no two labels overlap, however many or long they are."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.text import Text

from tongxin.reports import charts

pytestmark = pytest.mark.skipif(
    charts.cjk_font() is None, reason="no font with Chinese glyphs installed"
)


def _overlaps(fig) -> list[tuple[str, str]]:
    fig.tight_layout()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = fig.findobj(match=Text)
    texts = [
        t
        for t in {id(t): t for t in found}.values()
        if t.get_visible() and str(t.get_text()).strip()
    ]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    return [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if box_a.overlaps(box_b)
    ]


@pytest.mark.parametrize(
    "labels",
    [
        ["30岁及以下", "31至40岁", "41至50岁", "51至60岁", "61至70岁", "71岁及以上"],
        [
            "办公室",
            "组织部",
            "宣传部",
            "参政议政部",
            "社会服务部",
            "研究室",
            "机关党支部",
        ],
        [f"第{i}基层委员会教育支部" for i in range(1, 13)],
        ["讲座（文化讲堂）", "论坛（教育论坛）", "中心组学习会", "座谈会", "体育比赛"],
    ],
)
def test_bar_chart_labels_do_not_overlap(labels):
    plt, fig, _ax = charts.bar_figure(
        "工作任务完成情况（按负责部室）",
        labels,
        [
            ("任务数", [120 + i for i in range(len(labels))]),
            ("已完成", [99 + i for i in range(len(labels))]),
        ],
    )
    try:
        assert _overlaps(fig) == []
    finally:
        plt.close(fig)


def test_pie_chart_labels_do_not_overlap_even_for_thin_wedges():
    plt, fig, _ax = charts.pie_figure(
        "代表人物队伍类别构成",
        [("领军", 1), ("重点", 2), ("骨干", 120), ("后备", 3), ("其他", 1)],
    )
    try:
        assert _overlaps(fig) == []
    finally:
        plt.close(fig)
