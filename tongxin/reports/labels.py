"""Chinese names for section titles and figure keys (see :mod:`tongxin.stats.words`)."""

from tongxin.stats.words import SECTION_TITLES, WORDS, label

__all__ = ["SECTION_TITLES", "WORDS", "label"]
