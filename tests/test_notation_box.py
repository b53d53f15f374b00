"""The notation box: one snippet, included right after the question box of every answer page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from multiclass_site import exercises

ROOT = Path(__file__).resolve().parents[1]
SNIPPET = ROOT / "docs" / "snippets" / "notation.md"
INCLUDE = '--8<-- "docs/snippets/notation.md"'
ANSWERS = exercises.answer_pages(ROOT)


def after_the_question(page: str) -> str:
    """The first non-blank line after the page's question box."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    box = re.search(r"^/// question \|.*?^///$", text, flags=re.MULTILINE | re.DOTALL)
    assert box, f"{page}: no question box"
    return next(line for line in text[box.end() :].splitlines() if line.strip())


def test_the_answers_are_the_six_pages_of_the_nav_or_more() -> None:
    # Guards the per-page test below against passing vacuously (no page found).
    assert len(ANSWERS) >= 6, f"the answer pages of mkdocs.yml's nav: {ANSWERS}"


@pytest.mark.parametrize("page", ANSWERS)
def test_the_notation_box_follows_the_question_box(page: str) -> None:
    assert after_the_question(page) == INCLUDE
    assert (ROOT / "docs" / page).read_text(encoding="utf-8").count(INCLUDE) == 1


# Every symbol of the site's notation (NOTATION.md's table), as the box writes it.
SYMBOLS = [
    "$K$",
    "$D$",
    "$N$",
    "$1, \\dots, K$",
    "$k - 1$",
    "$\\vec x$",
    "$X$",
    "$W$",
    "$K \\times D$",
    "$\\vec w_k^{\\mathsf T}$",
    "$\\vec b$",
    "$\\vec z = W\\vec x + \\vec b$",
    "$Z$",
    "$\\vec y = \\operatorname{softmax}(\\vec z)$",
    "$Y$",
    "$\\vec t$",
    "$T$",
    "$j$",
    "`labels`",
    "$\\tau$",
    "$\\frac{\\lambda}{2}\\lVert W\\rVert^2$",
    "mean",
    "biases are not penalised",
]


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_the_box_states_the_symbol(symbol: str) -> None:
    assert symbol in SNIPPET.read_text(encoding="utf-8")


def test_the_box_is_a_collapsible_note_that_links_the_full_table() -> None:
    text = SNIPPET.read_text(encoding="utf-8")
    assert text.startswith("/// details | Notation\n    type: note\n")
    assert text.rstrip().endswith("///")
    link = re.search(r"\]\(conventions\.md#([a-z-]+)\)", text)
    assert link, "the box links the Notation section of the Conventions page"
    conventions = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", conventions, flags=re.MULTILINE)
    slugs = {re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-") for h in headings}
    assert link[1] in slugs
    # Symbols only: the box is short (the Conventions page has the table and the conversions).
    assert len(text.splitlines()) <= 25
