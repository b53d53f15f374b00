r"""The build step that writes every answer page's notebook: a Python-Markdown extension.

Registered in ``mkdocs.yml`` as ``multiclass_site.notebook_extension``, it gives each page of one
navigation section (``section``, "The answers") a notebook:

1. Before anything else it keeps the page's Markdown, and puts itself in front of markdown-exec
   for Python fences (through pymdownx.superfences' ``extend_super_fences``).
2. Each executed fence runs once, by markdown-exec, which returns what the fence printed; the
   extension keeps that text and renders it on the page as markdown-exec would have
   (``markdown_exec.base_format`` with the printed text).
3. Once the page's tree is built, :func:`multiclass_site.notebooks.notebook` turns the kept
   Markdown and the printed texts into a notebook, written next to the page's HTML in the site
   folder, and a download link goes under the page's title.

The page and the site folder being built come from :mod:`multiclass_site.rendered_page`. No
MkDocs hook or plugin is involved.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown_exec
import nbformat
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.superfences import SuperFencesCodeExtension

from multiclass_site.exec_extension import Box, source_only
from multiclass_site.jupyter_markdown import PYTHON, Executed, Item, convert
from multiclass_site.navigation import section_pages
from multiclass_site.notebooks import Run, notebook
from multiclass_site.rendered_page import rendered_page

__all__ = ["NotebookExtension", "makeExtension"]

#: The home page's section on getting the code, linked from every download link.
HOME_SECTION = ("index.md", "get-the-code")


@dataclass
class _Page:
    """The page being rendered: what MkDocs knows of it, its Markdown, and its runs."""

    file: Any  # mkdocs.structure.files.File
    files: Any  # mkdocs.structure.files.Files
    config: Any  # mkdocs.config.defaults.MkDocsConfig
    lines: list[str]
    runs: list[Run]


class _Keep(Preprocessor):
    """Keeps the page's Markdown and records what its executed Python fences print."""

    def __init__(self, md: Markdown, section: str) -> None:
        super().__init__(md)
        self.section = section
        self.page: _Page | None = None
        self.wrapped = False

    def run(self, lines: list[str]) -> list[str]:
        self.page = None
        found = rendered_page(self.md)
        if found is not None and found[0].src_uri in section_pages(found[2].nav, self.section):
            self.page = _Page(*found, lines=list(lines), runs=[])
        if not self.wrapped:
            self._wrap_python_fences()
        return lines

    def _wrap_python_fences(self) -> None:
        superfences = next(
            (e for e in self.md.registeredExtensions if isinstance(e, SuperFencesCodeExtension)),
            None,
        )
        if superfences is None:
            msg = "multiclass_site.notebook_extension needs pymdownx.superfences and markdown-exec"
            raise ValueError(msg)
        for entry in list(superfences.superfences):
            if entry["name"] in PYTHON:
                superfences.extend_super_fences(
                    entry["name"],
                    partial(self._format, entry["formatter"]),
                    entry["validator"],
                    entry["reset"],
                )
        self.wrapped = True

    def _format(self, formatter: Any, src: str, options: dict[str, Any], **kwargs: Any) -> str:
        """Run the fence once (markdown-exec), keep what it printed, render it as the page does."""
        if self.page is None:
            return str(formatter(src=src, options=options, **kwargs))
        printed = formatter(src=src, options={**options, "html": True, "source": ""}, **kwargs)
        if isinstance(printed, Box):  # not run, or failed: the source and the box, as HTML
            self.page.runs.append(Run.from_options(src, "", options))  # the cell, no output
            return source_only(src, options, kwargs["md"]) + printed
        printed = str(printed)
        self.page.runs.append(Run.from_options(src, printed, options))
        return str(
            markdown_exec.base_format(
                language="python",
                run=lambda *_, **__: printed,
                code=src,
                md=kwargs["md"],
                **options,
            )
        )


class _Write(Treeprocessor):
    """Writes the page's notebook into the site folder and links it under the title.

    It runs after MkDocs' ``relpath`` (priority 0), which would otherwise take the link to the
    notebook for a link to a missing page.
    """

    def __init__(self, md: Markdown, keep: _Keep) -> None:
        super().__init__(md)
        self.keep = keep

    def run(self, root: ET.Element) -> None:
        page = self.keep.page
        if page is None:
            return
        self.keep.page = None
        file, files, config = page.file, page.files, page.config
        folder = Path(config.config_file_path).parent
        details = config.mdx_configs.get("pymdownx.blocks.details", {}).get("types", [])
        collapsible = {"details"} | {t if isinstance(t, str) else t["name"] for t in details}
        page_url = urljoin(config.site_url or "", file.url)
        link = partial(_absolute, file=file, files=files, page_url=page_url)
        try:
            items = convert(page.lines, folder, link, frozenset(collapsible))
            _check(items, page.runs)
        except ValueError as error:
            msg = f"notebook of {file.src_uri}: {error}"
            raise ValueError(msg) from error
        title = next((line[2:].strip() for line in page.lines if line.startswith("# ")), file.name)
        name = posixpath.splitext(posixpath.basename(file.src_uri))[0]
        book = notebook(
            items, page.runs, title=title, page_url=page_url, repo_url=config.repo_url, name=name
        )
        data = nbformat.writes(book).encode("utf-8") + b"\n"
        target = Path(config.site_dir, posixpath.dirname(file.dest_uri), f"{name}.ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        _insert_link(root, f"{name}.ipynb", len(data), _home_link(file, files))


def _absolute(target: str, *, file: Any, files: Any, page_url: str) -> str:
    """The address of a link target relative to the page, on the site (else unchanged)."""
    if urlsplit(target).scheme or target.startswith("//"):
        return target
    path, _, anchor = target.partition("#")
    url = page_url
    if path:
        other = files.get_file_from_path(
            posixpath.normpath(posixpath.join(posixpath.dirname(file.src_uri), path))
        )
        if other is None:
            return target
        url = urljoin(page_url, other.url_relative_to(file))
    return f"{url}#{anchor}" if anchor else url


def _home_link(file: Any, files: Any) -> str | None:
    home = files.get_file_from_path(HOME_SECTION[0])
    return None if home is None else f"{home.url_relative_to(file)}#{HOME_SECTION[1]}"


def _insert_link(root: ET.Element, href: str, size: int, home: str | None) -> None:
    """Put the download paragraph right after the page's first ``<h1>`` (else first)."""
    paragraph = ET.Element("p", {"class": "notebook-download"})
    download = ET.SubElement(paragraph, "a", {"href": href, "download": href})
    download.text = "Download this page as a Jupyter notebook"
    download.tail = f" ({size / 1000:.0f}\N{NO-BREAK SPACE}kB)"
    if home is not None:
        download.tail += " · "
        ET.SubElement(paragraph, "a", {"href": home}).text = "how to run it"
    heading = next((i for i, child in enumerate(root) if child.tag == "h1"), -1)
    root.insert(heading + 1, paragraph)


def _check(items: list[Item], runs: list[Run]) -> None:
    """The executed fences found in the Markdown are the ones that ran, in order."""
    fences = [item for item in items if isinstance(item, Executed)]
    for index, fence in enumerate(fences):
        if index >= len(runs) or _lines(runs[index].source) != _lines(fence.source):
            msg = f"the executed fence at line {fence.line} is not the one markdown-exec ran"
            raise ValueError(msg)
    if len(runs) != len(fences):
        msg = f"markdown-exec ran {len(runs)} fences; the page has {len(fences)}"
        raise ValueError(msg)


def _lines(source: str) -> list[str]:
    return [line.rstrip() for line in source.strip("\n").splitlines()]


class NotebookExtension(Extension):
    """Writes a notebook of every page of one navigation section (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"section": ["The answers", "navigation section whose pages get notebooks"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the two processors: before the snippets (32), after MkDocs' relpath (0)."""
        keep = _Keep(md, self.getConfig("section"))
        md.preprocessors.register(keep, "notebook_keep", 35)
        md.treeprocessors.register(_Write(md, keep), "notebook_write", -1)


def makeExtension(**kwargs: Any) -> NotebookExtension:
    """The extension, as Python-Markdown loads it by module name."""
    return NotebookExtension(**kwargs)
