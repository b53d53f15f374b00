"""What the site's search index leaves out: code blocks and printed results.

A Python-Markdown extension (``multiclass_site.search_index`` in ``mkdocs.yml``). Material's
search plugin indexes the text of every page, and half of it was code: the examples, their printed
results, the property tests shown under the claims. A reader searches for the words of the pages
("softmax", "log-sum-exp", a function's name), which the prose and the API page hold; the code
blocks only made the index, which every page downloads on its first visit, twice as large. Each
``<pre>`` block is marked ``data-search-exclude``, which Material's indexer skips (with everything
in it, up to its closing tag: a ``<pre>`` holds no other). Inline code stays in the index.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

__all__ = ["SearchIndexExtension", "makeExtension"]

_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*data-search-exclude)")


class _LeaveOutCode(Postprocessor):
    def run(self, text: str) -> str:
        return _PRE.sub("<pre data-search-exclude", text)


class SearchIndexExtension(Extension):
    """Marks every code block and printed result to be left out of the search index."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Run last, on the page's HTML with the stored blocks (code, executed results) back."""
        md.postprocessors.register(_LeaveOutCode(md), "multiclass-search-index", 1)
        md.registerExtension(self)


def makeExtension(**kwargs: Any) -> SearchIndexExtension:
    """Entry point for ``markdown_extensions: [multiclass_site.search_index]``."""
    return SearchIndexExtension(**kwargs)
