"""`make new-page`: the page, its test and its nav entry pass every check as written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from multiclass_site import blocklint, claims, exercises, scaffold
from multiclass_site.blocks import run_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the parts of the repository a new page touches."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("assets"))
    caches = shutil.ignore_patterns("__pycache__")
    for folder in ("tests", "benchmarks"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=caches)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_new_page_passes_the_checks_as_written(repo: Path) -> None:
    written = scaffold.scaffold("softmax-temperature", repo)
    page, test, config = (path.relative_to(repo).as_posix() for path in written)
    assert (page, test, config) == (
        "docs/softmax-temperature.md",
        "tests/test_softmax_temperature.py",
        "mkdocs.yml",
    )
    text = (repo / page).read_text()
    assert text.startswith("# Softmax temperature\n")
    assert "attrs: {id: softmax-temperature-sums-to-one}" in text
    nav = yaml_load((repo / "mkdocs.yml").read_text())["nav"]
    answers = next(item["The answers"] for item in nav if "The answers" in item)
    assert answers[-1] == {"Softmax temperature": "softmax-temperature.md"}
    assert claims.problems(repo) == []
    assert exercises.problems(repo) == []
    assert exercises.coverage(repo, "softmax-temperature.md") == []
    assert blocklint.lint(repo, [repo / page]) == []
    assert len(run_page(repo / page, repo)) == 5
    # The new test file under the project's pytest settings (strict markers, warnings as errors).
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Softmax_Temperature", "NAME must be kebab-case"),
        ("", "NAME must be kebab-case"),
        ("softmax", "docs/softmax.md exists already; choose another NAME"),
    ],
)
def test_new_page_refuses_a_bad_or_taken_name(repo: Path, name: str, expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        scaffold.scaffold(name, repo)
    assert not (repo / "docs" / f"{name}.md").exists() or name == "softmax"


def test_new_page_says_what_to_do(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scaffold.main(["Bad Name", "--root", str(repo)]) == 2
    assert "Usage: make new-page NAME=my-topic" in capsys.readouterr().err
    assert scaffold.main(["my-topic", "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "wrote docs/my-topic.md\nwrote tests/test_my_topic.py\nwrote mkdocs.yml\n" in out
    assert "make quick PAGE=docs/my-topic.md" in out


def test_nav_entry_goes_last_in_its_section_or_last_in_the_nav() -> None:
    config = "site_name: x\nnav:\n  - Home: index.md\n  - The answers:\n      - A: a.md\n  - Ref:\n      - B: b.md\n\nplugins: []\n"
    assert scaffold.add_to_nav(config, "New", "new.md") == config.replace(
        "      - A: a.md\n", "      - A: a.md\n      - New: new.md\n"
    )
    assert scaffold.add_to_nav(config, "New", "new.md", section="Elsewhere") == config.replace(
        "      - B: b.md\n", "      - B: b.md\n      - New: new.md\n"
    )
    with pytest.raises(ValueError, match="no top-level 'nav:'"):
        scaffold.add_to_nav("site_name: x\n", "New", "new.md")
