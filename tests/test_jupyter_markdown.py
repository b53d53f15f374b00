"""The site's Markdown rewritten for Jupyter: blocks, tabs, links, includes, executed fences."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiclass_site.jupyter_markdown import Executed, Heading, Item, convert

LINKED: list[str] = []


def link(target: str) -> str:
    LINKED.append(target)
    return target if "://" in target else f"https://site.example/{target}"


def run(text: str, root: Path = Path()) -> list[Item]:
    LINKED.clear()
    return convert(
        text.splitlines(), root, link, frozenset({"details", "checked-by", "details-example"})
    )


def texts(items: list[Item]) -> str:
    return "\n".join(item for item in items if isinstance(item, str))


def test_an_admonition_and_a_claim_become_block_quotes_with_their_titles() -> None:
    items = run(
        "/// note | Mind the sign\n\nText with $z_k$.\n///\n\n"
        "/// question | Why?\n\nA formula over two lines, $a =\nb$.\n///\n\n"
        "/// claim | Softmax is shift invariant\n    attrs: {id: softmax-shift}\n\n"
        "For every $c$, softmax$(z + c) = $ softmax$(z)$.\n///\n"
    )
    assert texts(items) == (
        "<blockquote>\n\n**Note: Mind the sign**\n\nText with $z_k$.\n\n</blockquote>\n\n"
        "<blockquote>\n\n**Question: Why?**\n\nA formula over two lines, $a =\nb$.\n\n"
        "</blockquote>\n\n"
        "<blockquote>\n\n**Claim: Softmax is shift invariant**\n\n"
        "For every $c$, softmax$(z + c) = $ softmax$(z)$.\n\n</blockquote>\n"
    )
    assert "attrs" not in texts(items)


def test_a_folded_block_becomes_details_and_folds_the_cells_inside_it() -> None:
    items = run(
        "/// details-example | Solution with `softmax`\n\nFirst part.\n\n"
        '```python exec="on" session="s"\nprint(1)\n```\n\nSecond part.\n///\n\n'
        '/// details | Open one\n    open: true\n\n```python exec="on"\nprint(2)\n```\n///\n'
    )
    assert items[0] == (
        "<details><summary>Solution with <code>softmax</code></summary>\n\nFirst part.\n\n"
        "</details>\n"
    )
    assert items[1] == Executed(line=5, source="print(1)", options=items[1].options, folded=True)
    assert isinstance(items[1], Executed)
    assert items[1].options == {"exec": "on", "session": "s"}
    assert "(continued)</summary>\n\nSecond part." in str(items[2])
    # An open block folds nothing; a block that starts with a cell names it in bold.
    assert str(items[2]).endswith("</details>\n\n**Open one**\n")
    assert isinstance(items[3], Executed)
    assert not items[3].folded


def test_a_claim_shows_its_included_test_inside_details(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "t.py").write_text(
        "x = 0\n# --8<-- [start:c]\ndef test_c():\n    assert True\n# --8<-- [end:c]\n"
    )
    items = run(
        "/// claim | C\n    attrs: {id: c}\n\n$1 = 1$.\n\n//// checked-by | Checked by `test_c`\n"
        '```python\n--8<-- "tests/t.py:c"\n```\n////\n///\n',
        tmp_path,
    )
    assert texts(items) == (
        "<blockquote>\n\n**Claim: C**\n\n$1 = 1$.\n\n"
        "<details><summary>Checked by <code>test_c</code></summary>\n\n"
        "```python\ndef test_c():\n    assert True\n```\n\n</details>\n\n</blockquote>\n"
    )


def test_tabs_become_bold_titles_and_their_indented_fences_run() -> None:
    items = run(
        '=== "NumPy"\n\n    Plain text.\n\n    ```python exec="on"\n    x = 1\n    print(x)\n'
        '    ```\n\n=== "Maths"\n\n    $x = 1$\n\nAfter the tabs.\n'
    )
    assert items[0] == "**NumPy**\n\nPlain text.\n"
    assert items[1] == Executed(
        line=5, source="x = 1\nprint(x)", options={"exec": "on"}, folded=False
    )
    assert items[2] == "**Maths**\n\n$x = 1$\n\nAfter the tabs.\n"


def test_links_to_pages_are_rewritten_and_attribute_lists_dropped() -> None:
    items = run(
        "## Title { #custom-id }\n\nSee [the softmax](softmax.md#temperature), [here](#top),\n"
        "[out](https://example.org/a.md) and [ref][r]; [button](api.md){ .md-button }.\n\n"
        "{: .lead }\n\n[r]: cross-entropy.md\n*[K]: the number of classes\n"
        "Maths keeps its braces: $\\sum_{k=1}^{K} x_{.5} \\{a\\}$.\n"
    )
    text = texts(items)
    assert text.startswith("## Title\n")
    assert "[the softmax](https://site.example/softmax.md#temperature)" in text
    assert "[here](https://site.example/#top)" in text
    assert "[out](https://example.org/a.md)" in text
    assert "[r]: https://site.example/cross-entropy.md" in text
    assert "[button](https://site.example/api.md)." in text
    assert "{" not in text.replace("{k=1}^{K} x_{.5} \\{a\\}", "")
    assert "*[K]" not in text
    assert "$\\sum_{k=1}^{K} x_{.5} \\{a\\}$" in text
    assert LINKED == [
        "softmax.md#temperature",
        "#top",
        "https://example.org/a.md",
        "api.md",
        "cross-entropy.md",
    ]


def test_top_level_headings_start_new_texts_and_fences_keep_their_blank_lines() -> None:
    items = run(
        "# Page\n\n\n\nIntro.\n\n## Part\n\n```text\n/// not a block\n\n\n## not a heading\n```\n\n"
        "/// note\n\n## Inside a note\n///\n"
    )
    assert items == [
        "# Page\n\nIntro.\n",
        Heading(),
        (
            "## Part\n\n```text\n/// not a block\n\n\n## not a heading\n```\n\n"
            "<blockquote>\n\n**Note**\n\n## Inside a note\n\n</blockquote>\n"
        ),
    ]


@pytest.mark.parametrize("exec_value", ["on", "1", "true", "yes", "anything"])
def test_every_exec_value_markdown_exec_runs_is_a_cell(exec_value: str) -> None:
    items = run(f'```python exec="{exec_value}"\npass\n```\n')
    assert items == [Executed(line=1, source="pass", options={"exec": exec_value}, folded=False)]


@pytest.mark.parametrize("exec_value", ["off", "no", "false", "0", ""])
def test_a_fence_markdown_exec_does_not_run_stays_text(exec_value: str) -> None:
    items = run(f'```python exec="{exec_value}"\npass\n```\n')
    assert items == [f'```python exec="{exec_value}"\npass\n```\n']


def test_an_executed_fence_in_another_language_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"line 3: an executed 'bash' fence"):
        run('Text.\n\n```bash exec="on"\necho 1\n```\n')
