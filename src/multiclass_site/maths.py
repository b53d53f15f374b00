r"""Maths typeset when the site is built: TeX to HTML and MathML by KaTeX, no script in the page.

A Python-Markdown extension (``multiclass_site.maths`` in ``mkdocs.yml``). It lets
``pymdownx.arithmatex`` find the formulas (``$...$``, ``$$...$$``, ``\(...\)``, ``\[...\]``,
``\begin{env}``) and replaces each with what KaTeX makes of it:

* the typeset formula, HTML and CSS that need only the KaTeX fonts the site serves
  (``docs/assets/katex/``); a browser downloads only the faces a page uses;
* MathML for screen readers (the HTML is hidden from them);
* the formula as plain text with sub- and superscripts, hidden, for the search index (the typeset
  parts are left out of it), so that a search result reads ``z<sub>k</sub> = ...``, never TeX.

KaTeX (``katex/katex.min.js``, refreshed by ``scripts/refresh-katex.sh``) runs in V8 through
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
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from py_mini_racer import MiniRacer
from pymdownx.arithmatex import ArithmatexExtension

__all__ = ["MathsExtension", "TeXError", "makeExtension", "readable", "render"]

KATEX = Path(__file__).with_name("katex") / "katex.min.js"

#: KaTeX's options: errors raise (no red fallback text), and so does any input KaTeX accepts but
#: LaTeX would not (``strict``). HTML for the eye, MathML for screen readers.
_OPTIONS = {"output": "htmlAndMathml", "throwOnError": True, "strict": "error", "trust": False}

# Takes and returns JSON text: [html, null] or [null, message], so that a TeX error reaches Python
# as a message, and no JavaScript object outlives the call (one would keep the engine's thread, and
# the build's process, from ending).
_RENDER = """
function renderTeX(request) {
  const [tex, display, options] = JSON.parse(request);
  try {
    return JSON.stringify([katex.renderToString(tex, {...options, displayMode: display}), null]);
  } catch (error) {
    return JSON.stringify([null, String(error.message || error)]);
  }
}
"""


#: KaTeX's SVG for the arrow of ``\vec`` (its size and outline never change).
_VEC_ARROW = re.compile(r'<svg [^>]*viewBox="0 0 471 714"[^>]*><path d="[^"]*"/></svg>')


class TeXError(ValueError):
    """A formula KaTeX cannot typeset; the message quotes the formula and KaTeX's reason."""


@functools.cache
def _katex() -> MiniRacer:
    engine = MiniRacer()
    # Closed at exit: an engine left open keeps the interpreter from ending.
    atexit.register(engine.close)
    # katex.min.js is a UMD bundle: given a CommonJS ``module`` it fills module.exports.
    engine.eval("var module = {exports: {}}; var exports = module.exports;")
    engine.eval(KATEX.read_text(encoding="utf-8"))
    engine.eval("var katex = module.exports;" + _RENDER)
    return engine


@functools.lru_cache(maxsize=4096)
def render(tex: str, *, display: bool) -> str:
    """HTML for one formula: the typeset maths, its MathML and its searchable text.

    Args:
        tex: The formula's TeX source, without delimiters.
        display: True for a displayed formula (a block of its own), False for one in the text.

    Returns:
        An HTML fragment: ``<span class="katex">`` (in ``<span class="katex-display">`` when
        displayed) in a ``<maths-typeset>`` element the search index leaves out, followed by the
        hidden plain-text form for the search index.

    Raises:
        TeXError: KaTeX cannot typeset the formula; the message quotes it.
    """
    request = json.dumps([tex, display, _OPTIONS])
    answer = _katex().eval(f"renderTeX({json.dumps(request)})")
    assert isinstance(answer, str), answer
    result, error = json.loads(answer)
    if error is not None:
        error = error.replace("\u0332", "")  # KaTeX underlines the culprit with combining marks
        delimiters = ("$$", "$$") if display else ("$", "$")
        formula = delimiters[0] + tex.strip() + delimiters[1]
        msg = f"TeX error in {formula}: {error}"
        raise TeXError(msg)
    mathml = re.search(r"<math.*?</math>", result, flags=re.DOTALL)
    assert mathml is not None, result  # KaTeX's htmlAndMathml output always holds it
    text = readable(mathml.group(0))
    # The TeX source annotation is dropped: screen readers read the MathML, and the search index
    # would show the TeX. The typeset parts stay out of the index; the plain text goes in.
    result = re.sub(r"<annotation encoding=\"application/x-tex\">.*?</annotation>", "", result)
    result = result.replace("<semantics>", "").replace("</semantics>", "")
    # Bytes a browser does not need: the MathML namespace (HTML gives <math> its own), and the
    # SVG arrow of every \vec, drawn instead by a span the stylesheet masks with the same outline
    # (.maths-vec in extra.css).
    result = result.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "")
    result = _VEC_ARROW.sub('<span class="maths-vec"></span>', result)
    # Material's search skips an element marked data-search-exclude only up to the first end tag
    # of the same name inside it, so the mark goes on an element of a name used nowhere inside.
    return (
        f"<maths-typeset data-search-exclude>{result}</maths-typeset>"
        f'<span class="maths-text" hidden>{text}</span>'
    )


# --- MathML to plain text -------------------------------------------------------------------

_MATHML = "{http://www.w3.org/1998/Math/MathML}"
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
    root = ET.fromstring(mathml.replace("&nbsp;", "\u00a0"))
    text = re.sub(r"\s+", " ", _text(root)).strip()
    # Escape the text but keep the sub- and superscript tags written above.
    return re.sub(r"&lt;(/?)(sub|sup)&gt;", r"<\1\2>", html.escape(text, quote=False))


# --- the Markdown extension -------------------------------------------------------------------


class _Typeset(Treeprocessor):
    """Replaces each formula arithmatex found with KaTeX's HTML (stored, not parsed again)."""

    def run(self, root: ET.Element) -> None:
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
            element.text = self.md.htmlStash.store(render(tex, display=display))
            element.set("class", "maths")


class MathsExtension(Extension):
    """``pymdownx.arithmatex`` to find the formulas, then KaTeX to typeset them."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register arithmatex (generic output) and the typesetting after the inline patterns."""
        ArithmatexExtension(generic=True).extendMarkdown(md)
        md.treeprocessors.register(_Typeset(md), "multiclass-maths", 15)
        md.registerExtension(self)


def makeExtension(**kwargs: Any) -> MathsExtension:
    """Entry point for ``markdown_extensions: [multiclass_site.maths]``."""
    return MathsExtension(**kwargs)
