"""The maths font: Latin Modern Math cut to the characters of the pages, written after the last."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont

from multiclass_site.maths import render
from multiclass_site.maths_font import FAMILY, FONT, SITE_PATH, characters, font_subset, page_done


@pytest.mark.parametrize(
    ("mathml", "drawn"),
    [
        ("<math><mi>x</mi></math>", {"x", "\U0001d465"}),  # one letter: italic
        ("<math><mi>h</mi></math>", {"h", "\u210e"}),  # italic h is U+210E
        ("<math><mi>θ</mi><mi>Φ</mi></math>", {"θ", "\U0001d703", "Φ", "\U0001d6f7"}),
        ("<math><mi>∂</mi></math>", {"∂", "\U0001d715"}),
        ("<math><mi>log</mi></math>", {"l", "o", "g"}),  # a name: upright
        ('<math><mi mathvariant="normal">d</mi></math>', {"d"}),  # upright by request
        ("<math><mi>\u211d</mi><mo>&lt;</mo><mn>2</mn></math>", {"\u211d", "<", "2"}),  # no italic
    ],
)
def test_the_characters_are_those_the_browser_draws(mathml: str, drawn: set[str]) -> None:
    assert characters(mathml) == drawn


def _font(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_the_cut_font_has_the_characters_and_their_maths_variants() -> None:
    chars = characters(render(r"\left(\frac{\partial \mathcal{E}}{\partial z}\right) \in \mathbb{R}",
                              display=True))  # fmt: skip
    data = font_subset(chars)
    font = _font(data)
    cmap = font.getBestCmap()
    assert {ord(c) for c in chars} <= set(cmap)
    assert ord("Q") not in cmap  # and no other letter
    # The MATH table is kept, with the larger sizes of the stretchy bracket.
    assert "MATH" in font
    variants = font["MATH"].table.MathVariants.VertGlyphCoverage.glyphs
    assert cmap[ord("(")] in variants
    assert len(data) < FONT.stat().st_size / 4


def test_the_cut_font_is_renamed_and_the_same_every_time() -> None:
    data = font_subset({"x", "\U0001d465"})
    names = _font(data)["name"]
    assert names.getDebugName(1) == FAMILY
    assert "Latin Modern Math" not in (names.getDebugName(4) or "")
    assert "Latin Modern Math" in (names.getDebugName(10) or "")  # said where it comes from
    assert font_subset({"\U0001d465", "x"}) == data  # reproducible builds


def _relpath(site: Path, files: object, page: str) -> SimpleNamespace:
    return SimpleNamespace(
        file=SimpleNamespace(src_uri=page), files=files, config=SimpleNamespace(site_dir=site)
    )


class _Files:
    def __init__(self, *pages: str) -> None:
        self.pages = [SimpleNamespace(src_uri=p) for p in pages]

    def documentation_pages(self) -> list[SimpleNamespace]:
        return self.pages


def test_the_font_is_written_once_every_page_is_rendered(tmp_path: Path) -> None:
    files = _Files("index.md", "a.md")
    assert page_done(_relpath(tmp_path, files, "index.md"), {"x"}) is None
    assert not (tmp_path / SITE_PATH).exists()
    written = page_done(_relpath(tmp_path, files, "a.md"), {"y"})
    assert written == tmp_path / SITE_PATH
    assert {ord("x"), ord("y")} <= set(_font(written.read_bytes()).getBestCmap())
    # Formulas rendered after (mkdocstrings' docstrings): written again only when they add some.
    assert page_done(_relpath(tmp_path, files, "a.md"), {"x"}) is None
    assert page_done(_relpath(tmp_path, files, "a.md"), {"z"}) == written
    assert ord("z") in _font(written.read_bytes()).getBestCmap()
    # Another build (mkdocs serve) starts again from nothing.
    again = _Files("index.md", "a.md")
    assert page_done(_relpath(tmp_path / "2", again, "a.md"), {"x"}) is None
