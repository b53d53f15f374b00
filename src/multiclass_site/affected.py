"""The checks a change affects, for ``make quick``: a page's, a module's, or those of your edits.

* a page ``docs/X.md``: ruff on its executed blocks, its blocks under pytest, the tests of its
  claims, the claim checker and the exercise checker (with the page's count of exercises, for
  an answer page);
* a library module ``src/multiclass/X.py``: ``tests/test_X.py`` and the module's doctests;
* a module of the site's build ``src/multiclass_site/X.py``: its tests;
* a test file: itself; ``mkdocs.yml``: the build checks.

With no paths, the files changed since the last commit (``git status``) are used.
Usage: ``python -m multiclass_site.affected [--run] [PATH ...]``; without ``--run`` it prints
the pytest arguments it would use.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from multiclass_site import blocklint, claims, exercises
from multiclass_site.blocks import find_blocks
from multiclass_site.snippets import INCLUDE

__all__ = ["Plan", "changed_files", "main", "plan"]

#: Build modules whose tests are not named after them.
SITE_TESTS = {
    "blocks": ["test_docs_examples.py", "test_build.py"],
    "claim_blocks": ["test_claims.py"],
    "exercise_blocks": ["test_exercises.py"],
    "exec_extension": ["test_build.py"],
    "snippets": ["test_claims.py", "test_docs_examples.py"],
    "templates": ["test_scaffold.py"],
}
CLAIM_CHECK = "tests/test_claims.py::test_every_claim_has_its_test_and_every_claim_test_is_shown"
EXERCISE_CHECK = "tests/test_exercises.py::test_every_exercise_on_the_site_follows_the_format"
EXERCISE_COUNT = "tests/test_exercises.py::test_every_answer_page_has_four_exercises_of_three_kinds"


class Plan:
    """What to run: pytest arguments, pages for ruff on their blocks, and notes for the reader."""

    def __init__(self) -> None:
        self.tests: list[str] = []
        self.pages: list[Path] = []
        self.notes: list[str] = []

    def test(self, *items: str) -> None:
        """Add pytest arguments, each once."""
        self.tests.extend(item for item in items if item not in self.tests)


def changed_files(root: Path) -> list[str]:
    """Files changed since the last commit, staged or not, and new files (not ignored ones)."""
    out = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    paths = [line[3:].split(" -> ")[-1].strip('"') for line in out.splitlines()]
    return [path for path in paths if (root / path).is_file()]


def _page(root: Path, page: str, found: Plan) -> None:
    path = root / page
    found.pages.append(path)
    if find_blocks(path, root):
        found.test(f"tests/test_docs_examples.py::test_page_blocks_run[{page}]")
    found.test(f"tests/test_docs_examples.py::test_headings_hold_no_maths[{page}]", CLAIM_CHECK)
    found.test(EXERCISE_CHECK)
    if page.removeprefix("docs/") in exercises.answer_pages(root):
        found.test(f"{EXERCISE_COUNT}[{page.removeprefix('docs/')}]")
    shown = {
        (m["path"], m["section"])
        for m in map(INCLUDE.match, path.read_text(encoding="utf-8").splitlines())
        if m is not None
    }
    for test in claims.find_claim_tests(root):
        if (test.path, test.id) in shown:
            found.test(f"{test.path}::{test.function}")


def plan(root: Path, paths: list[str]) -> Plan:
    """The checks affected by ``paths`` (relative to ``root``)."""
    found = Plan()
    for path in paths:
        parts = Path(path).parts
        name = Path(path).stem
        if path.startswith("docs/") and path.endswith(".md"):
            _page(root, path, found)
        elif parts[:2] == ("src", "multiclass") and path.endswith(".py"):
            mirror = f"tests/test_{name}.py"
            found.test(*(p for p in (mirror, path) if (root / p).is_file()))
        elif parts[:2] == ("src", "multiclass_site"):
            key = parts[2] if len(parts) > 3 else name
            tests = SITE_TESTS.get(key, [f"test_{name}.py"])
            found.test(*(f"tests/{t}" for t in tests if (root / "tests" / t).is_file()))
        elif parts[0] == "tests" and name.startswith("test_") and path.endswith(".py"):
            found.test(path)
        elif path == "mkdocs.yml":
            found.test("tests/test_build.py")
        elif parts[0] == "tests":
            found.notes.append(f"{path} is shared by many tests: `make pytest` runs them all")
        else:
            found.notes.append(f"{path}: no quick check; `make test` checks everything")
    return found


def main(argv: list[str] | None = None) -> int:
    """Command line: print the plan, or with ``--run`` run it (ruff on blocks, then pytest)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="pages, modules or test files (default: changes)")
    parser.add_argument("--run", action="store_true", help="run the checks, not only list them")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    paths = [Path(p).resolve().relative_to(root).as_posix() for p in args.paths]
    if not paths:
        paths = changed_files(root)
        print(f"make quick: the files changed since the last commit: {' '.join(paths) or 'none'}")
    found = plan(root, paths)
    for note in found.notes:
        print(f"make quick: {note}")
    if not args.run:
        print(" ".join(found.tests))
        return 0
    status = 0
    if found.pages:
        status = blocklint.main([*(str(p) for p in found.pages), "--root", str(root)])
    if not found.tests:
        print("make quick: no tests to run (name PAGE=docs/X.md or MODULE=X)")
        return status
    import pytest  # noqa: PLC0415 - only when running: the plan itself needs no pytest

    print("pytest", " ".join(found.tests))
    return status or int(pytest.main(found.tests))


if __name__ == "__main__":
    raise SystemExit(main())
