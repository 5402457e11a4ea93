"""Published 姓氏笔画 lists come back in their published order."""

import random

import pytest

from tests.core.official_lists import OFFICIAL_LISTS, kendall_tau, names
from tongxin.core.chinese import stroke_sort_key


@pytest.mark.parametrize("key", sorted(OFFICIAL_LISTS))
def test_published_lists_sort_back_into_their_order(key):
    published = names(key)
    assert len(set(published)) == len(published)
    shuffled = published.copy()
    random.Random(key).shuffle(shuffled)
    ours = sorted(shuffled, key=stroke_sort_key)
    assert ours == published
    assert kendall_tau(ours, published) == 1.0
    assert sorted(reversed(published), key=stroke_sort_key) == published


def test_kendall_tau():
    assert kendall_tau(list("abcd"), list("abcd")) == 1.0
    assert kendall_tau(list("dcba"), list("abcd")) == -1.0
    assert kendall_tau(list("bacd"), list("abcd")) == pytest.approx(4 / 6)


def test_single_given_names_decide_the_published_pairs():
    # Each pair is published in this order; by strokes alone the second
    # given name would come first (小 3 < 宁 5, 干 3 < 希 7, 敬 12 > 翔 12 …).
    pairs = [
        ("李希", "李干杰"),
        ("王毅", "王沪宁"),
        ("刘英", "刘敬泽"),
        ("杨轶", "杨士彬"),
        ("丁宁", "丁小强"),
        ("劉翔", "劉敬民"),
        ("姚明", "姚濱"),
    ]
    for first, second in pairs:
        assert stroke_sort_key(first) < stroke_sort_key(second)
