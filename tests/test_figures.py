"""Figures are deterministic inline SVG: the same figure gives the same bytes on every build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from multiclass import sigmoid
from multiclass_site import figures
from multiclass_site.figures import (
    INK,
    NARROW_WIDTH,
    MissingGlyphError,
    narrow,
    style,
    to_svg,
)


def draw(
    name: str, alt: str = "The logistic sigmoid rises from 0 to 1.", caption: str = "The sigmoid."
) -> str:
    with style():
        fig, ax = plt.subplots(figsize=(4, 2.5))
        z = np.linspace(-6.0, 6.0, 49)
        ax.plot(z, sigmoid(z), label="sigmoid")
        ax.fill_between(z, 0.0, sigmoid(z), alpha=0.2)  # a clip path and a shared id
        ax.set_xlabel("z")
        ax.legend()
        return to_svg(fig, name, alt, caption=caption)


def ids(svg: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', svg)


def test_the_same_figure_gives_the_same_bytes() -> None:
    assert draw("sigmoid-curve") == draw("sigmoid-curve")


DRAW_IN_A_FRESH_PROCESS = """
import sys
from tests.test_figures import draw
sys.stdout.write(draw("sigmoid-curve"))
"""


def test_the_same_figure_gives_the_same_bytes_in_another_process() -> None:
    # Another interpreter with a fixed hash seed (this one's is random): nothing may depend on
    # set order, hash values or object addresses.
    done = subprocess.run(
        [sys.executable, "-c", DRAW_IN_A_FRESH_PROCESS],
        env={**os.environ, "PYTHONHASHSEED": "1"},
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.stdout.startswith('<figure class="figure" id="figure-sigmoid-curve"><div ')
    assert done.stdout == draw("sigmoid-curve")


def test_no_date_metadata_or_sentinel_ink_is_left() -> None:
    svg = draw("sigmoid-curve")
    assert "<metadata" not in svg
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d", svg), "a date in the SVG"
    assert INK.lower() not in svg.lower()
    assert "currentColor" in svg


def test_two_figures_on_a_page_never_share_an_id() -> None:
    # Nor the two drawings of one figure.
    first, second = draw("first-curve"), draw("second-curve")
    assert ids(first)
    assert len(set(ids(first))) == len(ids(first))
    assert not set(ids(first)) & set(ids(second))
    # Every reference points to an id of its own drawing: each stands alone (a file on the site,
    # an image in a notebook).
    for figure in (first, second):
        drawn = re.findall(r"<svg .*?</svg>", figure, flags=re.DOTALL)
        assert len(drawn) == 2
        for svg in drawn:
            refs = re.findall(r'url\(#([^)]+)\)|xlink:href="#([^"]+)"', svg)
            assert refs
            assert {a or b for a, b in refs} <= set(ids(svg))


def test_the_figure_is_an_image_with_its_sentence() -> None:
    svg = draw("sigmoid-curve", alt='Rises from 0 to 1 & "saturates"')
    # Two drawings (wide screens, phones), each an image with the sentence.
    assert svg.count('role="img"') == 2
    assert svg.count('aria-label="Rises from 0 to 1 &amp; &quot;saturates&quot;"') == 2


def test_the_figure_has_its_caption_after_both_drawings_and_out_of_the_drawings() -> None:
    svg = draw("sigmoid-curve", caption='Rises from 0 to 1 & "saturates" <fast>.')
    assert svg.endswith(
        '</div><figcaption class="figure__caption">Rises from 0 to 1 &amp; "saturates" '
        "&lt;fast&gt;.</figcaption></figure>"
    )
    # The search index leaves out the drawings' glyphs and text, not the caption.
    assert svg.count("data-search-exclude") == 1
    assert svg.index("data-search-exclude") < svg.index("<svg") < svg.index("<figcaption")


@pytest.mark.parametrize("caption", ["", "  \n"])
def test_a_figure_without_a_caption_fails_the_build(caption: str) -> None:
    with pytest.raises(ValueError, match="figure 'no-caption': caption must be a sentence"):
        draw("no-caption", caption=caption)
    assert not plt.get_fignums()  # the figure is closed all the same


def sizes_pt(svg: str) -> list[tuple[float, float]]:
    """Width and height, in points, of each drawing of a figure."""
    found = re.findall(r'<svg [^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    return [(float(w), float(h)) for w, h in found]


def test_a_figure_comes_in_a_wide_and_a_narrow_drawing() -> None:
    svg = draw("sigmoid-curve")
    assert re.findall(r'<svg class="(figure__\w+)"', svg) == ["figure__wide", "figure__narrow"]
    (_, _), (narrow_width, _) = sizes_pt(svg)
    # The phone drawing is NARROW_WIDTH inches wide (72 pt each), give or take the tight bounding
    # box, which trims the margins and may add a label's overhang (a few points).
    assert abs(narrow_width - NARROW_WIDTH * 72) < 0.1 * NARROW_WIDTH * 72


def test_panels_side_by_side_are_stacked_for_phones() -> None:
    with style():
        fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.0), sharey=True)
        for ax in axes:
            ax.plot([0, 1], [0, 1])
        narrow(fig)
        tops = [ax.get_position().y0 for ax in axes]
        lefts = [ax.get_position().x0 for ax in axes]
        plt.close(fig)
    assert tops[0] > tops[1] > tops[2]  # one under the other, in their order
    assert max(lefts) - min(lefts) < 0.05
    # The shared y axis is labelled on every panel once they no longer sit side by side.
    assert all(ax.yaxis.get_tick_params()["labelleft"] for ax in axes)


def test_text_is_drawn_as_glyph_outlines_with_every_character() -> None:
    # The cross-entropy figure's script E comes from matplotlib's STIX fonts, as outlines: no
    # font on the reader's device is needed, so no character can show as an empty box.
    with style():
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.set_ylabel(r"cross-entropy $\mathcal{E}$")
        ax.set_xlabel("\u2202E/\u2202z\u2081 = y\u2081 \u2212 1")
        svg = to_svg(fig, "glyphs", "Axis labels only.", caption="Labels.")
    assert "<text" not in svg
    assert "STIX" in svg  # the glyph's outline, named after its font


# A CJK ideograph, an emoji and a Gothic letter (outside the Basic Multilingual Plane), and the
# bold script E typed as a character (the figure writes $\mathcal{E}$, drawn from STIX).
@pytest.mark.parametrize("character", ["\u6f22", "\U0001f980", "\U00010330", "\U0001d4d4"])
def test_a_character_without_a_glyph_fails_the_build(character: str) -> None:
    with style():
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.set_title(f"label {character}")
        with pytest.raises(MissingGlyphError, match="figure 'no-glyph'"):
            to_svg(fig, "no-glyph", "A title with a character no figure font has.", caption="A.")
    assert not plt.get_fignums()  # the figure is closed all the same


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", figures.PALETTE)
@pytest.mark.parametrize("background", ["#FFFFFF", figures.SLATE])
def test_data_colours_have_graphics_contrast_on_both_schemes(colour: str, background: str) -> None:
    # WCAG 2.1 SC 1.4.11 asks 3:1 for the parts of a graphic needed to understand it.
    assert _contrast(colour, background) >= 3.0


def test_contrast_formula_matches_known_values() -> None:
    # Black on white is 21:1 and a colour against itself 1:1 (the WCAG definition's end points).
    assert _contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert _contrast(figures.SLATE, figures.SLATE) == pytest.approx(1.0)


def test_a_phone_drawing_given_is_used_instead_of_the_wide_one_laid_out_again() -> None:
    with style():
        fig, ax = plt.subplots(figsize=(6.0, 2.0))
        ax.plot([0, 1], [0, 1])
        phone, ax = plt.subplots(figsize=(2.0, 3.0))
        ax.plot([0, 1], [1, 0])
        svg = to_svg(fig, "given-phone", "Two lines.", caption="Lines.", phone=phone)
    (wide_width, _), (phone_width, phone_height) = sizes_pt(svg)
    # The phone drawing is the 2 x 3 inch figure (give or take the tight bounding box), not the
    # 6 x 2 inch one laid out again at NARROW_WIDTH.
    assert abs(phone_width - 2.0 * 72) < 0.15 * 2.0 * 72
    assert phone_height > phone_width
    assert wide_width > 4 * 72
    assert not plt.get_fignums()  # both figures are closed


def test_a_phone_drawing_is_closed_too_when_the_caption_is_missing() -> None:
    with style():
        fig, _ = plt.subplots()
        phone, _ = plt.subplots()
        with pytest.raises(ValueError, match="caption must be a sentence"):
            to_svg(fig, "no-caption", "Nothing.", caption="", phone=phone)
    assert not plt.get_fignums()
