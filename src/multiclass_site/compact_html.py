r"""The indentation between tags left out of each page's HTML, with what it shows unchanged.

A Python-Markdown extension (``multiclass_site.compact_html`` in ``mkdocs.yml``). The HTML that
mkdocstrings writes for the API page comes from indented templates: a sixth of that page's bytes
were the spaces after a newline between two tags, which a reader's browser downloads and parses
only to collapse them. Where whitespace collapses (CSS ``white-space: normal``, ``nowrap`` or
``pre-line``), spaces and tabs next to a newline are removed before anything is laid out, so
``>\n      <`` shows exactly as ``>\n<``: :func:`compact` keeps the newlines and drops the
spaces and tabs of every run of whitespace that lies between two tags and holds a newline.

It leaves alone everything inside an element whose whitespace is shown or read as written:

* ``<pre>``, ``<listing>``, ``<xmp>`` and ``<textarea>`` (preformatted), ``<script>``, ``<style>``
  and ``<title>`` (raw text, copied up to their end tag without looking for tags);
* ``<code>``, ``<kbd>`` and ``<samp>`` (Material prints them with ``white-space: pre-wrap``);
* ``<math>`` and ``<svg>`` (MathML and SVG have whitespace rules of their own);
* any element whose ``style`` sets ``white-space: pre``, ``pre-wrap`` or ``break-spaces``, or
  that carries ``xml:space="preserve"``.

``tests/test_compact_html.py`` checks that the site's stylesheets preserve whitespace in no other
element, and that the text a browser shows of the built pages is unchanged.

Tags are found by a regular expression, not a full HTML parser: attribute values are taken to be
quoted when they hold ``>``, ``"`` or ``'`` (Python-Markdown, mkdocstrings and markdown-exec always
quote them), and a ``<`` not followed by a letter, ``/``, ``!`` or ``?`` is text, as in HTML.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

__all__ = ["PRESERVED", "RAW_TEXT", "CompactHtmlExtension", "compact", "makeExtension"]

#: Elements copied up to their end tag as they are, without looking for tags inside.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp"})
#: Elements whose content (tags included) is left as it is.
PRESERVED = RAW_TEXT | {"pre", "listing", "code", "kbd", "samp", "math", "svg"}
_FOREIGN = frozenset({"math", "svg"})

_TOKEN = re.compile(
    r"""
    <!--.*?-->                                 # a comment
    | <!\[CDATA\[.*?\]\]>                      # a CDATA section (SVG, MathML)
    | <[!?][^>]*>                              # a doctype or a processing instruction
    | <(?P<end>/)?(?P<name>[A-Za-z][^\s/>]*)   # a start or end tag
      (?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>
    """,
    re.DOTALL | re.VERBOSE,
)
_PRESERVING_ATTRS = re.compile(
    r"""white-space\s*:\s*(?:pre|break-spaces)|xml:space\s*=\s*["']?preserve""", re.IGNORECASE
)
_INDENTATION = re.compile(r"[ \t]*\n[ \t\n]*")


def _preserves(name: str, attrs: str) -> bool:
    """Whether the element started by ``<name attrs>`` keeps its whitespace as written."""
    return name in PRESERVED or bool(_PRESERVING_ATTRS.search(attrs))


def compact(html: str) -> str:
    r"""``html`` without the spaces and tabs around the newlines between tags.

    Every run of whitespace between two tags (comments and doctypes count as tags) that holds a
    newline keeps its newlines and loses its spaces and tabs, outside the elements listed in the
    module docstring, whose content is copied unchanged.

    Args:
        html: An HTML fragment or document.

    Returns:
        The same HTML, shown identically by a browser, shorter by the indentation it dropped.

    Examples:
        >>> print(compact("<ul>\n  <li>a</li>\n</ul>\n<pre>\n  kept\n</pre>"))
        <ul>
        <li>a</li>
        </ul>
        <pre>
          kept
        </pre>
    """
    out: list[str] = []
    position = 0
    # The preserving element we are inside: its name, and how many of that name are open.
    inside, depth = "", 0
    while match := _TOKEN.search(html, position):
        text = html[position : match.start()]
        if not inside and position > 0 and _INDENTATION.fullmatch(text):
            text = re.sub(r"[ \t]+", "", text)
        out.append(text)
        name = (match["name"] or "").lower()
        closing, attrs = bool(match["end"]), match["attrs"] or ""
        # `/>` closes an element only in SVG and MathML; an HTML parser ignores it elsewhere.
        opening = not closing and not (name in _FOREIGN and attrs.rstrip().endswith("/"))
        end = match.end()
        if inside:
            if name == inside and (closing or opening):
                depth += -1 if closing else 1
                inside = inside if depth else ""
        elif name and opening and _preserves(name, attrs):
            inside, depth = name, 1
            if name in RAW_TEXT:  # copied as it is up to its end tag, read next
                close = re.compile(rf"</{name}(?=[\s/>])", re.IGNORECASE).search(html, end)
                end = close.start() if close else len(html)
        out.append(html[match.start() : end])
        position = end
    out.append(html[position:])
    return "".join(out)


class _Compact(Postprocessor):
    def run(self, text: str) -> str:
        return compact(text)


class CompactHtmlExtension(Extension):
    """Leaves the indentation between tags out of each page (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register after ``raw_html`` (30): the stored HTML (mkdocstrings, executed blocks) is back."""
        md.postprocessors.register(_Compact(md), "multiclass-compact-html", 3)
        md.registerExtension(self)


def makeExtension(**kwargs: Any) -> CompactHtmlExtension:
    """Entry point for ``markdown_extensions: [multiclass_site.compact_html]``."""
    return CompactHtmlExtension(**kwargs)
