"""Figure numbers: each page numbers its figures 1, 2, ... in order, in the built HTML."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from multiclass_site.captions import figure_names, number_figures

ROOT = Path(__file__).resolve().parents[1]


def figure(name: str, text: str) -> str:
    return (
        f'<figure class="figure" id="figure-{name}"><svg></svg>'
        f'<figcaption class="figure__caption">{text}</figcaption></figure>'
    )


def test_captions_are_numbered_in_order_and_other_captions_are_left_alone() -> None:
    page = (
        figure("a", "A.") + "<figure><figcaption>a table</figcaption></figure>" + figure("b", "B.")
    )
    numbered = number_figures(page)
    assert re.findall(r"Figure (\d+)\.</span> (\w)", numbered) == [("1", "A"), ("2", "B")]
    assert "<figure><figcaption>a table</figcaption></figure>" in numbered
    assert number_figures(page) == numbered  # each page starts again from 1
    assert figure_names(page) == ["a", "b"]


def test_a_notebook_cell_numbers_its_figures_as_the_page_does() -> None:
    # One cell prints the page's second figure only: it is still Figure 2; an unknown one stays
    # unnumbered.
    cell = figure("b", "B.") + figure("c", "C.")
    numbered = number_figures(cell, {"a": 1, "b": 2})
    assert re.findall(r"Figure (\d+)\.</span> (\w)", numbered) == [("2", "B")]
    assert figure("c", "C.") in numbered


FIGURE = """
```python exec="on" html="true" session="{session}"
import matplotlib.pyplot as plt

from multiclass_site.figures import style, to_svg

with style():
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    print(to_svg(fig, "{name}", "A rising line.", caption="{text}"))
```
"""


def test_the_built_pages_number_their_figures_with_figures_in_collapsed_blocks(
    tmp_path: Path,
) -> None:
    # Figures printed by executed blocks (put back into the page after the tree is built),
    # one inside a collapsed block, on two pages of a site built with the project's extensions.
    first = (
        "# One\n"
        + FIGURE.format(session="a", name="first", text="The first.")
        + "\n/// details | More\n"
        + FIGURE.format(session="a", name="second", text="The second.")
        + "///\n"
    )
    second = "# Two\n" + FIGURE.format(session="b", name="third", text="The third.")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(first)
    (tmp_path / "docs" / "two.md").write_text(second)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: test\ntheme: {name: mkdocs}\nplugins: [markdown-exec]\n"
        "nav: [index.md, two.md]\n"
    )
    extensions = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    build(load_config(str(tmp_path / "mkdocs.yml"), markdown_extensions=extensions))
    found = {
        page: re.findall(
            r'<span class="figure__number">Figure (\d+)\.</span> (.*?)</figcaption>',
            (tmp_path / "site" / page).read_text(encoding="utf-8"),
        )
        for page in ("index.html", "two/index.html")
    }
    assert found == {
        "index.html": [("1", "The first."), ("2", "The second.")],
        "two/index.html": [("1", "The third.")],
    }
