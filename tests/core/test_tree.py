"""Materialized paths: every subtree is one contiguous range."""

from hypothesis import given
from hypothesis import strategies as st

from tongxin.core import tree


def test_it_builds_fixed_width_segments():
    assert tree.segment(1) == "00001"
    assert tree.segment(99999) == "99999"


def test_it_computes_the_upper_bound_with_carry():
    assert tree.path_upper_bound("0000100003") == "0000100004"
    assert tree.path_upper_bound("0000199999") == "0000200000"


def test_it_drops_nested_paths():
    assert tree.minimal_paths(["0000100002", "00001", "00002", "0000200001"]) == [
        "00001",
        "00002",
    ]


def test_it_does_not_confuse_siblings_with_descendants():
    assert tree.is_within("0000100002", "00001")
    assert not tree.is_within("00002", "00001")
    assert not tree.is_within("00001", "0000100002")


paths = st.lists(st.integers(1, 12), min_size=1, max_size=4).map(
    lambda ns: "".join(tree.segment(n) for n in ns)
)


@given(p=paths, q=paths)
def test_range_membership_equals_prefix_membership(p, q):
    """A path lies in [p, upper(p)) exactly when p is its prefix."""
    in_range = p <= q < tree.path_upper_bound(p)
    assert in_range == q.startswith(p)
