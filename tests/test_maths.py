"""Maths typeset at build time: every formula becomes KaTeX's HTML and MathML, or the build fails."""

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

ROOT = Path(__file__).resolve().parents[1]


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=["multiclass_site.maths", "md_in_html"])


def test_inline_and_displayed_formulas_are_typeset_with_mathml() -> None:
    page = convert("Scores $z_k$ and\n\n$$\n\\vec y = \\operatorname{softmax}(\\vec z)\n$$\n")
    assert page.count('class="katex"') == 2
    assert page.count("<math>") + page.count("<math display") == 2
    assert 'class="katex-display"' in page
    assert '<div class="maths">' in page
    assert '<span class="maths">' in page
    # The typeset HTML is hidden from screen readers, which read the MathML instead.
    assert page.count('class="katex-html" aria-hidden="true"') == 2


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
        (r"x^", "Expected group"),  # a superscript of nothing
        (r"\left( x", r"\right"),  # an unbalanced delimiter
        ("é", "LaTeX-incompatible"),  # accepted by KaTeX, refused by LaTeX (strict mode)
    ],
)
def test_a_tex_error_fails_with_the_formula_in_the_message(tex: str, culprit: str) -> None:
    with pytest.raises(TeXError) as raised:
        convert(f"Before ${tex}$ after.")
    message = str(raised.value)
    assert f"${tex}$" in message
    assert culprit in message
    assert "\u0332" not in message  # KaTeX's combining underline is taken out


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
    assert "typo.md" in output, output
    assert r"TeX error in $\softmaxx(z)_k$" in output, output


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
    assert page.startswith('<maths-typeset data-search-exclude><span class="katex">')


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


def test_the_vendored_katex_and_its_fonts_are_complete() -> None:
    # The stylesheet names only woff2 fonts, and every one it names is served by the site.
    css = (ROOT / "docs/assets/katex/katex.min.css").read_text()
    fonts = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    assert fonts
    assert all(font.endswith(".woff2") for font in fonts)
    assert all((ROOT / "docs/assets/katex" / font).is_file() for font in fonts)
    for folder in ("src/multiclass_site/katex", "docs/assets/katex"):
        assert "MIT" in (ROOT / folder / "LICENSE").read_text()
    version = (ROOT / "src/multiclass_site/katex/VERSION").read_text().split()[1]
    script = (ROOT / "src/multiclass_site/katex/katex.min.js").read_text()
    assert f'version:"{version}"' in script.replace(" ", "") or version in script


def test_the_site_loads_no_maths_script() -> None:
    # The formulas arrive typeset: no MathJax, no KaTeX script in the pages, no hooks.
    config = (ROOT / "mkdocs.yml").read_text()
    assert "mathjax" not in config.lower()
    assert "katex.min.js" not in config
    assert "hooks:" not in config
    assert "multiclass_site.maths" in textwrap.dedent(config)


def test_the_vec_arrow_of_the_stylesheet_is_katexs() -> None:
    # The extension replaces KaTeX's SVG arrow of \vec with a span the stylesheet masks with the
    # arrow's outline; the outline must be the one this KaTeX draws.
    from py_mini_racer import MiniRacer

    engine = MiniRacer()
    try:
        engine.eval("var module = {exports: {}}; var exports = module.exports;")
        engine.eval((ROOT / "src/multiclass_site/katex/katex.min.js").read_text())
        raw = engine.eval(r'module.exports.renderToString("\\vec z")')
    finally:
        engine.close()
    assert isinstance(raw, str)
    outline = " ".join(re.search(r'viewBox="0 0 471 714"[^>]*><path d="([^"]*)"', raw)[1].split())
    css = (ROOT / "docs/assets/stylesheets/extra.css").read_text()
    masks = re.findall(r"mask: url\(\"data:image/svg\+xml,.*?path d='([^']*)'", css)
    assert masks
    assert masks == [outline] * len(masks)
    page = render(r"\vec z", display=False)
    assert '<span class="maths-vec"></span>' in page
    assert "<svg" not in page
