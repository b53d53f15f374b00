"""On the site a figure's drawings are files, one per window width and colour scheme, loaded lazily.

:mod:`multiclass_site.figure_files` replaces the inline drawings of
:func:`multiclass_site.figures.to_svg` on each built page; the browser tests check what a reader
sees (tests/browser: drawn, sized, inked, text of at least 9 px on a phone).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import matplotlib.pyplot as plt
import numpy as np
import pytest

from multiclass_site import figure_files
from multiclass_site.figure_files import INKS, drawings, with_ink, write_figures
from multiclass_site.figures import NARROW_BELOW, style, to_svg
from tests.test_build import _build, _site
from tests.test_figures import draw

#: Two panels side by side: the phone drawing stacks them (figures.narrow).
ALT = 'Two panels: a line & a "curve" <rising>.'


def two_panels(name: str) -> str:
    with style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(6, 2.5))
        z = np.linspace(-3.0, 3.0, 13)
        left.plot(z, z, label="line")
        right.plot(z, np.tanh(z), label="tanh")
        left.set_xlabel("z")
        right.set_xlabel("z")
        right.legend()
        return to_svg(fig, name, ALT, caption="A line and a curve.")


def references_resolve(svg: str) -> bool:
    defined = set(re.findall(r'\sid="([^"]+)"', svg))
    used = {a or b for a, b in re.findall(r'url\(#([^)]+)\)|xlink:href="#([^"]+)"', svg)}
    return bool(used) and used <= defined


@pytest.mark.parametrize("make", [lambda: draw("one-panel"), lambda: two_panels("two-panels")])
def test_each_drawing_becomes_a_standalone_svg_document(make: object) -> None:
    inline = make()  # type: ignore[operator]
    found = drawings(inline)
    assert list(found) == ["wide", "narrow"]
    for svg in found.values():
        assert svg.startswith("<svg ")
        assert svg.endswith("</svg>")
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg
        assert references_resolve(svg), "a reference to an id the file does not define"
        # The image around it carries the text alternative; the file is only the drawing.
        root = svg.split(">", 1)[0]
        assert "aria-label" not in root
        assert "role=" not in root
        assert "class=" not in root
    # The drawings themselves are unchanged.
    for svg in found.values():
        assert svg.split(">", 1)[1] in inline


def test_the_ink_is_the_scheme_s_text_colour() -> None:
    svg = drawings(draw("ink"))["wide"]
    assert "currentColor" in svg
    for ink in INKS.values():
        inked = with_ink(svg, ink)
        assert "currentColor" not in inked
        assert inked.count(ink) == svg.count("currentColor")


def test_a_page_s_figures_are_written_as_files_and_shown_as_pictures(tmp_path: Path) -> None:
    page = (
        f"<p>Before.</p>{two_panels('two-panels')}<p>Between.</p>{draw('one-panel')}<p>After.</p>"
    )
    written = write_figures(page, tmp_path / "figures")
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == sorted(
        f"{name}{variant}{scheme}.svg"
        for name in ("one-panel", "two-panels")
        for variant in ("", "-narrow")
        for scheme in ("", "-dark")
    )
    # The text around the figures and their captions stay as they were.
    assert re.sub(r"<picture .*?</picture>", "", written) == re.sub(
        r"<svg .*?</svg>\s*", "", page, flags=re.DOTALL
    )
    pictures = re.findall(r'<picture class="figure__(\w+)">(.*?)</picture>', written)
    assert [scheme for scheme, _ in pictures] == ["light", "dark", "light", "dark"]
    for scheme, inner in pictures:
        suffix = "-dark" if scheme == "dark" else ""
        source = re.fullmatch(
            r'<source media="\(max-width: ([\d.]+)px\)" srcset="figures/([\w-]+)-narrow'
            + suffix
            + r'\.svg" width="(\d+)" height="(\d+)"><img src="figures/([\w-]+)'
            + suffix
            + r'\.svg" alt="([^"]*)" width="(\d+)" height="(\d+)" loading="lazy" decoding="async">',
            inner,
        )
        assert source is not None, inner
        assert float(source[1]) < NARROW_BELOW
        name = source[2]
        assert source[5] == name
        # The box the image reserves is the drawing's own size (points to CSS px).
        for variant, width, height in (
            ("-narrow", source[3], source[4]),
            ("", source[7], source[8]),
        ):
            svg = (tmp_path / "figures" / f"{name}{variant}{suffix}.svg").read_text()
            pt = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
            assert pt is not None
            assert (int(width), int(height)) == (
                round(float(pt[1]) * 4 / 3),
                round(float(pt[2]) * 4 / 3),
            )
            assert INKS[scheme] in svg
            assert "currentColor" not in svg
    alts = {html.unescape(a) for a in re.findall(r' alt="([^"]*)"', written)}
    assert alts == {ALT, "The logistic sigmoid rises from 0 to 1."}


def test_the_same_page_gives_the_same_files(tmp_path: Path) -> None:
    page = two_panels("again")
    first = write_figures(page, tmp_path / "a")
    second = write_figures(page, tmp_path / "b")
    assert first == second
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes()


def test_a_figure_with_one_drawing_is_refused(tmp_path: Path) -> None:
    broken = re.sub(r'<svg class="figure__narrow".*?</svg>', "", draw("one"), flags=re.DOTALL)
    with pytest.raises(ValueError, match=r"drawings \['wide'\], expected \['narrow', 'wide'\]"):
        write_figures(broken, tmp_path)


FIGURE_PAGE = """\
# Figures

```python exec="on" html="true"
from tests.test_figure_files import two_panels
print(two_panels("on-a-page"))
```
"""


def test_outside_mkdocs_the_figure_stays_inline() -> None:
    inline = two_panels("inline")
    md = markdown.Markdown(extensions=[figure_files.makeExtension()])
    assert md.convert(inline) == inline


def test_a_built_page_links_its_drawings_beside_it(tmp_path: Path) -> None:
    assert _build(_site(tmp_path, {"index.md": "# Home\n", "page.md": FIGURE_PAGE})) is None
    built = (tmp_path / "site" / "page" / "index.html").read_text(encoding="utf-8")
    assert "<svg class=" not in built
    sources = re.findall(r'(?:src|srcset)="(figures/[^"]+)"', built)
    assert len(sources) == 4
    for source in sources:
        assert (tmp_path / "site" / "page" / source).is_file(), source
