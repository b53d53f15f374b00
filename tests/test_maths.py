"""Maths typeset at build time: every formula becomes MathML (Temml), or the build fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest

from multiclass_site.maths import TeXError, readable, render
from multiclass_site.maths_font import FAMILY, FONT

ROOT = Path(__file__).resolve().parents[1]


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=["multiclass_site.maths", "md_in_html"])


def test_inline_and_displayed_formulas_are_typeset_with_mathml() -> None:
    page = convert("Scores $z_k$ and\n\n$$\n\\vec y = \\operatorname{softmax}(\\vec z)\n$$\n")
    assert page.count("<math>") == 1  # in the text
    assert page.count('<math display="block"') == 1  # displayed
    assert '<div class="maths">' in page
    assert '<span class="maths">' in page
    # MathML is what the eye and screen readers both get: nothing is hidden from either.
    assert "aria-hidden" not in page
    assert "<svg" not in page


def top_level_pieces(page: str) -> list[str]:
    """The text of each top-level child of a formula's <math> (where a line may wrap)."""
    body = (
        re.sub(r"<math(?:\s[^>]*)?>", "<math>", page).split("<math>", 1)[1].split("</math>", 1)[0]
    )
    pieces, depth, start = [], 0, 0
    for tag in re.finditer(r"<(/?)([a-z]+)[^>]*?(/?)>", body):
        if tag.group(3):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            pieces.append(re.sub(r"<[^>]+>|\u2061", "", body[start : tag.end()]))
            start = tag.end()
    return [p for p in pieces if p]


@pytest.mark.parametrize(
    ("tex", "pieces"),
    [
        (r"a = b + c", ["a=", "b+", "c"]),
        (r"J(\theta) \le t J(\theta_1) - \frac{\lambda}{2} x", ["J(θ)≤", "tJ(θ1)\u2212", "λ2x"]),
        (r"x_k", ["xk"]),
    ],
)
def test_a_formula_in_the_text_may_break_after_relations_and_operators(
    tex: str, pieces: list[str]
) -> None:
    # Each top-level group is where a line may wrap (temml.css lays <math> out as a wrapping flex
    # box): a long formula in a sentence does not widen a phone's page.
    assert top_level_pieces(render(tex, display=False)) == pieces
    # A displayed formula stays one piece: it scrolls in its own box instead.
    assert top_level_pieces(render(tex, display=True)) == ["".join(pieces)]


def test_no_tex_source_is_left_in_the_page() -> None:
    page = convert("A formula: $\\sum_{k=1}^K e^{z_k} \\le \\frac{1}{2}$, and $\\mathcal{E}$.")
    assert "\\sum" not in page
    assert "\\frac" not in page
    assert "$" not in page
    assert "application/x-tex" not in page


@pytest.mark.parametrize(
    ("tex", "culprit"),
    [
        (r"\softmaxx(\vec z)", r"\softmaxx"),  # an unknown macro
        (r"\frac{1}{2", "expected '}'"),  # a missing brace
        (r"\begin{pmatrx} a \end{pmatrx}", "pmatrx"),  # an unknown environment
        (r"\sqrt", "Expected group"),  # a root of nothing
        (r"x^", "Temml failed on it"),  # a superscript of nothing (Temml's TypeError)
        (r"\left( x", r"\right"),  # an unbalanced delimiter
        ("é", "used in math mode"),  # refused by LaTeX, so by Temml in strict mode
    ],
)
def test_a_tex_error_fails_with_the_formula_in_the_message(tex: str, culprit: str) -> None:
    with pytest.raises(TeXError) as raised:
        convert(f"Before ${tex}$ after.")
    message = str(raised.value)
    assert f"${tex}$" in message
    assert culprit in message
    assert "\u0332" not in message  # Temml's combining underline is taken out


def test_a_tex_error_in_a_displayed_formula_names_it_too() -> None:
    with pytest.raises(TeXError, match=re.escape(r"$$\softmaxx(z)$$")):
        convert("$$\n\\softmaxx(z)\n$$\n")


SITE = """\
site_name: broken
strict: true
markdown_extensions:
  - multiclass_site.maths
"""


def test_the_strict_build_fails_naming_the_page_and_the_formula(tmp_path: Path) -> None:
    # What `make test` sees when a page has a typo in a formula: MkDocs names the page.
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n$z_k$ is fine.\n")
    (tmp_path / "docs" / "typo.md").write_text("# Typo\n\nThe loss $\\softmaxx(z)_k$ here.\n")
    (tmp_path / "mkdocs.yml").write_text(SITE)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    # One line at the page line of the formula, without a traceback.
    assert "docs/typo.md:3: TeX error in $\\softmaxx(z)_k$" in output, output
    assert "Traceback" not in output, output


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"z_k", "z<sub>k</sub>"),
        (r"\vec y = \operatorname{softmax}(\vec z)", "y\u20d7 = softmax(z\u20d7)"),
        (r"\mathcal{E} \in \mathbb{R}^{K}", "\u2130 \u2208 \u211d<sup>K</sup>"),
        (
            r"\frac{e^{z_k}}{\sum_j e^{z_j}}",
            "e<sup>z<sub>k</sub></sup>/(\u2211<sub>j</sub>e<sup>z<sub>j</sub></sup>)",
        ),
        (r"T > 0", "T &gt; 0"),
        (r"\log K + \log(1 + x)", "log K + log(1 + x)"),
        (r"\sigma(z) = \frac{1}{1 + e^{-z}}", "\u03c3(z) = 1/(1 + e<sup>\u2212z</sup>)"),
    ],
)
def test_the_search_index_gets_readable_text(tex: str, text: str) -> None:
    page = render(tex, display=False)
    assert f'<span class="maths-text" hidden>{text}</span>' in page
    # The typeset parts (HTML and MathML) are left out of the index.
    assert page.startswith("<maths-typeset data-search-exclude><math>")


def test_the_search_index_leaves_out_the_typeset_parts() -> None:
    # Material's own parser of the pages, which builds the search index.
    from material.plugins.search.plugin import Parser

    formula = render(r"\vec z_k = \frac{1}{2}", display=False)
    parser = Parser()
    parser.feed(f"<p>For {formula} only.</p>")
    parser.close()
    text = "".join(part for section in parser.data for part in section.text)
    assert text == "<p>For z\u20d7<sub>k</sub> = 1/2 only.</p>"


def test_readable_escapes_html_but_keeps_its_own_tags() -> None:
    assert readable("<math><mi>a</mi><mo>&lt;</mo><mi>b</mi></math>") == "a &lt; b"
    assert readable("<math><msup><mi>x</mi><mn>2</mn></msup></math>") == "x<sup>2</sup>"


def test_the_vendored_temml_and_font_are_complete() -> None:
    # Temml (MIT) runs at build time; its stylesheet draws the maths in the font the build writes.
    temml = ROOT / "src/multiclass_site/temml"
    assert "MIT" in (temml / "LICENSE").read_text()
    version = (temml / "VERSION").read_text().split()[1]
    assert f'version:"{version}"' in (temml / "temml.min.js").read_text().replace(" ", "")
    assets = ROOT / "docs/assets/maths"
    assert "MIT" in (assets / "LICENSE").read_text()
    css = (assets / "temml.css").read_text()
    assert "url('maths.woff2')" in css
    assert f'font-family: "{FAMILY}", math;' in css
    fonts = set(re.findall(r"url\('([^']+)'\)", css))
    assert fonts == {"maths.woff2", "Temml.woff2"}
    assert (assets / "Temml.woff2").is_file()  # maths.woff2 is written by the build
    # Latin Modern Math and its licence, also served beside the font cut from it.
    assert FONT.is_file()
    for folder in (FONT.parent, assets):
        assert "GUST Font License" in (folder / "GUST-FONT-LICENSE.txt").read_text()


def test_the_site_loads_no_maths_script() -> None:
    # The formulas arrive typeset: no MathJax, no KaTeX or Temml script in the pages, no hooks.
    config = (ROOT / "mkdocs.yml").read_text()
    assert "mathjax" not in config.lower()
    assert not re.search(r"(katex|temml)[.a-z]*\.js", config)
    assert "hooks:" not in config
    assert "multiclass_site.maths" in textwrap.dedent(config)


def test_the_arrow_of_vec_is_an_accent() -> None:
    # Set close above its letter, with a superscript beside the letter (as TeX sets it).
    page = render(r"\vec w_k^{\mathsf T}", display=False)
    assert re.search(r'<mover accent="true"><mi>w</mi><mo [^>]*class="tml-vec', page), page
    plain = render(r"\tilde X", display=False)
    assert "<mover><mi>X</mi>" in plain  # other accents stay as Temml sets them


@pytest.mark.parametrize(
    ("tex", "spaced"),
    [
        (r"t_k \log y_k", True),  # after a script
        (r"(1 - t)\log y", True),  # after a closing bracket
        (r"x \max_i z_i", False),  # Temml's own space: \max with limits is one group
        (r"a = \log b", False),  # after a relation, whose own space is enough
        (r"(\log b)", False),  # after an opening bracket
        (r"2 \log K", False),  # Temml spaces it itself: no second space
    ],
)
def test_a_function_name_after_a_letter_gets_a_thin_space(tex: str, spaced: bool) -> None:
    page = render(tex, display=False)
    before = re.search(r"(<[^<]*?>)(?:</[^>]+>)*<mrow><mi>(?:log|max)</mi>", page)
    has_space = before is not None and before.group(1).startswith('<mspace width="0.1667em">')
    assert has_space == spaced, page
    assert '0.1667em"></mspace><mspace' not in page  # never two in a row
