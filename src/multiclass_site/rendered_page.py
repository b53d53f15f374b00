"""The page MkDocs is rendering, as a Python-Markdown extension can find it.

MkDocs tells no extension which page it renders, but it registers its own tree processor
``relpath`` on each page's Markdown instance, holding the page's file, the site's files and the
configuration (whose ``site_dir`` is the folder being built: ``site/`` for ``mkdocs build``, the
temporary folder of ``mkdocs serve``). The extensions that write files beside a page or name a
page in a message (the maths, its font, the notebooks, the figures) read it here; no MkDocs hook
or plugin is involved. Outside MkDocs (Markdown converted on its own) there is no page.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from markdown import Markdown

__all__ = ["RenderedPage", "rendered_page"]


class RenderedPage(NamedTuple):
    """What MkDocs knows of the page being rendered."""

    file: Any  # mkdocs.structure.files.File
    files: Any  # mkdocs.structure.files.Files
    config: Any  # mkdocs.config.defaults.MkDocsConfig


def rendered_page(md: Markdown) -> RenderedPage | None:
    """The page MkDocs renders with ``md``; None outside MkDocs."""
    if "relpath" not in md.treeprocessors:
        return None
    relpath: Any = md.treeprocessors["relpath"]
    return RenderedPage(relpath.file, relpath.files, relpath.config)
