"""The claim mechanism: every claim on a page has its test, and every claim test is shown.

The checker reads a claim as the renderer does, and each mistake a contributor can make is made
here in a temporary copy and must give one message that says what to do.
"""

from __future__ import annotations

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


def test_claims_table_lists_every_claim_with_its_test(tmp_path: Path) -> None:
    text = claims.table(_tree(tmp_path, PAGE, TEST))
    assert "**1 claims**" in text
    assert "[`sums-to-one`](page.md#sums-to-one)" in text
    assert "`tests/test_fake.py::test_sums`" in text
