"""Charts for the report: PNG images drawn with matplotlib in a CJK font.

A chart without a font that has Chinese glyphs would show boxes, so when no
such font is installed :func:`cjk_font` returns ``None`` and the report
leaves the charts out with a note instead.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from django.conf import settings

#: Font files tried first (Debian's fonts-noto-cjk, WenQuanYi, Droid).
CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
#: Family names that hold Chinese glyphs, for fonts found elsewhere.
FAMILY_HINTS = (
    "CJK SC",
    "CJK",
    "WenQuanYi",
    "WQY",
    "Droid Sans Fallback",
    "SimHei",
    "Source Han",
)

PALETTE = ("#b03a2e", "#2e86c1", "#d4ac0d", "#239b56", "#7d3c98", "#717d7e")


@functools.cache
def cjk_font() -> str | None:
    """Return the path of a font file with Chinese glyphs, or ``None``."""
    configured = getattr(settings, "TONGXIN_REPORT_FONT", "")
    for path in ((configured,) if configured else ()) + CANDIDATES:
        if path and Path(path).is_file():
            return path
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if any(hint.lower() in entry.name.lower() for hint in FAMILY_HINTS):
            return entry.fname
    return None


def _figure(width: float = 6.0, height: float = 3.2):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=cjk_font(), size=10)
    fig, ax = plt.subplots(figsize=(width, height), dpi=150)
    return plt, fig, ax, font


def _png(plt, fig) -> bytes:
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
) -> bytes | None:
    """Grouped bars: one group per label, one bar per series; ``None`` without a font."""
    if cjk_font() is None or not labels:
        return None
    plt, fig, ax, font = _figure()
    n = len(series)
    width = 0.8 / max(n, 1)
    for i, (name, values) in enumerate(series):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
        bars = ax.bar(xs, values, width, label=name, color=PALETTE[i % len(PALETTE)])
        for bar, value in zip(bars, values, strict=True):
            ax.annotate(
                f"{value:g}",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontproperties=font,
            )
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontproperties=font)
    ax.set_title(title, fontproperties=font)
    ax.spines[["top", "right"]].set_visible(False)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if n > 1:
        ax.legend(prop=font, frameon=False)
    return _png(plt, fig)


def pie_chart(title: str, labels: list[str], values: list[float]) -> bytes | None:
    """A pie of the non-zero parts; ``None`` without a font or without data."""
    parts = [(lb, v) for lb, v in zip(labels, values, strict=True) if v]
    if cjk_font() is None or not parts:
        return None
    plt, fig, ax, font = _figure(5.0, 3.2)
    ax.pie(
        [v for _lb, v in parts],
        labels=[f"{lb} {v:g}" for lb, v in parts],
        colors=PALETTE[: len(parts)],
        startangle=90,
        counterclock=False,
        textprops={"fontproperties": font},
    )
    ax.set_title(title, fontproperties=font)
    ax.axis("equal")
    return _png(plt, fig)
