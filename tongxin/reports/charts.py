"""Charts for the report: PNG images drawn with matplotlib.

Text is set in a family list (:func:`tongxin.core.fonts.chart_families`: the
CJK fonts found, then DejaVu Sans), so each glyph comes from a font that has
it. A chart without a font that has Chinese glyphs would show boxes, so when
no such font is installed :func:`cjk_font` returns ``None`` and the report
leaves the charts out with a note instead.
"""

from __future__ import annotations

import io

from tongxin.core import fonts
from tongxin.core.rates import rate, shown

PALETTE = ("#b03a2e", "#2e86c1", "#d4ac0d", "#239b56", "#7d3c98", "#717d7e")


def cjk_font() -> str | None:
    """The first font family with Chinese glyphs, or ``None`` (no charts then)."""
    families = fonts.chart_families()
    return families[0] if families else None


def _figure(width: float = 6.0, height: float = 3.2):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    # A family list: matplotlib takes each glyph from the first family that
    # has it (digits from DejaVu Sans when the CJK font has none).
    font = FontProperties(family=list(fonts.chart_families()), size=10)
    fig, ax = plt.subplots(figsize=(width, height), dpi=150)
    return plt, fig, ax, font


def _png(plt, fig) -> bytes:
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


#: Inches a Chinese character takes at the charts' 10 pt, with some room.
CHAR_INCHES = 0.16
#: Inches of the plot's width the axes get, alone and beside a legend.
AXES_INCHES = 5.0
AXES_INCHES_WITH_LEGEND = 3.8


def _wrap(label: str, per_line: int) -> str:
    """Break a label into lines of ``per_line`` characters (three at most)."""
    per_line = max(per_line, 2)
    lines = [label[i : i + per_line] for i in range(0, len(label), per_line)]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)


def tick_labels(labels: list[str], axes: float = AXES_INCHES) -> tuple[list[str], int]:
    """Labels that fit their slot under the bars: wrapped, and set upright
    (turned 90°, two lines of eight characters at most) when even wrapped
    they would touch.  Returns the labels and the rotation."""
    slot = axes / max(len(labels), 1)
    per_line = int(slot / CHAR_INCHES)
    if all(len(lb) <= per_line for lb in labels):
        return labels, 0
    if per_line >= 3:
        return [_wrap(lb, per_line) for lb in labels], 0
    return [_wrap(lb, 8) for lb in labels], 90


def bar_figure(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
):
    """The figure of :func:`bar_chart` (``(plt, fig, ax)``), for drawing or checking."""
    plt, fig, ax, font = _figure()
    small = font.copy()
    n = len(series)
    # Value labels shrink as the bars get narrow, so neighbours never touch.
    small.set_size(8 if n * len(labels) <= 12 else 6.5)
    width = 0.8 / max(n, 1)
    for i, (name, values) in enumerate(series):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
        bars = ax.bar(xs, values, width, label=name, color=PALETTE[i % len(PALETTE)])
        for bar, value in zip(bars, values, strict=True):
            ax.annotate(
                f"{value:g}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 1),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontproperties=small,
                rotation=90 if n * len(labels) > 24 else 0,
            )
    ax.margins(y=0.18)
    shown, rotation = tick_labels(
        [str(lb) for lb in labels],
        AXES_INCHES_WITH_LEGEND if n > 1 else AXES_INCHES,
    )
    ax.set_xticks(range(len(labels)))
    tick_font = font.copy()
    if rotation and len(labels) > 14:
        tick_font.set_size(8)
    ax.set_xticklabels(shown, fontproperties=tick_font, rotation=rotation)
    ax.set_title(title, fontproperties=font, pad=12)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if n > 1:
        # Beside the plot, not over the bars.
        ax.legend(prop=font, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return plt, fig, ax


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
) -> bytes | None:
    """Grouped bars: one group per label, one bar per series; ``None`` without a font."""
    if cjk_font() is None or not labels:
        return None
    plt, fig, _ax = bar_figure(title, labels, series)
    return _png(plt, fig)


def pie_figure(title: str, parts: list[tuple[str, float]]):
    """The figure of :func:`pie_chart`: the share inside large wedges, names and
    counts in a legend beside the pie (small wedges' labels would collide)."""
    plt, fig, ax, font = _figure(5.6, 3.2)
    total = sum(v for _lb, v in parts) or 1
    small = font.copy()
    small.set_size(8)
    wedges, _texts, _pcts = ax.pie(
        [v for _lb, v in parts],
        colors=[PALETTE[i % len(PALETTE)] for i in range(len(parts))],
        startangle=90,
        counterclock=False,
        autopct=lambda p: f"{p:.0f}%" if p >= 8 else "",
        pctdistance=0.7,
        textprops={"fontproperties": small, "color": "white"},
    )
    ax.legend(
        wedges,
        [f"{lb} {v:g}（{shown(rate(v, total))}）" for lb, v in parts],
        prop=small,
        frameon=False,
        loc="center left",
        bbox_to_anchor=(1, 0.5),
    )
    ax.set_title(title, fontproperties=font)
    ax.axis("equal")
    return plt, fig, ax


def pie_chart(title: str, labels: list[str], values: list[float]) -> bytes | None:
    """A pie of the non-zero parts; ``None`` without a font or without data."""
    parts = [(lb, v) for lb, v in zip(labels, values, strict=True) if v]
    if cjk_font() is None or not parts:
        return None
    plt, fig, _ax = pie_figure(title, parts)
    return _png(plt, fig)
