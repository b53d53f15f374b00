"""The claim mechanism: every claim on a page has its test, and every claim test is shown.

The checker reads a claim as the renderer does, and each mistake a contributor can make is made
here in a temporary copy and must give one message that says what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from multiclass_site import claims

ROOT = Path(__file__).resolve().parents[1]


def test_every_claim_has_its_test_and_every_claim_test_is_shown() -> None:
    found = claims.problems(ROOT)
    assert not found, claims.report(found)


def test_the_site_states_claims() -> None:
    # Guards the check above against passing vacuously because nothing was parsed.
    assert claims.find_claims(ROOT / "docs")
    assert claims.find_claim_tests(ROOT)


PAGE = """\
# A page

/// claim | Softmax sums to one
    attrs: {id: sums-to-one}

The outputs sum to one: $\\sum_k y_k = 1$.

//// checked-by | Checked by `test_sums`
```python
--8<-- "tests/test_fake.py:sums-to-one"
```
////
///
"""

TEST = """\
import pytest

# --8<-- [start:sums-to-one]
@pytest.mark.claim("sums-to-one")
def test_sums():
    assert 1 + 1 == 2
# --8<-- [end:sums-to-one]
"""


def _tree(tmp_path: Path, page: str, test: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "docs" / "page.md").write_text(page)
    (tmp_path / "tests" / "test_fake.py").write_text(test)
    return tmp_path


def test_checker_accepts_a_well_formed_claim(tmp_path: Path) -> None:
    assert claims.problems(_tree(tmp_path, PAGE, TEST)) == []


@pytest.mark.parametrize(
    ("page", "test", "expected"),
    [
        pytest.param(
            PAGE,
            TEST.replace('@pytest.mark.claim("sums-to-one")\n', ""),
            'has no test: mark one @pytest.mark.claim("sums-to-one") inside',
            id="claim-without-test",
        ),
        pytest.param(
            "# A page\n",
            TEST,
            "no page has a claim with that id: add the claim",
            id="test-shown-nowhere",
        ),
        pytest.param(
            PAGE,
            TEST.replace("[start:sums-to-one]", "[start:elsewhere]").replace(
                "[end:sums-to-one]", "[end:elsewhere]"
            ),
            "test_sums is not inside its snippet section: put `# --8<-- [start:sums-to-one]` "
            "above its decorators",
            id="test-outside-its-section",
        ),
        pytest.param(
            PAGE + '\n```python\n--8<-- "tests/test_fake.py:nowhere"\n```\n',
            TEST,
            "docs/page.md:16: section 'nowhere' missing from tests/test_fake.py: mark it there",
            id="included-section-missing",
        ),
        pytest.param(
            PAGE.replace("$\\sum_k y_k = 1$", "one"),
            TEST,
            "states no formula: write its statement with the formula in $...$",
            id="claim-without-formula",
        ),
        pytest.param(
            PAGE.replace("sums-to-one", "Sums_To_One"),
            TEST.replace("sums-to-one", "Sums_To_One"),
            "claim id 'Sums_To_One' is not kebab-case",
            id="bad-id",
        ),
        pytest.param(
            PAGE + PAGE.replace("# A page", ""), TEST, "give each claim its own id", id="dup-id"
        ),
        pytest.param(
            PAGE.replace("    attrs:", "  attrs:"),
            TEST,
            "docs/page.md:4: `attrs:` is indented 2 spaces; the renderer reads a block's options "
            "only from lines "
            "indented 4 spaces or more",
            id="attrs-indented-2",
        ),
        pytest.param(
            PAGE.replace("\n    attrs:", "\n\n    attrs:"),
            TEST,
            "docs/page.md:5: a blank line separates `attrs:` from `/// claim`",
            id="blank-line-before-attrs",
        ),
        pytest.param(
            PAGE.replace("    attrs: {id: sums-to-one}\n", ""),
            TEST,
            "the claim has no id: add `    attrs: {id: sums-to-one}` right under it",
            id="no-attrs",
        ),
        pytest.param(
            PAGE,
            TEST.replace("# --8<-- [end:sums-to-one]\n", ""),
            "`# --8<-- [start:sums-to-one]` has no matching `# --8<-- [end:sums-to-one]`: add it "
            "after",
            id="end-marker-deleted",
        ),
        pytest.param(
            PAGE,
            TEST.replace("# --8<-- [start:sums-to-one]\n", ""),
            "`# --8<-- [end:sums-to-one]` has no matching `# --8<-- [start:sums-to-one]`: add it "
            "before",
            id="start-marker-deleted",
        ),
        pytest.param(
            PAGE.replace('"tests/test_fake.py:sums-to-one"', '"tests/test_gone.py:sums-to-one"'),
            TEST,
            "included file tests/test_gone.py does not exist",
            id="included-file-missing",
        ),
        pytest.param(
            PAGE.replace('--8<-- "tests/test_fake.py:sums-to-one"', "pass"),
            TEST,
            "does not show its test: include it inside the claim",
            id="test-not-included",
        ),
    ],
)
def test_checker_reports_each_mistake_once_and_says_what_to_do(
    tmp_path: Path, page: str, test: str, expected: str
) -> None:
    found = claims.problems(_tree(tmp_path, page, test))
    # One fault, one message: a consequence of the same mistake is not reported again.
    assert len(found) == 1, found
    assert expected in found[0], found
    assert found[0].startswith(("docs/page.md:", "tests/test_fake.py:")), found


def test_report_shows_the_template_that_new_page_writes(tmp_path: Path) -> None:
    text = claims.report(claims.problems(_tree(tmp_path, PAGE.replace("$", ""), TEST)))
    assert "states no formula" in text
    assert "/// claim | The outputs of softmax add up to one" in text
    assert "    attrs: {id: my-topic-sums-to-one}" in text
    assert '@pytest.mark.claim("my-topic-sums-to-one")' in text
    assert "# --8<-- [end:my-topic-sums-to-one]" in text


HEADERS = {
    "canonical": ("/// claim | Softmax sums to one", "    attrs: {id: sums-to-one}"),
    "no-space-after-bar": ("/// claim |Softmax sums to one", "    attrs: {id: sums-to-one}"),
    "no-spaces": ("///claim|Softmax sums to one", "    attrs: {id: sums-to-one}"),
    "no-title": ("/// claim", "    attrs: {id: sums-to-one}"),
    "indented-8": ("/// claim | Softmax sums to one", "        attrs: {id: sums-to-one}"),
    "yaml-block": ("/// claim | Softmax sums to one", "    attrs:\n      id: sums-to-one"),
    "indented-2": ("/// claim | Softmax sums to one", "  attrs: {id: sums-to-one}"),
    "indented-3": ("/// claim | Softmax sums to one", "   attrs: {id: sums-to-one}"),
    "blank-line": ("/// claim | Softmax sums to one", "\n    attrs: {id: sums-to-one}"),
}


@pytest.mark.parametrize("variant", HEADERS)
def test_checker_reads_a_claim_as_the_renderer_does(tmp_path: Path, variant: str) -> None:
    header, options = HEADERS[variant]
    page = PAGE.replace(
        "/// claim | Softmax sums to one\n    attrs: {id: sums-to-one}", f"{header}\n{options}"
    )
    rendered = markdown.markdown(
        page,
        extensions=["attr_list", "pymdownx.superfences", "pymdownx.blocks.admonition"],
        extension_configs={"pymdownx.blocks.admonition": {"types": ["claim"]}},
    )
    renderer_reads_id = 'id="sums-to-one"' in rendered
    (found,) = claims.find_claims(_tree(tmp_path, page, TEST) / "docs")
    # Either both read the id, or the checker says exactly why the renderer does not.
    assert (found.fault == "") == renderer_reads_id, (found.fault, rendered)
    assert found.id == "sums-to-one"
    assert found.sentence == "The outputs sum to one: $\\sum_k y_k = 1$."


def test_the_contributors_guide_quotes_the_templates_exactly() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    claim, test = claims.template_parts()
    assert f"````markdown\n{claim}````\n" in guide
    assert f"```python\n{test}```\n" in guide


ROW = re.compile(r"^\| \[`(?P<id>[^`]+)`\]\((?P<page>[^)#]+)#(?P=id)\) \| .+ \| (?P<test>.+) \|$")


def _sections(text: str) -> list[tuple[str, list[re.Match[str]]]]:
    """The headings of :func:`claims.table`'s Markdown, each with the rows of its table."""
    found: list[tuple[str, list[re.Match[str]]]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            found.append((line[3:], []))
        elif line.startswith(("| Claim ", "|---")):
            assert line in {"| Claim | Statement | Checked by |", "|---|---|---|"}, line
        elif line.startswith("|"):
            match = ROW.match(line)
            assert match, f"a row not in the table's format: {line}"
            assert found, f"a row before the first heading: {line}"
            found[-1][1].append(match)
    return found


def test_claims_table_lists_every_claim_with_its_test(tmp_path: Path) -> None:
    text = claims.table(_tree(tmp_path, PAGE, TEST))
    assert text.startswith("**1 claims** on 1 pages, checked by 1 property tests.\n")
    ((title, (row,)),) = _sections(text)
    assert title == "A page"  # no mkdocs.yml: the page's first heading
    assert row["id"] == "sums-to-one"
    assert row["page"] == "page.md"
    assert row["test"] == "`tests/test_fake.py::test_sums`"


def _claim(claim_id: str) -> str:
    return PAGE.replace("# A page\n", "").replace("sums-to-one", claim_id)


def test_claims_table_groups_the_claims_by_page_in_the_order_of_the_nav(tmp_path: Path) -> None:
    root = _tree(tmp_path, "# Page\n", TEST)
    docs = root / "docs"
    (docs / "alpha.md").write_text("# Alpha's heading\n" + _claim("a-one") + _claim("a-two"))
    (docs / "beta.md").write_text("# Beta's heading\n" + _claim("b-one"))
    (docs / "gamma.md").write_text("Text first.\n\n# Gamma {#g}\n" + _claim("g-one"))
    (docs / "none.md").write_text(_claim("n-one"))
    (root / "mkdocs.yml").write_text(
        "site_name: x\nnav:\n  - Home: page.md\n  - Section:\n      - Beta in the nav: beta.md\n"
        "      - alpha.md\n  - Elsewhere: https://example.org/\n"
    )
    sections = _sections(claims.table(root))
    # The nav's pages first, in its order, under their nav titles (alpha.md has none: its
    # heading); then the pages it does not list, under their first heading or file name.
    assert [title for title, _ in sections] == [
        "Beta in the nav",
        "Alpha's heading",
        "Gamma",
        "none",
    ]
    assert [[(row["id"], row["page"]) for row in rows] for _, rows in sections] == [
        [("b-one", "beta.md")],
        [("a-one", "alpha.md"), ("a-two", "alpha.md")],
        [("g-one", "gamma.md")],
        [("n-one", "none.md")],
    ]


def test_the_claims_page_lists_every_claim_once_under_its_page_in_nav_order() -> None:
    sections = _sections(claims.table(ROOT))
    found = claims.find_claims(ROOT / "docs")
    tests = {test.id: test for test in claims.find_claim_tests(ROOT)}
    rows = [row for _, section in sections for row in section]
    assert sorted(row["id"] for row in rows) == sorted(claim.id for claim in found)
    for title, section in sections:
        (page,) = {row["page"] for row in section}  # one page per heading
        assert [row["id"] for row in section] == [c.id for c in found if c.page == page], title
        for row in section:
            test = tests[row["id"]]
            assert row["test"] == f"`{test.path}::{test.function}`", title
    # The order of the nav, read here from mkdocs.yml's lines.
    nav = re.findall(
        r"^ *- (?:.+: )?([\w-]+\.md)$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE
    )
    pages = [section[0]["page"] for _, section in sections]
    assert pages == [page for page in nav if page in pages]
    assert len(pages) == len({claim.page for claim in found})
