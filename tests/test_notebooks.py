"""Every answer page's notebook: written by the build, and run top to bottom in a Jupyter kernel.

The pages of "The answers" are rendered the way ``mkdocs build`` renders them (MkDocs, the
plugins' configuration, markdown-exec and ``multiclass_site.notebooks``) into a temporary site
folder; each notebook written there is then executed by nbclient in a kernel of this environment
(ipykernel's own ``python3``, nothing registered), and what its page cells print must equal what
the build stored, which is what the page shows.
"""

from __future__ import annotations

import asyncio
import base64
import html
import os
import re
from pathlib import Path

import nbformat
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from nbclient import NotebookClient

from multiclass_site.blocks import find_blocks
from multiclass_site.jupyter_markdown import Executed, Item
from multiclass_site.navigation import section_pages
from multiclass_site.notebook_extension import _check
from multiclass_site.notebooks import Run, how_to_run, notebook, svg_as_image

ROOT = Path(__file__).resolve().parents[1]
SECTION = "The answers"
PAGES = sorted(section_pages(load_config(str(ROOT / "mkdocs.yml")).nav, SECTION))


def render(site: Path, pages: list[str], **env: str) -> dict[str, str]:
    """Render ``pages`` as ``mkdocs build`` does, into the folder ``site``; HTML by page."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("REPO_URL", "EDIT_URI"):
            patch.delenv(name, raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    config = config.plugins.on_config(config)
    try:
        files = get_files(config)
        get_navigation(files, config)
        rendered: dict[str, str] = {}
        for path in pages:
            page = files.get_file_from_path(path).page
            page.read_source(config)
            page.render(config, files)
            rendered[path] = page.content
        return rendered
    finally:
        config.plugins.on_post_build(config=config)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    site = tmp_path_factory.mktemp("site")
    return site, render(site, [*PAGES, "index.md"])


@pytest.fixture(scope="module")
def executed(
    built: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, nbformat.NotebookNode | BaseException]:
    """Each page's notebook after nbclient ran it top to bottom in a fresh kernel (or the error).

    The notebooks run side by side, as many at a time as there are cores: most of a run is the
    kernel starting and importing. Connection files and IPython's profile go to a temporary
    folder, not to the home directory.
    """
    site, _ = built
    folder = tmp_path_factory.mktemp("jupyter")
    slots = asyncio.Semaphore(os.cpu_count() or 1)

    async def run(page: str) -> nbformat.NotebookNode | BaseException:
        book = nbformat.read(notebook_of(site, page), as_version=4)
        client = NotebookClient(
            book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(site)}}
        )
        async with slots:
            try:
                await client.async_execute()
            except Exception as error:  # noqa: BLE001 - reported by the test of that page
                return error
        return book

    async def run_all() -> list[nbformat.NotebookNode | BaseException]:
        return await asyncio.gather(*(run(page) for page in PAGES))

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_RUNTIME_DIR", str(folder / "runtime"))
        patch.setenv("IPYTHONDIR", str(folder / "ipython"))
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        return dict(zip(PAGES, asyncio.run(run_all()), strict=True))


def notebook_of(site: Path, page: str) -> Path:
    stem = Path(page).stem
    return site / stem / f"{stem}.ipynb"


#: A figure (as :func:`multiclass_site.figures.to_svg` prints it): its name and its drawings.
FIGURE = r'<figure class="figure" id="figure-([^"]+)">.*?<div class="figure__drawings" data-search-exclude>(.*?)</div>'


def without_drawings(text: str) -> str:
    """``text`` with the drawings of its figures left out (their captions and the rest kept)."""
    return re.sub(
        r'(<div class="figure__drawings" data-search-exclude>).*?(</div>)',
        r"\1\2",
        text,
        flags=re.DOTALL,
    )


def printed(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """What a code cell printed: (kind, text) per output, consecutive stdout joined.

    Standard error is left out: the page does not show it (a library's warning goes there).
    """
    found: list[tuple[str, str]] = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream" and output["name"] == "stderr":
            continue
        if output["output_type"] == "stream":
            if found and found[-1][0] == output["name"]:
                found[-1] = (output["name"], found[-1][1] + output["text"])
            else:
                found.append((output["name"], output["text"]))
        elif output["output_type"] in {"display_data", "execute_result"}:
            found.extend(sorted(output["data"].items()))
        else:
            found.append((output["output_type"], str(output)))
    return found


def test_the_section_lists_the_answer_pages() -> None:
    # Guards the parametrized tests against collecting nothing.
    assert len(PAGES) >= 6
    assert all((ROOT / "docs" / page).is_file() for page in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_notebook_holds_the_page(page: str, built: tuple[Path, dict[str, str]]) -> None:
    site, rendered = built
    path = notebook_of(site, page)
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    # The download link sits under the title and names the notebook's size.
    size = f"({path.stat().st_size / 1000:.0f}\N{NO-BREAK SPACE}kB)"
    link = f'<a download="{path.name}" href="{path.name}">Download this page as a Jupyter notebook</a> {size}'
    assert link in rendered[page]
    assert rendered[page].index("</h1>") < rendered[page].index(link)
    # ... and says where to read how to run it: a section of the home page.
    assert f'{size} · <a href="../#get-the-code">how to run it</a>' in rendered[page]
    assert 'id="get-the-code"' in rendered["index.md"]
    # The page's executed blocks are the notebook's page cells, in order (found independently of
    # the notebook's own reading of the page, by the block finder the doc tests use).
    cells = [c for c in book.cells if "page" in c.metadata.get("tags", [])]
    sources = [c.source.removeprefix("%%printed_as html\n") for c in cells]
    expected = [b.source.strip("\n") for b in find_blocks(ROOT / "docs" / page, ROOT)]
    assert [s.removeprefix("%%printed_as markdown\n") for s in sources] == expected
    # What the notebook stores is what the page shows: text as a code block, HTML as itself,
    # with each figure as a picture (inline in the notebook; on the page, files beside it with
    # the same text alternative).
    page_text, page_html = rendered[page], without_drawings(rendered[page])
    for cell in cells:
        for kind, text in printed(cell):
            assert kind in {"stdout", "text/html", "text/markdown"}
            if kind == "stdout":
                shown = html.escape(text.rstrip("\n"), quote=False) in page_text
            else:
                shown = kind == "text/markdown" or without_drawings(text.strip()) in page_html
            assert shown, f"{page}: output of {cell.id} is not on the page"
            # Each figure is a picture of its own: every glyph and clip it uses, it defines.
            for image in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', text):
                svg = base64.b64decode(image).decode("utf-8")
                defined = set(re.findall(r'\sid="([^"]+)"', svg))
                used = re.findall(r'url\(#([^)]+)\)|xlink:href="#([^"]+)"', svg)
                assert {a or b for a, b in used} <= defined, f"{page}: {cell.id} draws a hole"
            for name, drawn in re.findall(FIGURE, text, flags=re.DOTALL):
                on_page = re.search(
                    FIGURE.replace('([^"]+)', re.escape(name), 1), page_text, flags=re.DOTALL
                )
                assert on_page, f"{page}: figure {name} is not on the page"
                assert set(re.findall(r' alt="([^"]*)"', drawn)) == set(
                    re.findall(r' alt="([^"]*)"', on_page[1])
                )
                assert (notebook_of(site, page).parent / "figures" / f"{name}.svg").is_file()
    # Prose cells keep the page's maths as TeX and link to pages of the site, not to .md files.
    prose = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    source = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert len(re.findall(r"\$\$", prose)) == source.count("$$"), f"{page}: display maths lost"
    link = re.search(r"\]\((?![a-z]+:)[^)]*\.md\b[^)]*\)", prose)
    assert link is None, (
        f"{page}: the notebook keeps the link {link and link[0]}: it leads to no page of the "
        "site (a typo, or a page missing from the nav); `make build` names it"
    )
    assert "///" not in prose
    assert "--8<--" not in prose


@pytest.mark.parametrize("page", PAGES)
def test_notebook_runs_and_prints_what_the_page_printed(
    page: str,
    built: tuple[Path, dict[str, str]],
    executed: dict[str, nbformat.NotebookNode | BaseException],
) -> None:
    site, _ = built
    result = executed[page]
    if isinstance(result, BaseException):
        raise result  # nbclient's CellExecutionError names the cell and shows its traceback
    stored = nbformat.read(notebook_of(site, page), as_version=4)
    for before, after in zip(stored.cells, result.cells, strict=True):
        if "page" in before.metadata.get("tags", []):
            assert printed(after) == printed(before), f"{page}: cell {before.id} printed otherwise"


def test_the_repository_address_reaches_the_notebooks_and_the_edit_links(tmp_path: Path) -> None:
    address = "https://example.org/teaching/multiclass"
    page = PAGES[0]
    render(tmp_path / "with", [page], REPO_URL=address, EDIT_URI="edit/main/docs/")
    about = nbformat.read(notebook_of(tmp_path / "with", page), as_version=4).cells[0].source
    assert f"git clone {address}" in about
    assert f"git+{address}" in about
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPO_URL", address)
        patch.setenv("EDIT_URI", "edit/main/docs/")
        config = load_config(str(ROOT / "mkdocs.yml"))
    files = get_files(config)
    get_navigation(files, config)
    assert config.repo_url == address
    assert files.get_file_from_path(page).page.edit_url == f"{address}/edit/main/docs/{page}"
    assert "content.action.edit" in config.theme["features"]


def test_without_an_address_nothing_links_to_a_repository(
    built: tuple[Path, dict[str, str]],
) -> None:
    site, _ = built
    for page in PAGES:
        book = notebook_of(site, page).read_text(encoding="utf-8")
        assert "git clone" not in book
        assert "git+" not in book
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("REPO_URL", raising=False)
        patch.delenv("EDIT_URI", raising=False)
        config = load_config(str(ROOT / "mkdocs.yml"))
    files = get_files(config)
    get_navigation(files, config)
    assert config.repo_url is None
    assert all(files.get_file_from_path(page).page.edit_url is None for page in PAGES)


def test_each_kind_of_output_becomes_its_kind_of_cell() -> None:
    items: list[Item] = [
        "# Page\n",
        Executed(line=3, source="print(1)", options={}, folded=False),
        Executed(line=7, source="print('<b>x</b>')", options={}, folded=False),
        Executed(line=9, source="print('| a |')", options={}, folded=True),
        Executed(line=11, source="x = 1", options={}, folded=False),
    ]
    runs = [
        Run.from_options("print(1)", "1\n", {"source": "above", "result": "text"}),
        Run.from_options("print('<b>x</b>')", "<b>x</b>\n", {"html": True}),
        Run.from_options("print('| a |')", "| a |\n", {"source": "above"}),
        Run.from_options("x = 1", "", {"source": "above", "result": "text"}),
    ]
    book = notebook(items, runs, title="Page", page_url="u", repo_url=None, name="p")
    about, setup, prose, text, shown, table, silent = book.cells
    assert "multiclass" in about.source
    assert about.cell_type == "markdown"
    assert "def printed_as(" in setup.source
    assert setup.metadata["tags"] == ["setup"]
    assert prose.source == "# Page"
    assert printed(text) == [("stdout", "1\n")]
    assert "jupyter" not in text.metadata
    assert shown.source.startswith("%%printed_as html\n")
    assert printed(shown) == [("text/html", "<b>x</b>\n")]
    assert shown.metadata["jupyter"] == {"source_hidden": True}  # the page hides it too
    assert table.source.startswith("%%printed_as markdown\n")
    assert table.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert silent.outputs == []
    assert [cell.id for cell in book.cells] == [f"p-{n}" for n in range(1, 8)]
    again = notebook(items, runs, title="Page", page_url="u", repo_url=None, name="p")
    assert nbformat.writes(again) == nbformat.writes(book)
    # Without HTML or Markdown output there is nothing to set up.
    plain = notebook(items[:2], runs[:1], title="Page", page_url="u", repo_url=None, name="p")
    assert [cell.cell_type for cell in plain.cells] == ["markdown", "markdown", "code"]


def test_a_fence_that_did_not_run_as_read_is_an_error() -> None:
    fence = Executed(line=4, source="print(1)", options={}, folded=False)
    ran = Run.from_options("print(1)\n", "1\n", {"result": "text"})
    _check([fence], [ran])  # trailing newlines do not count
    other = Run.from_options("print(2)", "2\n", {"result": "text"})
    with pytest.raises(ValueError, match="fence at line 4 is not the one markdown-exec ran"):
        _check([fence], [other])
    with pytest.raises(ValueError, match="markdown-exec ran 2 fences; the page has 1"):
        _check([fence], [ran, ran])
    with pytest.raises(ValueError, match="fence at line 4"):
        _check([fence], [])


def test_how_to_run_names_the_repository_only_when_it_is_known() -> None:
    address = "https://example.org/teaching/multiclass"
    known = how_to_run(address)
    assert f"git clone {address} multiclass" in known
    assert f'pip install "multiclass @ git+{address}"' in known
    unknown = how_to_run(None)
    assert "://" not in unknown
    assert "make build" in unknown
    assert "make build" in known


def test_a_figure_becomes_a_picture_that_an_untrusted_notebook_shows() -> None:
    figure = (
        '<figure class="figure"><svg role="img" aria-label="Two &quot;curves&quot;" '
        'viewBox="0 0 10 10"><path stroke="currentColor" d="M0 0L9 9"/></svg></figure>\n'
    )
    picture = svg_as_image(f"<p>before</p>{figure}<p>after</p>")
    found = re.fullmatch(
        r'<p>before</p><figure class="figure"><img alt="Two &quot;curves&quot;" '
        r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"/></figure>\n<p>after</p>',
        picture,
    )
    assert found is not None, picture
    svg = base64.b64decode(found[1]).decode("utf-8")
    assert svg.startswith('<svg role="img"')
    assert '<rect width="100%" height="100%" fill="white"/><path stroke="black"' in svg
    assert "currentColor" not in svg
    assert (
        svg_as_image("<table><tr><td>1</td></tr></table>") == "<table><tr><td>1</td></tr></table>"
    )
