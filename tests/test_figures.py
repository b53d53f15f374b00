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
from multiclass_site.figures import INK, style, to_svg


def draw(name: str, alt: str = "The logistic sigmoid rises from 0 to 1.") -> str:
    with style():
        fig, ax = plt.subplots(figsize=(4, 2.5))
        z = np.linspace(-6.0, 6.0, 49)
        ax.plot(z, sigmoid(z), label="sigmoid")
        ax.fill_between(z, 0.0, sigmoid(z), alpha=0.2)  # a clip path and a shared id
        ax.set_xlabel("z")
        ax.legend()
        return to_svg(fig, name, alt)


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
    assert done.stdout.startswith('<figure class="figure"><svg ')
    assert done.stdout == draw("sigmoid-curve")


def test_no_date_metadata_or_sentinel_ink_is_left() -> None:
    svg = draw("sigmoid-curve")
    assert "<metadata" not in svg
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d", svg), "a date in the SVG"
    assert INK.lower() not in svg.lower()
    assert "currentColor" in svg


def test_two_figures_on_a_page_never_share_an_id() -> None:
    first, second = draw("first-curve"), draw("second-curve")
    assert ids(first)
    assert len(set(ids(first))) == len(ids(first))
    assert not set(ids(first)) & set(ids(second))
    # Every reference points to an id of its own figure.
    for svg in (first, second):
        refs = re.findall(r'url\(#([^)]+)\)|xlink:href="#([^"]+)"', svg)
        assert {a or b for a, b in refs} <= set(ids(svg))


def test_the_figure_is_an_image_with_its_sentence() -> None:
    svg = draw("sigmoid-curve", alt='Rises from 0 to 1 & "saturates"')
    assert 'role="img"' in svg
    assert 'aria-label="Rises from 0 to 1 &amp; &quot;saturates&quot;"' in svg


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
