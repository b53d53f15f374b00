"""The shared strategies draw what they promise (tests/strategies.py)."""

from __future__ import annotations

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
