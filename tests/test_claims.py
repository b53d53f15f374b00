"""The claim mechanism: every claim on a page has its test, and every claim test is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from multiclass_site import claims

ROOT = Path(__file__).resolve().parents[1]


def test_every_claim_has_its_test_and_every_claim_test_is_shown() -> None:
    found = claims.problems(ROOT)
    assert not found, "claims and tests disagree:\n" + "\n".join(found)


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
            TEST.replace('claim("sums-to-one")', 'claim("other")'),
            "has no test marked",
            id="claim-without-test",
        ),
        pytest.param(
            PAGE.replace("sums-to-one", "sums-to-1").replace(
                "tests/test_fake.py:sums-to-1", "tests/test_fake.py:sums-to-one"
            ),
            TEST,
            "no page shows it",
            id="test-shown-nowhere",
        ),
        pytest.param(
            PAGE,
            TEST.replace("[start:sums-to-one]", "[start:elsewhere]"),
            "section 'sums-to-one' missing",
            id="section-missing",
        ),
        pytest.param(
            PAGE.replace("$\\sum_k y_k = 1$", "one"),
            TEST,
            "states no formula",
            id="claim-without-formula",
        ),
        pytest.param(
            PAGE.replace("attrs: {id: sums-to-one}", "attrs: {id: Sums_To_One}"),
            TEST,
            "kebab-case",
            id="bad-id",
        ),
        pytest.param(PAGE + PAGE.replace("# A page", ""), TEST, "also used", id="duplicate-id"),
    ],
)
def test_checker_reports_each_kind_of_disagreement(
    tmp_path: Path, page: str, test: str, expected: str
) -> None:
    found = claims.problems(_tree(tmp_path, page, test))
    assert any(expected in line for line in found), found


def test_claims_table_lists_every_claim_with_its_test(tmp_path: Path) -> None:
    text = claims.table(_tree(tmp_path, PAGE, TEST))
    assert "**1 claims**" in text
    assert "[`sums-to-one`](page.md#sums-to-one)" in text
    assert "`tests/test_fake.py::test_sums`" in text
