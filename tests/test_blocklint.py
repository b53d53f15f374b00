"""Ruff on the executed blocks: a finding is reported at the page line a contributor edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from multiclass_site import blocklint


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '# P\n\n```python exec="on"\nimport os\nimport math\n\nprint(math.pi)\n```\n',
            "docs/p.md:4:8: F401 `os` imported but unused",
            id="unused-import",
        ),
        pytest.param(
            '```python exec="on" session="s"\nx = 1\n```\n\n'
            '```python exec="on" session="s"\nprint(x + y)\n```\n',
            "docs/p.md:6:11: F821 Undefined name `y`",
            id="undefined-name-in-a-session",
        ),
        pytest.param(
            '/// details | Aside\n\n    ```python exec="on"\n    import os\n    ```\n///\n',
            "docs/p.md:4:12: F401 `os` imported but unused",
            id="indented-fence",
        ),
        pytest.param(
            '```python exec="on"\n--8<-- "ex.py:part"\nprint(value)\n```\n',
            "ex.py:3:8: F401 `sys` imported but unused",
            id="included-section",
        ),
        pytest.param(
            '```python exec="on"\ndef f(items=[]):\n    return items\n```\n',
            "docs/p.md:2:13: B006 Do not use mutable data structures for argument defaults",
            id="likely-bug",
        ),
    ],
)
def test_a_finding_is_reported_at_its_page_line(
    tmp_path: Path, write_page: Callable[[str], Path], text: str, expected: str
) -> None:
    (tmp_path / "ex.py").write_text(
        "# --8<-- [start:part]\nvalue = 1\nimport sys\n# --8<-- [end:part]\n"
    )
    findings = blocklint.lint(tmp_path, [write_page(text)])
    assert [str(f) for f in findings] == [expected]


def test_a_session_is_checked_as_the_one_module_it_runs_as(
    tmp_path: Path, write_page: Callable[[str], Path]
) -> None:
    # Names defined in one block and used in the next, imports in a later block, zip(): no finding.
    page = write_page(
        '```python exec="on" session="s"\nimport numpy as np\n\nx = np.arange(3)\n```\n\n'
        "Prose.\n\n"
        '```python exec="on" session="s"\nimport math\n\nprint(list(zip(x, x)), math.pi)\n```\n\n'
        "```python\nimport os  # not executed: not checked\n```\n",
    )
    assert blocklint.lint(tmp_path, [page]) == []


def test_the_command_says_what_to_do(
    tmp_path: Path, write_page: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    page = write_page('```python exec="on"\nimport os\n```\n')
    assert blocklint.main([str(page), "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("docs/p.md:2:8: F401 `os` imported but unused\n")
    assert "fix them on the page at the lines above" in out
    (tmp_path / "docs" / "p.md").write_text(
        '```python exec="on"\nimport os\n\nprint(os.sep)\n```\n'
    )
    assert blocklint.main([str(page), "--root", str(tmp_path)]) == 0
