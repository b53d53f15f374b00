"""The search index: code blocks and printed results are left out, words are split without digits."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from material.plugins.search.plugin import Parser

ROOT = Path(__file__).resolve().parents[1]

PAGE = """\
The softmax of the logits, computed by `softmax(z)`:

```python
z = [1.0, 2.0]
print(softmax(z))  # a printed result below
```

```
[0.26894142 0.73105858]
```

<pre class="result">leftover output</pre>

After the code, the prose goes on.
"""


def indexed_text(html: str) -> str:
    """The text Material's own search plugin indexes from a page's HTML."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(section.text) for section in parser.data)


@pytest.mark.parametrize("fences", ["fenced_code", "pymdownx.superfences"])
def test_code_blocks_are_left_out_and_the_prose_and_inline_code_stay(fences: str) -> None:
    extensions = [fences, "md_in_html", "pymdownx.highlight", "multiclass_site.search_index"]
    html = markdown.markdown(PAGE, extensions=extensions)
    assert html.count("<pre data-search-exclude") == 3, html
    text = indexed_text(html)
    assert "softmax of the logits" in text
    assert "<code>softmax(z)</code>" in text  # inline code is a word a reader searches for
    assert "the prose goes on" in text
    for code in ("z = [1.0", "print(", "0.26894142", "leftover output"):
        assert code not in text, (code, text)


def test_without_the_extension_the_code_would_be_indexed() -> None:
    # Guard: the parser does index a <pre> block unless it is marked.
    html = markdown.markdown(PAGE, extensions=["fenced_code"])
    assert "print(softmax(z))" in indexed_text(html)


def test_a_marked_block_is_marked_once() -> None:
    html = '<pre data-search-exclude class="x">a</pre><pre>b</pre><prefix>'
    md = markdown.Markdown(extensions=["multiclass_site.search_index"])
    assert md.convert(html).count("data-search-exclude") == 2


def separator() -> re.Pattern[str]:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^\s+- search:\n\s+separator: '([^']+)'$", config, re.MULTILINE)
    assert found, "the search plugin's separator is not set in mkdocs.yml"
    return re.compile(found.group(1))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("log-sum-exp", ["log", "sum", "exp"]),
        ("cross-entropy of one-hot targets", ["cross", "entropy", "of", "one", "hot", "targets"]),
        ("log1p and float64 in 10 classes", ["log", "p", "and", "float", "in", "classes"]),
        ("W2 @ x3", ["W", "@", "x"]),
    ],
)
def test_indexed_words_hold_no_digit(text: str, words: list[str]) -> None:
    # lunr's token set keys a node by its edges' characters followed by node numbers: a digit as
    # an edge character could make two nodes one key (see mkdocs.yml), so no word holds a digit.
    # The browser splits both the pages and the query with this separator (tests/browser).
    found = [w for w in separator().split(text) if w]
    assert found == words
    assert not any(ch.isdigit() for w in found for ch in w)
