"""`make quick`: the checks one page, one module or the uncommitted changes affect."""

from __future__ import annotations

import subprocess
from pathlib import Path

from multiclass_site import affected, claims

ROOT = Path(__file__).resolve().parents[1]


def test_a_page_brings_its_blocks_its_claim_tests_and_the_claim_check() -> None:
    found = affected.plan(ROOT, ["docs/softmax.md"])
    assert found.pages == [ROOT / "docs" / "softmax.md"]
    assert "tests/test_docs_examples.py::test_page_blocks_run[docs/softmax.md]" in found.tests
    assert affected.CLAIM_CHECK in found.tests
    assert affected.EXERCISE_CHECK in found.tests
    assert f"{affected.EXERCISE_COUNT}[softmax.md]" in found.tests
    on_page = {c.id for c in claims.find_claims(ROOT / "docs") if c.page == "softmax.md"}
    tests = {t.id: f"{t.path}::{t.function}" for t in claims.find_claim_tests(ROOT)}
    assert on_page
    assert {tests[claim_id] for claim_id in on_page} <= set(found.tests)
    others = set(tests.values()) - {tests[claim_id] for claim_id in on_page}
    assert not others & set(found.tests)


def test_modules_tests_and_config_map_to_their_tests() -> None:
    found = affected.plan(
        ROOT,
        [
            "src/multiclass/softmax.py",
            "src/multiclass_site/blocks.py",
            "src/multiclass_site/templates/page.md",
            "tests/test_sigmoid.py",
            "mkdocs.yml",
            "tests/strategies.py",
            "README.md",
        ],
    )
    assert found.tests == [
        "tests/test_softmax.py",
        "src/multiclass/softmax.py",
        "tests/test_docs_examples.py",
        "tests/test_build.py",
        "tests/test_scaffold.py",
        "tests/test_sigmoid.py",
    ]
    assert found.notes == [
        "tests/strategies.py is shared by many tests: `make pytest` runs them all",
        "README.md: no quick check; `make test` checks everything",
    ]


def test_changed_files_are_the_uncommitted_ones(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "kept.md").write_text("a\n")
    (tmp_path / "gone.md").write_text("a\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    (tmp_path / "kept.md").write_text("b\n")
    (tmp_path / "new.md").write_text("c\n")
    (tmp_path / "gone.md").unlink()
    assert sorted(affected.changed_files(tmp_path)) == ["kept.md", "new.md"]
