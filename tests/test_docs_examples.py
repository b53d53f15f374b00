"""Every executed block of every page runs under pytest too, not only in the docs build."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiclass_site.blocks import find_blocks, run_page

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


def test_a_failing_block_fails_with_its_location(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "p.md"
    page.write_text('text\n\n```python exec="on"\nassert 1 == 2, "stated number is wrong"\n```\n')
    with pytest.raises(AssertionError, match="stated number is wrong") as info:
        run_page(page, tmp_path)
    assert any("docs/p.md:3" in str(entry.path) for entry in info.traceback)


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
