"""Hypothesis profiles: ``ci`` is deterministic and thorough, ``dev`` is quick.

The profile comes from ``HYPOTHESIS_PROFILE`` (the Makefile sets ``ci`` when ``CI`` is set).
Neither keeps a database of failing examples: a failure found once is not replayed on every later
run, in whatever test happens to be unrelated to the change at hand. Instead a failure prints the
falsifying example and the ``@reproduce_failure(...)`` line that replays it, and ``ci`` draws the
same examples on every run. Pin a failure you fix with ``@example`` (see CONTRIBUTING.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,  # the same examples on every run: a red CI is reproducible
    deadline=None,  # timing is for benchmarks, not tests
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=40, deadline=None, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def write_page(tmp_path: Path) -> Callable[[str], Path]:
    """Writes ``docs/p.md`` under ``tmp_path`` (the repository root of a test) and returns it."""

    def write(text: str) -> Path:
        (tmp_path / "docs").mkdir(exist_ok=True)
        page = tmp_path / "docs" / "p.md"
        page.write_text(text)
        return page

    return write
