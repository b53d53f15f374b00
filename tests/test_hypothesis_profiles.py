"""The Hypothesis profiles: a failure says how to replay it, and is not replayed unasked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FAILING = """\
from hypothesis import given, strategies as st


def test_small(n):
    assert n < 1000


test_small = given(st.integers())(test_small)
"""


def _run(tmp_path: Path, profile: str) -> str:
    env = {**os.environ, "HYPOTHESIS_PROFILE": profile}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_failing.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout


@pytest.mark.parametrize("profile", ["dev", "ci"])
def test_a_failure_prints_its_replay_and_leaves_no_database(tmp_path: Path, profile: str) -> None:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_failing.py").write_text(FAILING)
    out = _run(tmp_path, profile)
    assert re.search(r"(Falsifying example|Failing test case): test_small\(", out), out
    assert "n=1000," in out
    assert re.search(r"@reproduce_failure\('[\d.]+', b'[^']+'\)", out), out
    # No example database: nothing is saved to replay on the next run of an unrelated change.
    # (Hypothesis keeps a cache of the code's constants in .hypothesis/constants; no examples.)
    assert not (tmp_path / ".hypothesis" / "examples").exists()
    if profile == "ci":  # derandomized: the same report on every run (but for its duration)
        assert _run(tmp_path, profile).splitlines()[:-1] == out.splitlines()[:-1]
