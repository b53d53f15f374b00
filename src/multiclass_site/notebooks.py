r"""A page as a Jupyter notebook: its prose and code cells, the outputs of the build, a setup cell.

:func:`notebook` assembles it from the page's Markdown texts and executed fences
(:mod:`multiclass_site.jupyter_markdown`) and from what each fence printed (:class:`Run`), with
nbformat. The first cell says where the page is, which version of ``multiclass`` built it and how
to get the code (:func:`how_to_run`); cells whose output the page shows rendered (a figure's
HTML, a Markdown table) run under the ``%%printed_as`` cell magic that the setup cell defines, so
that running them again shows what the page shows. Cell ids are numbered, so the same page gives
the same bytes. :mod:`multiclass_site.notebook_extension` writes the notebooks during the build.
"""

from __future__ import annotations

import base64
import importlib.metadata
import inspect
import re
from dataclasses import dataclass
from typing import Any

import nbformat

from multiclass_site.captions import figure_names, number_figures
from multiclass_site.jupyter_markdown import Executed, Item

__all__ = ["SETUP", "Run", "how_to_run", "notebook", "svg_as_image"]


def svg_as_image(html: str) -> str:
    """Each inline ``<svg>`` of printed HTML as an ``<img>``: black ink on white, as a picture.

    Jupyter shows the HTML output of a notebook it does not trust (one just downloaded) only
    after sanitising it, which strips inline SVG down to its loose text; an image survives.
    The page's figures draw their ink in ``currentColor``, which an image cannot inherit.
    """

    def image(match: re.Match[str]) -> str:
        svg = match[0].replace("currentColor", "black")
        svg = re.sub(
            r"<svg\b[^>]*>", r'\g<0><rect width="100%" height="100%" fill="white"/>', svg, count=1
        )
        label = re.search(r'aria-label="([^"]*)"', svg)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        alt = label[1] if label else "figure"
        return f'<img alt="{alt}" src="data:image/svg+xml;base64,{data}"/>'

    return re.sub(r"<svg\b.*?</svg>", image, html, flags=re.DOTALL)


#: Defines ``%%printed_as``, for cells whose printed HTML or Markdown the page shows rendered.
SETUP = "\n".join(
    [
        "# Some cells print HTML (a figure) or Markdown (a table), which the site shows rendered.",
        "# `%%printed_as html` (or `markdown`) runs such a cell and shows what it prints the same",
        "# way, with each figure as a picture, numbered as on the page (FIGURE_NUMBERS, below).",
        "import base64",
        "import contextlib",
        "import io",
        "import re",
        "",
        "from IPython import get_ipython",
        "from IPython.core.magic import register_cell_magic",
        "from IPython.display import display",
        "",
        "",
        inspect.getsource(svg_as_image).rstrip(),
        "",
        "",
        inspect.getsource(number_figures).rstrip(),
        "",
        "",
        "@register_cell_magic",
        "def printed_as(mime, cell):",
        "    printed = io.StringIO()",
        "    with contextlib.redirect_stdout(printed):",
        "        get_ipython().ex(cell)",
        "    text = printed.getvalue()",
        '    if mime == "html":',
        "        text = svg_as_image(number_figures(text, FIGURE_NUMBERS))",
        '    display({f"text/{mime}": text}, raw=True)',
    ]
)


@dataclass(frozen=True)
class Run:
    """What one executed fence ran and printed, and how the page shows it.

    ``shows`` is ``"text"`` (a code block), ``"html"`` or ``"markdown"`` (rendered), as
    markdown-exec's ``result``, ``html`` and neither; ``shown`` is whether the page shows the
    source.
    """

    source: str
    printed: str
    shows: str
    shown: bool

    @classmethod
    def from_options(cls, source: str, printed: str, options: dict[str, Any]) -> Run:
        """A run from markdown-exec's parsed fence options."""
        if options.get("html"):
            shows = "html"
        elif options.get("result"):
            shows = "text"
        else:
            shows = "markdown"
        return cls(source=source, printed=printed, shows=shows, shown=bool(options.get("source")))


def how_to_run(repo_url: str | None) -> str:
    """Markdown: how to get the code and run a page's notebook, with or without the address."""
    if repo_url:
        where = f"its repository, <{repo_url}>"
        commands = [f"git clone {repo_url} multiclass", "cd multiclass"]
        library = f' The library alone installs with `pip install "multiclass @ git+{repo_url}"`.'
    else:
        where = "its repository (this copy of the site was built without the repository's address)"
        commands = ["cd multiclass    # your copy of the repository"]
        library = ""
    commands.append("make build    # sets up .venv: multiclass, the pages' libraries, ipykernel")
    return "\n".join(
        [
            (
                f"`multiclass` is not on PyPI: it comes from {where}, with the helpers that draw "
                "the figures (`src/multiclass_site`). With Python 3.11 or newer, `git` and `make`:"
            ),
            "",
            "```bash",
            *commands,
            "```",
            "",
            (
                "Then open a notebook with `.venv/bin/python` as its kernel: VS Code offers it, "
                "and `.venv/bin/uv run --with jupyterlab jupyter lab` starts JupyterLab with it."
                + library
            ),
        ]
    )


def notebook(
    items: list[Item],
    runs: list[Run],
    *,
    title: str,
    page_url: str,
    repo_url: str | None,
    name: str,
) -> nbformat.NotebookNode:
    """The notebook of a page: an about cell, a setup cell if needed, then the page's cells.

    ``items`` are the page's Markdown texts and executed fences (:func:`convert`), ``runs``
    what each fence printed, in the same order; ``name`` prefixes the cell ids.
    """
    version = importlib.metadata.version("multiclass")
    setup = any(run.shows != "text" for run in runs)
    about = [
        (
            f"*{title}*: the page {page_url} of the multiclass site as a notebook, with the outputs "
            f"its code printed when the site was built, with multiclass {version}."
        ),
        how_to_run(repo_url),
    ]
    if setup:
        about.append(
            "The folded cell below defines `%%printed_as`: a cell that starts with it shows what "
            "it prints (a figure, a table) as the page does."
        )
    cells = [nbformat.v4.new_markdown_cell("\n\n".join(about))]
    # The figures' numbers on the page: the page numbers every figure its blocks print, in order.
    names = [name for run in runs if run.shows == "html" for name in figure_names(run.printed)]
    numbers = {name: number for number, name in enumerate(names, start=1)}
    if setup:
        hidden = {"tags": ["setup"], "jupyter": {"source_hidden": True}}
        source = f"{SETUP}\n\n\n# The page's figures and their numbers there.\nFIGURE_NUMBERS = {numbers!r}"
        cells.append(nbformat.v4.new_code_cell(source, metadata=hidden))
    fences = iter(runs)
    for item in items:
        if isinstance(item, str):
            cells.append(nbformat.v4.new_markdown_cell(item.strip("\n")))
        elif isinstance(item, Executed):
            cells.append(_code_cell(next(fences), numbers, folded=item.folded))
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"{name}-{number}"
    book: nbformat.NotebookNode = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(book)
    return book


def _code_cell(run: Run, numbers: dict[str, int], *, folded: bool) -> nbformat.NotebookNode:
    if run.shows == "text":
        source = run.source
        outputs = [nbformat.v4.new_output("stream", name="stdout", text=run.printed)]
    else:
        source = f"%%printed_as {run.shows}\n{run.source}"
        printed = run.printed
        if run.shows == "html":
            printed = svg_as_image(number_figures(printed, numbers))
        data = {f"text/{run.shows}": printed}
        outputs = [nbformat.v4.new_output("display_data", data=data)]
    hidden = {"source_hidden": True} if folded or not run.shown else {}
    if folded:
        hidden["outputs_hidden"] = True
    metadata = {"tags": ["page"], **({"jupyter": hidden} if hidden else {})}
    cell: nbformat.NotebookNode = nbformat.v4.new_code_cell(
        source.strip("\n"), outputs=outputs if run.printed else [], metadata=metadata
    )
    return cell
