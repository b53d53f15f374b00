"""Every executed block of every page runs under pytest too, not only in the docs build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from multiclass_site.blocks import BlockError, find_blocks, run_page

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
PAGES_WITH_BLOCKS = [page for page in PAGES if find_blocks(page, ROOT)]


@pytest.mark.parametrize("page", PAGES_WITH_BLOCKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_page_blocks_run(page: Path) -> None:
    printed = run_page(page, ROOT)
    assert len(printed) == len(find_blocks(page, ROOT))


def test_pages_have_executed_blocks() -> None:
    # Guards the parametrized test above against collecting nothing.
    assert PAGES_WITH_BLOCKS


def test_finds_blocks_sessions_and_includes(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "ex.py").write_text("# --8<-- [start:part]\nvalue = 41\n# --8<-- [end:part]\n")
    page = tmp_path / "docs" / "p.md"
    page.write_text(
        '```python exec="on" session="s"\n--8<-- "ex.py:part"\n```\n\n'
        "```python\nnot executed(\n```\n\n"
        '```python exec="1" session="s"\nprint(value + 1)\n```\n'
    )
    blocks = find_blocks(page, tmp_path)
    assert [b.line for b in blocks] == [1, 9]
    assert run_page(page, tmp_path) == ["", "42\n"]


@pytest.mark.parametrize(
    ("text", "line", "shown", "error"),
    [
        pytest.param(
            'text\n\n```python exec="on"\nx = 1\nassert x == 2, "stated number is wrong"\n```\n',
            5,
            'assert x == 2, "stated number is wrong"',
            "AssertionError: stated number is wrong",
            id="assert",
        ),
        pytest.param(
            '```python exec="on"\ndef f(v):\n    return 1 / v\n\n\nprint(f(0))\n```\n',
            3,
            "    return 1 / v",
            "ZeroDivisionError: division by zero",
            id="inside-a-function",
        ),
        pytest.param(
            '```python exec="on" session="s"\nx = 1\n```\n\n'
            '```python exec="on" session="s"\ny = (x +\n```\n',
            6,
            "y = (x +",
            "SyntaxError: '(' was never closed",
            id="syntax-error-in-second-block",
        ),
        pytest.param(
            '/// details | Aside\n\n    ```python exec="on"\n    import math\n'
            "    math.sqrt(-1)\n    ```\n///\n",
            5,
            "    math.sqrt(-1)",
            "ValueError: math domain error",
            id="indented-fence",
        ),
        pytest.param(
            '```python exec="on"\n--8<-- "ex.py:part"\n```\n',
            2,
            '--8<-- "ex.py:part" (the section included from ex.py:3)\n       | undefined_name',
            "NameError: name 'undefined_name' is not defined",
            id="included-section",
        ),
        pytest.param(
            '```python exec="on"\nvalues = [\n--8<-- "ex.py:numbers"\n]\nassert sum(values) == 4\n```\n',
            5,
            "assert sum(values) == 4",
            "AssertionError",
            id="statement-across-an-include",
        ),
    ],
)
def test_a_failing_block_is_reported_at_its_page_line(
    tmp_path: Path, write_page: Callable[[str], Path], text: str, line: int, shown: str, error: str
) -> None:
    (tmp_path / "ex.py").write_text(
        "# --8<-- [start:part]\nvalue = 41\nundefined_name\n# --8<-- [end:part]\n"
        "# --8<-- [start:numbers]\n1,\n2,\n# --8<-- [end:numbers]\n"
    )
    page = write_page(text)
    with pytest.raises(BlockError) as info:
        run_page(page, tmp_path)
    message = str(info.value)
    assert message.startswith(f"docs/p.md:{line}: {error}\n  {line:>4} | {shown}\n")
    assert "make quick PAGE=docs/p.md" in message
    # The traceback, as the build log shows it, names the page line too.
    file_line = 'File "ex.py", line 3' if "ex.py" in shown else f'File "docs/p.md", line {line}'
    assert file_line in info.value.details


def test_a_failing_block_keeps_the_caret_under_the_failing_call(
    tmp_path: Path, write_page: Callable[[str], Path]
) -> None:
    page = write_page('- item\n\n    ```python exec="on"\n    x = [1][2]\n    ```\n')
    with pytest.raises(BlockError) as info:
        run_page(page, tmp_path)
    lines = info.value.details.splitlines()
    at = lines.index("    x = [1][2]")
    marks = lines[at + 1]
    assert len(marks) - len(marks.lstrip()) == lines[at].index("[1][2]")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_headings_hold_no_maths(page: Path) -> None:
    # The table of contents repeats headings as plain text, where MathJax does not run: a formula
    # in a heading would show there as raw TeX. Headings use italics and Unicode instead.
    in_fence = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line.startswith("#") and "$" in line:
            pytest.fail(f"{page.name}:{number}: maths in a heading: {line}")
