"""Age bands (年龄段) of the member filters and the member structure.

Bands are written as their upper bounds: ``40,60`` means 40岁及以下, 41—60岁 and
61岁及以上. The default is the setting ``TONGXIN_AGE_BANDS`` (``35,45,55,65``:
35岁及以下, 36—45岁, 46—55岁, 56—65岁, 66岁及以上); a statistics or report
request may give its own (``age_bands=40,60``), which holds for the figures,
labels and drill-downs computed inside :func:`age_bands_override`, as a
language holds inside ``translation.override``.

A band's key names its ages (``-40``, ``41-60``, ``61-``), so the same band has
the same key whatever the other bands are.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from tongxin.core.periods import PeriodError

__all__ = [
    "MAX_AGE",
    "AgeBand",
    "AgeBandsError",
    "age_bands",
    "age_bands_override",
    "bands_param",
    "default_age_bands",
    "parse_age_bands",
    "request_age_bands",
]

#: The oldest age a band reaches; bounds must lie below it.
MAX_AGE = 150
MAX_BOUNDS = 12
_SPLIT = re.compile(r"[,，、\s]+")


class AgeBand(NamedTuple):
    key: str
    label: str
    lo: int
    hi: int


class AgeBandsError(PeriodError):
    """Age bands that cannot be read; refused like a bad period (400)."""


def _band(lo: int, hi: int) -> AgeBand:
    if lo == 0:
        return AgeBand(f"-{hi}", _("%d岁及以下") % hi, 0, hi)
    if hi >= MAX_AGE:
        return AgeBand(f"{lo}-", _("%d岁及以上") % lo, lo, MAX_AGE)
    return AgeBand(f"{lo}-{hi}", _("%(lo)d—%(hi)d岁") % {"lo": lo, "hi": hi}, lo, hi)


def bands_from_bounds(bounds: list[int]) -> tuple[AgeBand, ...]:
    """The bands up to each bound and above the last."""
    bands = []
    lo = 0
    for bound in bounds:
        bands.append(_band(lo, bound))
        lo = bound + 1
    bands.append(_band(lo, MAX_AGE))
    return tuple(bands)


def parse_age_bands(text: object) -> tuple[AgeBand, ...]:
    """The bands of ``40,60`` (upper bounds, rising); :class:`AgeBandsError` if bad."""
    raw = str(text or "").strip()
    parts = [p for p in _SPLIT.split(raw) if p]
    usage = _(
        "年龄段应写为各段的上限，用逗号分隔并从小到大，如“40,60”表示40岁及以下、41—60岁、61岁及以上。"
    )
    if not parts:
        raise AgeBandsError(usage)
    if len(parts) > MAX_BOUNDS:
        raise AgeBandsError(_("年龄段至多分 %d 段。") % (MAX_BOUNDS + 1))
    bounds = []
    for part in parts:
        if not part.isascii() or not part.isdigit():
            raise AgeBandsError(
                _("年龄段上限“%(v)s”不是整数。%(usage)s")
                % {"v": part[:20], "usage": usage}
            )
        value = int(part)
        if not 1 <= value < MAX_AGE - 1:
            raise AgeBandsError(
                _("年龄段上限 %(v)d 超出范围（1—%(max)d）。")
                % {"v": value, "max": MAX_AGE - 2}
            )
        if bounds and value <= bounds[-1]:
            raise AgeBandsError(
                _("年龄段上限应从小到大且不重复：“%(v)s”。%(usage)s")
                % {"v": raw[:60], "usage": usage}
            )
        bounds.append(value)
    return bands_from_bounds(bounds)


def default_age_bands() -> tuple[AgeBand, ...]:
    """The bands of the setting ``TONGXIN_AGE_BANDS``."""
    value = getattr(settings, "TONGXIN_AGE_BANDS", "35,45,55,65")
    if not isinstance(value, str):
        value = ",".join(str(v) for v in value)
    try:
        return parse_age_bands(value)
    except AgeBandsError as e:
        raise ImproperlyConfigured(f"TONGXIN_AGE_BANDS: {e}") from None


_override: contextvars.ContextVar[tuple[AgeBand, ...] | None] = contextvars.ContextVar(
    "tongxin_age_bands", default=None
)


def age_bands() -> tuple[AgeBand, ...]:
    """The bands in force: the override of the current request, else the default."""
    return _override.get() or default_age_bands()


@contextlib.contextmanager
def age_bands_override(bands: tuple[AgeBand, ...] | None) -> Iterator[None]:
    """Compute with ``bands`` (``None``: the default) inside the block."""
    token = _override.set(bands or None)
    try:
        yield
    finally:
        _override.reset(token)


def bands_param(bands: tuple[AgeBand, ...] | None) -> str:
    """``bands`` written back as the parameter (``40,60``); empty for the default."""
    if not bands:
        return ""
    return ",".join(str(b.hi) for b in bands[:-1])


def check_age_bands(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``tongxin.E601``: ``TONGXIN_AGE_BANDS`` cannot be read."""
    try:
        default_age_bands()
    except ImproperlyConfigured as e:
        return [checks.Error(str(e), id="tongxin.E601")]
    return []


def request_age_bands(view):
    """Run ``view`` with the bands of its request's ``age_bands`` parameter.

    For the statistics and report views (web and API): every figure, label
    and drill-down computed while answering uses the request's bands. Bands
    that cannot be read are left to the view's own check
    (:func:`tongxin.stats.selectors.choose` refuses them with the message).
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        text = request.GET.get("age_bands")
        try:
            bands = parse_age_bands(text) if text else None
        except AgeBandsError:
            bands = None
        with age_bands_override(bands):
            return view(request, *args, **kwargs)

    return wrapped
