"""Rates (percentages): one rule for every figure that shows one.

A rate is ``100 × part / whole`` rounded to one decimal (72.1, not 72), and
``None`` when there is no whole to divide by; the report prints it with its
one decimal (72.1%, 80.0%).
"""

from __future__ import annotations


def rate(part: int | float, whole: int | float) -> float | None:
    """The percentage ``part`` is of ``whole``, one decimal; ``None`` if ``whole`` is 0."""
    if not whole:
        return None
    return round(100.0 * part / whole, 1)


def shown(value: float | None) -> str:
    """A rate as the report writes it: ``72.1%``, ``80.0%``; empty for none."""
    if value is None:
        return ""
    return f"{value:.1f}%"
