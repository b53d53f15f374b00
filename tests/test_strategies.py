"""The shared strategies draw what they promise (tests/strategies.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest
from hypothesis import given

from multiclass._validation import as_rng
from tests import strategies as s


@given(seed=s.bad_seeds())
def test_bad_seeds_are_never_seeds(seed: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        as_rng(seed)


@given(rows=s.ragged_lists())
def test_ragged_lists_are_ragged(rows: list[Any]) -> None:
    assert len({len(row) for row in rows}) > 1
    with pytest.raises(ValueError, match="inhomogeneous"):
        np.asarray(rows)


@given(array=s.masked_arrays())
def test_masked_arrays_are_masked_arrays(array: np.ma.MaskedArray) -> None:
    assert isinstance(array, np.ma.MaskedArray)
    assert array.mask.shape == array.shape


@given(array=s.hostile_arrays())
def test_hostile_arrays_have_one_of_the_hostile_dtypes(array: np.ndarray) -> None:
    assert array.dtype in s.HOSTILE_DTYPES
    assert array.ndim >= 1


def test_the_hostile_dtypes_include_swapped_unsigned_and_bool() -> None:
    kinds = {(d.kind, d.isnative) for d in s.HOSTILE_DTYPES}
    assert {("f", False), ("u", False), ("u", True), ("i", False), ("b", True)} <= kinds


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.unbalanced: list[str] = []
        self.values: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)
        self.values += [value for _, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.unbalanced.append(tag)


@given(html=s.html_fragments())
def test_html_fragments_are_balanced_and_their_attributes_read_whole(html: str) -> None:
    tags = _Tags()
    tags.feed(html)
    tags.close()
    assert not tags.unbalanced, html
    assert not tags.open, html
    # Attribute values holding `>` and `<` are read whole, as drawn.
    drawn = "".join(s.HTML_ATTRIBUTES)
    assert all(f"{value}" in drawn for value in tags.values), tags.values
