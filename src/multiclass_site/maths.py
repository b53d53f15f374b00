r"""Maths typeset when the site is built: TeX to MathML by Temml, drawn by the browser, no script.

A Python-Markdown extension (``multiclass_site.maths`` in ``mkdocs.yml``). It lets
``pymdownx.arithmatex`` find the formulas (``$...$``, ``$$...$$``, ``\(...\)``, ``\[...\]``,
``\begin{env}``) and replaces each with what Temml makes of it:

* MathML, which browsers lay out themselves and screen readers read, in a maths font the site
  serves: Latin Modern Math cut down to the glyphs the pages use (:mod:`multiclass_site.maths_font`,
  written into the site folder once the last page is rendered; ``docs/assets/maths/temml.css``);
* the formula as plain text with sub- and superscripts, hidden, for the search index (the MathML
  is left out of it), so that a search result reads ``z<sub>k</sub> = ...``, never TeX.

Temml (``temml/temml.min.js``, refreshed by ``scripts/refresh-maths.sh``) runs in V8 through
mini-racer, inside the build's own process. A TeX error (an unknown macro, a missing brace) stops
the build: :class:`TeXError` names the formula, and MkDocs the page. The docstrings shown on the
API page go through the same extension, since mkdocstrings renders them with the site's Markdown
extensions.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import html
import itertools
import json
import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from py_mini_racer import MiniRacer
from pymdownx.arithmatex import ArithmatexExtension

from multiclass_site.maths_font import characters, page_done
from multiclass_site.rendered_page import rendered_page

#: MkDocs counts the warnings of its own loggers: ``--strict`` fails the build on a TeX error.
log = logging.getLogger("mkdocs.plugins.multiclass_site")

__all__ = ["MathsExtension", "TeXError", "makeExtension", "readable", "render"]

TEMML = Path(__file__).with_name("temml") / "temml.min.js"

#: Temml's options: errors raise (no red fallback text), and so does input LaTeX would refuse
#: (``strict``). No TeX annotation: screen readers read the MathML, and the page would carry the
#: source twice. A formula in the text may break after a relation or a binary operator at its top
#: level, as TeX breaks it (``wrap``): each piece is a group Temml's stylesheet lets the line wrap
#: between, so a long formula in a sentence does not make a phone's page scroll sideways.
_OPTIONS = {
    "throwOnError": True,
    "strict": True,
    "trust": False,
    "annotate": False,
    "wrap": "tex",
}

# Takes and returns JSON text: [mathml, null] or [null, message], so that a TeX error reaches
# Python as a message, and no JavaScript object outlives the call (one would keep the engine's
# thread, and the build's process, from ending).
_RENDER = """
function renderTeX(request) {
  const [tex, display, options] = JSON.parse(request);
  try {
    return JSON.stringify([temml.renderToString(tex, {...options, displayMode: display}), null]);
  } catch (error) {
    // Temml's own ParseError says what is wrong where; anything else is Temml failing on input
    // it did not expect (a ^ or _ with nothing after it gives a TypeError).
    const reason = error.name === "ParseError" ? error.message
      : `Temml failed on it (${error.name}: ${error.message})`;
    return JSON.stringify([null, String(reason).trim()]);
  }
}
"""


class TeXError(ValueError):
    """A formula Temml cannot typeset; the message quotes the formula and Temml's reason."""


@functools.cache
def _temml() -> MiniRacer:
    engine = MiniRacer()
    # Closed at exit: an engine left open keeps the interpreter from ending.
    atexit.register(engine.close)
    engine.eval(TEMML.read_text(encoding="utf-8"))  # defines the global ``temml``
    engine.eval(_RENDER)
    return engine


@functools.lru_cache(maxsize=4096)
def _typeset(tex: str, display: bool) -> tuple[str, frozenset[str]]:
    request = json.dumps([tex, display, _OPTIONS])
    answer = _temml().eval(f"renderTeX({json.dumps(request)})")
    assert isinstance(answer, str), answer
    mathml, error = json.loads(answer)
    if error is not None:
        error = error.replace("\u0332", "")  # Temml underlines the culprit with combining marks
        delimiters = ("$$", "$$") if display else ("$", "$")
        formula = delimiters[0] + tex.strip() + delimiters[1]
        msg = f"TeX error in {formula}: {error}"
        raise TeXError(msg)
    tree = ET.fromstring(mathml.replace("&nbsp;", "\u00a0"))
    _accents(tree)
    _function_spaces(tree)
    mathml = ET.tostring(tree, encoding="unicode", short_empty_elements=False)
    text = _readable(tree)
    # Material's search skips an element marked data-search-exclude only up to the first end tag
    # of the same name inside it, so the mark goes on an element of a name used nowhere inside.
    page = (
        f"<maths-typeset data-search-exclude>{mathml}</maths-typeset>"
        f'<span class="maths-text" hidden>{text}</span>'
    )
    return page, frozenset(characters(mathml))


def _accents(tree: ET.Element) -> None:
    r"""Mark the arrow of ``\vec`` as an accent, as TeX sets it.

    Close above its letter, and a superscript beside the letter, not above the arrow (Temml
    leaves it an over-script).
    """
    for over in tree.iter("mover"):
        if len(over) == 2 and "tml-vec" in over[1].get("class", "").split():
            over.set("accent", "true")


#: Closing brackets: TeX puts a thin space between one and a function name, as after a letter.
_CLOSING = set(")]}\u27e9")


def _function_spaces(tree: ET.Element) -> None:
    r"""A thin space before a function name (``\log``, ``\max``), as TeX sets it.

    After a letter, a number, a script or a closing bracket: ``t_k \log y_k`` (Temml sets none
    there; after an operator or an opening bracket TeX sets none either).
    """
    for row in list(tree.iter()):
        children = list(row)
        spaced = [
            child
            for previous, child in itertools.pairwise(children)
            if _is_function_name(child)
            and (previous.tag not in {"mo", "mspace"} or (previous.text or "") in _CLOSING)
        ]
        for child in spaced:
            row.insert(list(row).index(child), ET.Element("mspace", {"width": "0.1667em"}))


def _is_function_name(node: ET.Element) -> bool:
    """Temml's group for a function name: ``<mrow><mi>log</mi><mo>&#x2061;</mo>...</mrow>``."""
    return (
        node.tag == "mrow" and len(node) >= 2 and node[0].tag == "mi"
        and len(node[0].text or "") > 1 and node[1].tag == "mo" and node[1].text == "\u2061"
    )  # fmt: skip


def render(tex: str, *, display: bool) -> str:
    """HTML for one formula: its MathML and its searchable text.

    Args:
        tex: The formula's TeX source, without delimiters.
        display: True for a displayed formula (a block of its own), False for one in the text.

    Returns:
        An HTML fragment: ``<math>`` (``display="block"`` when displayed) in a
        ``<maths-typeset>`` element the search index leaves out, followed by the hidden
        plain-text form for the search index.

    Raises:
        TeXError: Temml cannot typeset the formula; the message quotes it.
    """
    return _typeset(tex, display)[0]


# --- MathML to plain text -------------------------------------------------------------------

_MATHML = ""  # Temml writes MathML without a namespace (HTML gives <math> its own)
#: Operators written with a space on either side.
_SPACED = set(
    "=<>\u2264\u2265\u2260\u2248\u2208\u2209\u2192\u2190\u21d2+\u2212\u00d7\u22c5\u00b7\u00b1\u223c\u226a\u226b\u2299\u2297"
)
#: Accents drawn above a letter, as Unicode combining marks.
#: (vector arrow, hat, tilde, bar, each as KaTeX may write it).
_ACCENTS = {
    "\u2192": "\u20d7", "\u20d7": "\u20d7", "^": "\u0302", "\u02c6": "\u0302", "~": "\u0303",
    "\u02dc": "\u0303", "\u00af": "\u0304", "\u02c9": "\u0304", "\u203e": "\u0304",
}  # fmt: skip
#: Letter styles (``\mathbb``, ``\mathcal``) by their Unicode names; others stay plain letters.
_VARIANTS = {"double-struck": "DOUBLE-STRUCK", "script": "SCRIPT", "fraktur": "FRAKTUR"}


def _letter(text: str, variant: str | None) -> str:
    r"""``R`` in ``\mathbb`` is U+211D, ``E`` in ``\mathcal`` U+2130 (letterlike symbols first)."""
    style = _VARIANTS.get(variant or "")
    if style is None or len(text) != 1 or not text.isalpha():
        return text
    case = "CAPITAL" if text.isupper() else "SMALL"
    for name in (f"{style} {case} {text}", f"MATHEMATICAL {style} {case} {text}"):
        with contextlib.suppress(KeyError):
            return unicodedata.lookup(name)
    return text


def _opens(node: ET.Element) -> bool:
    """Whether an operator after ``node`` is a sign: after an opening bracket or an operator."""
    if node.tag != f"{_MATHML}mo":
        return False
    op = "".join(node.itertext())
    return op in "([{\u27e8," or op in _SPACED


def _text(node: ET.Element) -> str:
    tag = node.tag.removeprefix(_MATHML)
    parts = [_text(child) for child in node]
    for index, child in enumerate(node):
        # An operator first in its group, or after an opening bracket or another operator, is a
        # sign: -z, (-z), = -z.
        if child.tag == f"{_MATHML}mo" and (index == 0 or _opens(node[index - 1])):
            parts[index] = parts[index].strip()
        # A function name before its argument: "log K", but "softmax(z)".
        if child.tag == f"{_MATHML}mo" and "".join(child.itertext()) == "\u2061":
            after = "".join(node[index + 1].itertext()) if index + 1 < len(node) else ""
            parts[index] = "" if after[:1] in "([{|\u2225" else " "
    if tag in {"mi", "mn", "mtext", "ms"}:
        return _letter("".join(node.itertext()), node.get("mathvariant"))
    if tag == "mo":
        op = "".join(node.itertext()).strip("\u2061\u2062\u2063\u2064")  # invisible operators
        return f" {op} " if op in _SPACED else op
    if tag == "mspace":
        return " "
    if tag in {"msub", "munder"} and len(parts) == 2:
        return f"{parts[0]}<sub>{parts[1].strip()}</sub>"
    if tag in {"msup"} and len(parts) == 2:
        return f"{parts[0]}<sup>{parts[1].strip()}</sup>"
    if tag in {"msubsup", "munderover"} and len(parts) == 3:
        return f"{parts[0]}<sub>{parts[1].strip()}</sub><sup>{parts[2].strip()}</sup>"
    if tag == "mover" and len(parts) == 2:
        accent = parts[1].strip()
        if accent in _ACCENTS:
            return parts[0] + _ACCENTS[accent]
        return f"{parts[0]}<sup>{accent}</sup>"
    if tag == "mfrac" and len(parts) == 2:
        top, bottom = (p.strip() for p in parts)
        # A group of several terms is bracketed: (1 + e^-z), not 1 + e^-z.
        wrap = [
            f"({p})" if c.tag == f"{_MATHML}mrow" and len(c) > 1 else p
            for p, c in zip((top, bottom), node, strict=True)
        ]
        return f"{wrap[0]}/{wrap[1]}"
    if tag == "msqrt":
        return f"√({''.join(parts).strip()})"
    if tag == "mtable":
        return "[" + "; ".join(p.strip() for p in parts) + "]"
    if tag == "mtr":
        return ", ".join(p.strip() for p in parts)
    return "".join(parts)


def readable(mathml: str) -> str:
    """A formula's MathML as escaped plain text with ``<sub>``/``<sup>``, for the search index.

    >>> readable('<math><msub><mi>z</mi><mi>k</mi></msub><mo>=</mo><mn>1</mn></math>')
    'z<sub>k</sub> = 1'
    """
    return _readable(ET.fromstring(mathml.replace("&nbsp;", "\u00a0")))


def _readable(root: ET.Element) -> str:
    text = re.sub(r"\s+", " ", _text(root)).strip()
    # Escape the text but keep the sub- and superscript tags written above.
    return re.sub(r"&lt;(/?)(sub|sup)&gt;", r"<\1\2>", html.escape(text, quote=False))


# --- the Markdown extension -------------------------------------------------------------------


class _Typeset(Treeprocessor):
    """Replaces each formula arithmatex found with its MathML (stored, not parsed again).

    The characters of the page's formulas go to the maths font (:mod:`maths_font`).
    """

    def run(self, root: ET.Element) -> None:
        chars: set[str] = set()
        page_rendered = rendered_page(self.md)
        for element in root.iter():
            if "arithmatex" not in element.get("class", "").split():
                continue
            source = element.text or ""
            display = element.tag == "div"
            if display:  # arithmatex escapes a block's text itself: "\[ ... \]" or \begin{...}
                source = html.unescape(source)
                tex = source[2:-2] if source.startswith("\\[") else source
            else:  # "\( ... \)"
                tex = source[2:-2]
            try:
                page, used = _typeset(tex, display)
            except TeXError as error:
                if page_rendered is None:
                    raise  # outside MkDocs there is no page to name: the caller sees the error
                # In a build: one line per faulty formula, at its page line, and the build
                # goes on to report the page's other formulas; --strict fails it at the end.
                log.warning("%s: %s", _where(page_rendered.file, tex), error)
                page, used = f'<code class="maths-error">{html.escape(source)}</code>', frozenset()
            chars |= used
            element.text = self.md.htmlStash.store(page)
            element.set("class", "maths")
        # The page, the site's pages and its folder (outside MkDocs no font is written).
        if page_rendered is not None:
            page_done(page_rendered, chars)


def _where(file: Any, tex: str) -> str:
    """``docs/page.md:line`` of the formula ``tex`` in MkDocs' ``file`` (the page if not found)."""
    where = f"docs/{file.src_uri}"
    with contextlib.suppress(OSError, TypeError):
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        at = text.find(tex.strip())
        if at >= 0:
            where += f":{text.count(chr(10), 0, at) + 1}"
    return where


class MathsExtension(Extension):
    """``pymdownx.arithmatex`` to find the formulas, then Temml to typeset them."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register arithmatex (generic output) and the typesetting after the inline patterns."""
        ArithmatexExtension(generic=True).extendMarkdown(md)
        md.treeprocessors.register(_Typeset(md), "multiclass-maths", 15)
        md.registerExtension(self)


def makeExtension(**kwargs: Any) -> MathsExtension:
    """Entry point for ``markdown_extensions: [multiclass_site.maths]``."""
    return MathsExtension(**kwargs)
