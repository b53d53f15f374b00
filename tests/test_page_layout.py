"""Pages read on a desktop: every code line a page writes fits the text column at 1280 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: The longest code line a page may write: with the table of contents in the navigation
#: (``toc.integrate``) the column of a 1280 px window holds about 110 characters of code, and
#: the project's own Python lines are at most 100 (ruff's line length).
MAX_CODE_LINE = 100


def code_lines(page: Path) -> list[tuple[int, str]]:
    """The lines inside the page's fenced blocks, with their line numbers."""
    found: list[tuple[int, str]] = []
    fence = None  # the opening fence of the block we are in
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        marker = re.fullmatch(r"\s*(```+|~~~+)(.*)", line)
        if fence is None and marker:
            fence = marker.group(1)
        elif fence and marker and marker.group(1)[0] == fence[0] and not marker.group(2).strip():
            if len(marker.group(1)) >= len(fence):  # a closing fence (CommonMark)
                fence = None
            else:
                found.append((number, line))
        elif fence:
            found.append((number, line))
    return found


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_code_lines_fit_the_desktop_column(page: Path) -> None:
    long = [f"{page.name}:{n}: {len(line)} characters" for n, line in code_lines(page)]
    long = [
        item
        for item, (_, line) in zip(long, code_lines(page), strict=True)
        if len(line) > MAX_CODE_LINE
    ]
    assert not long, "\n".join(long)


def test_code_lines_finds_the_lines_of_fenced_blocks(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n````md\n```python\nx = 1\n```\n````\nprose\n~~~\ny\n~~~\nafter\n")
    assert code_lines(page) == [(3, "```python"), (4, "x = 1"), (5, "```"), (9, "y")]


def list_markers_in_maths(page: Path) -> list[str]:
    """Lines that start with ``+ ``, ``- `` or ``* `` while an inline formula is still open.

    Markdown reads such a line as a new list item (inside a list, a nested one) and cuts the
    formula in two: the reader sees raw TeX. Wrap before another character instead.
    """
    found: list[str] = []
    fence = display = inline = False  # inline: a formula opened by a single $ is still open
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(("```", "~~~")):
            fence = not fence
        elif line.strip() == "$$" and not fence:
            display = not display
        elif not (fence or display):
            if inline and re.match(r"\s*[-+*] ", line):
                found.append(f"{page.name}:{number}: {line.strip()[:60]}")
            dollars = line.replace("\\$", "").count("$")
            inline = bool(line.strip()) and (inline != (dollars % 2 == 1))
    return found


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.name)
def test_no_wrapped_formula_line_starts_like_a_list_item(page: Path) -> None:
    found = list_markers_in_maths(page)
    assert not found, "\n".join(found)


def test_a_wrapped_formula_that_starts_a_line_with_plus_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("- item $a\n  + b$ and\n- $c +\n  d$\n\n```\n$x\n+ y\n```\n")
    assert list_markers_in_maths(page) == ["page.md:2: + b$ and"]
