"""The indentation left out of the pages' HTML changes nothing a browser shows.

A browser collapses each run of whitespace to one space, except inside the elements that show or
read their text as written. :func:`rendering` models that: it parses HTML into its tags,
attributes, comments and text, and collapses the text outside those elements. Two HTML texts
with the same rendering show the same page, and :func:`compact` must keep the rendering of the
crafted, drawn and built HTML below while dropping bytes.
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import example, given
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from multiclass_site import compact_html
from multiclass_site.compact_html import compact
from tests import strategies as s

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

#: Where a browser keeps whitespace as written (the HTML standard's preformatted and raw-text
#: elements; code, kbd and samp, which Material prints as pre-wrap), or where it is not HTML's to
#: collapse (MathML, SVG). Written out here, not taken from the module under test. So is any
#: element whose style keeps whitespace.
AS_WRITTEN = {
    "pre", "listing", "xmp", "plaintext", "textarea", "script", "style", "title",
    "code", "kbd", "samp", "math", "svg",
}  # fmt: skip


#: Elements without an end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Rendering(HTMLParser):
    """The tags, attributes, comments and text of HTML, with the text collapsed as shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[Any, ...]] = []
        self.open: list[str] = []  # from the outermost element of AS_WRITTEN in, else empty
        # Each text outside AS_WRITTEN as written, with the index of its event.
        self.collapsed: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, tuple(attrs)))
        values = dict(attrs)
        as_written = (
            tag in AS_WRITTEN
            or re.search(r"white-space:\s*(pre|break-spaces)", values.get("style") or "")
            or values.get("xml:space") == "preserve"
        )
        if (as_written or self.open) and tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("empty", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))
        if tag in self.open:  # an end tag closes the elements left open inside it
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":  # text the parser gave in two pieces
            self.events.pop()
            if self.collapsed and self.collapsed[-1][0] == len(self.events):
                data = self.collapsed.pop()[1] + data
        if not self.open:
            self.collapsed.append((len(self.events), data))
            data = re.sub(r"[ \t\n\r\f]+", " ", data)
        self.events.append(("text", data))

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("decl", decl))


def _parse(html: str) -> _Rendering:
    parser = _Rendering()
    parser.feed(html)
    parser.close()
    return parser


def rendering(html: str) -> list[tuple[Any, ...]]:
    """What a browser shows of ``html``: its parse, with text outside :data:`AS_WRITTEN` collapsed."""
    return _parse(html).events


def indentation_left(html: str) -> list[str]:
    """Whitespace between two tags, outside :data:`AS_WRITTEN`, with a space or tab by a newline.

    What :func:`compact` is for: of such whitespace, it keeps only the newlines.
    """
    parsed = _parse(html)
    return [
        text
        for index, text in parsed.collapsed
        if 0 < index < len(parsed.events) - 1 and re.fullmatch(r"\s*(?:[ \t]\n|\n[ \t])\s*", text)
    ]


CRAFTED = """\
<div class="doc">
    <h2 id="softmax">softmax</h2>
    <pre><code><span class="n">z</span>
    <span class="p">,</span>
        axis</code></pre>
    <table>
      <tr>
        <td><code>z
          <span>kept inside code</span></code></td>
      </tr>
    </table>
  \t<p title="a >
      <b> tag">a <em>b</em>
      <strong>c</strong></p>
    <!-- >
      < -->
    <script>if (a >
      <b) {}</script>
    <style>p >
      em {}</style>
    <textarea>
      <b>typed</b>
    </textarea>
    <math><mi>x</mi>
      <mo>=</mo></math>
    <svg><text>a
      <tspan>b</tspan></text></svg>
    <div style="white-space: pre-wrap"><span>a</span>
      <div>
        <span>b</span>
      </div>
      <span>c</span></div>
    <p>after</p>
</div>
"""

COMPACTED = """\
<div class="doc">
<h2 id="softmax">softmax</h2>
<pre><code><span class="n">z</span>
    <span class="p">,</span>
        axis</code></pre>
<table>
<tr>
<td><code>z
          <span>kept inside code</span></code></td>
</tr>
</table>
<p title="a >
      <b> tag">a <em>b</em>
<strong>c</strong></p>
<!-- >
      < -->
<script>if (a >
      <b) {}</script>
<style>p >
      em {}</style>
<textarea>
      <b>typed</b>
    </textarea>
<math><mi>x</mi>
      <mo>=</mo></math>
<svg><text>a
      <tspan>b</tspan></text></svg>
<div style="white-space: pre-wrap"><span>a</span>
      <div>
        <span>b</span>
      </div>
      <span>c</span></div>
<p>after</p>
</div>
"""


def test_compact_drops_indentation_between_tags_and_nothing_else() -> None:
    assert compact(CRAFTED) == COMPACTED
    assert rendering(COMPACTED) == rendering(CRAFTED)


def test_the_rendering_model_sees_whitespace_that_shows() -> None:
    # Guards the tests that compare renderings: changing shown whitespace changes the rendering.
    assert rendering("<pre>a\n  b</pre>") != rendering("<pre>a\nb</pre>")
    assert rendering("<p>a\n  <b>b</b></p>") == rendering("<p>a <b>b</b></p>")
    assert rendering("<p>a<b>b</b></p>") != rendering("<p>a <b>b</b></p>")
    assert rendering('<p title="a\n  b">') != rendering('<p title="a\nb">')
    assert indentation_left(CRAFTED)
    assert not indentation_left(COMPACTED)


@given(content=s.html_fragments())
@example(content="\n    <span>x</span>\n  <pre>\n    nested\n  </pre>\n    after\n")
def test_compact_keeps_preformatted_blocks_byte_for_byte(content: str) -> None:
    page = f"<div>\n  <p>a</p>\n  <pre>{content}</pre>\n  <p>b</p>\n</div>"
    assert compact(page) == f"<div>\n<p>a</p>\n<pre>{content}</pre>\n<p>b</p>\n</div>"


@given(html=s.html_fragments())
def test_compact_keeps_what_a_browser_shows(html: str) -> None:
    compacted = compact(html)
    assert rendering(compacted) == rendering(html)
    assert not indentation_left(compacted)
    assert compact(compacted) == compacted
    assert len(compacted) <= len(html)


def test_compact_runs_after_the_stored_html_is_back() -> None:
    # Raw HTML on a page is stashed while Markdown is parsed and put back by `raw_html` (30);
    # run before it, the extension would see only a placeholder.
    page = '<div class="x">\n    <p>raw</p>\n</div>\n\nA paragraph.\n'
    html = markdown.markdown(page, extensions=["multiclass_site.compact_html"])
    assert '<div class="x">\n<p>raw</p>\n</div>' in html


def test_the_site_uses_the_extension() -> None:
    assert "multiclass_site.compact_html" in CONFIG["markdown_extensions"]


def _css_rules(css: str) -> list[tuple[str, str]]:
    """The (selector, declarations) pairs of a stylesheet, inside media queries too."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return re.findall(r"([^{}@;]+)\{([^{}]*)\}", css)


def _stylesheets() -> list[Path]:
    material = Path(__import__("material").__file__).parent / "templates" / "assets"
    own = [ROOT / "docs" / name for name in CONFIG["extra_css"]]
    return own + sorted((material / "stylesheets").glob("main.*.min.css"))


def test_the_stylesheets_keep_whitespace_only_where_compact_leaves_it() -> None:
    # An element of a page's article given `white-space: pre...` by a stylesheet shows its
    # indentation as written: compact must leave it alone. Of Material's rules only those of the
    # article (.md-typeset) apply to the HTML the extension sees; its header and search are not.
    keeping: list[str] = []
    for path in _stylesheets():
        own = path.is_relative_to(ROOT / "docs")
        for selectors, body in _css_rules(path.read_text(encoding="utf-8")):
            if re.search(r"white-space\s*:\s*(?:pre|break-spaces)", body):
                keeping += [
                    sel.strip() for sel in selectors.split(",") if own or "md-typeset" in sel
                ]
    assert keeping, "no stylesheet keeps whitespace: the check below would pass vacuously"
    for selector in keeping:
        element = re.match(r"[a-z]*", re.split(r"[\s>+~]+", selector)[-1])
        assert element, selector  # matches "" at least
        assert element[0] in compact_html.PRESERVED, (
            f"{selector!r} keeps whitespace in an element compact_html changes"
        )


#: The sections of the API page rendered below: functions, a class with its methods, a record.
API_SECTIONS = ("## Softmax and log-sum-exp", "## Training a linear classifier")


@pytest.fixture(scope="module")
def api_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Two sections of the API page as mkdocstrings renders them, without the extension."""
    root = tmp_path_factory.mktemp("api")
    (root / "docs").mkdir()
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    sections = [f"## {part}" for part in text.split("\n## ")[1:]]
    chosen = [part for part in sections if part.startswith(API_SECTIONS)]
    assert len(chosen) == len(API_SECTIONS), "docs/api.md has renamed a section used here"
    (root / "docs" / "api.md").write_text("# API\n\n" + "\n".join(chosen))
    plugins = copy.deepcopy([p for p in CONFIG["plugins"] if "mkdocstrings" in p])
    plugins[0]["mkdocstrings"]["handlers"]["python"]["paths"] = [str(ROOT / "src")]
    extensions = [
        entry
        for entry in copy.deepcopy(CONFIG["markdown_extensions"])
        if entry != "multiclass_site.compact_html"
    ]
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(
            {
                "site_name": "test",
                "theme": {"name": "mkdocs"},
                "nav": ["api.md"],
                "plugins": plugins,
            }
        )
    )
    config: Any = load_config(str(root / "mkdocs.yml"), markdown_extensions=extensions)
    build(config)
    return (root / "site" / "api" / "index.html").read_text(encoding="utf-8")


def test_compact_keeps_what_the_api_page_shows_and_drops_its_indentation(api_page: str) -> None:
    compacted = compact(api_page)
    assert rendering(compacted) == rendering(api_page)
    assert indentation_left(api_page), "the page rendered without the extension is indented"
    assert not indentation_left(compacted)
    before, after = len(api_page.encode()), len(compacted.encode())
    assert after < 0.95 * before, (before, after)
