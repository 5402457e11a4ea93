"""Chinese names for section titles and figure keys (see :mod:`tongxin.stats.words`)."""

from tongxin.stats.words import SECTION_TITLES, WORDS, label

__all__ = ["SECTION_TITLES", "WORDS", "figure_label", "label"]


def figure_label(section: str, key: str) -> str:
    """A figure's Chinese name: the section's own (its ``label``), else by words."""
    from tongxin.stats.selectors import label_of

    text = label_of(section, key)
    return text if text != key else label(key)
