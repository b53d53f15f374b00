r"""Claims: a sentence on a page, the property test that checks it, and that test's source.

A claim on a page is written as a ``claim`` block with a kebab-case id, a sentence and a
formula, with the test's own source included right under it from the test file::

    /// claim | Softmax outputs a probability vector
        attrs: {id: softmax-is-a-distribution}

    For every $z \in \mathbb{R}^K$, $0 \le y_k \le 1$ and $\sum_k y_k = 1$.

    //// checked-by | Checked by `test_softmax_is_a_distribution`
    ```python
    --8<-- "tests/test_softmax.py:softmax-is-a-distribution"
    ```
    ////
    ///

In the test file the same id marks the test and names the snippet section around it::

    # --8<-- [start:softmax-is-a-distribution]
    @pytest.mark.claim("softmax-is-a-distribution")
    @given(...)
    def test_softmax_is_a_distribution(z): ...
    # --8<-- [end:softmax-is-a-distribution]

:func:`problems` lists every way the two sides disagree; ``tests/test_claims.py`` fails on any.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from multiclass_site.snippets import INCLUDE, sections

__all__ = [
    "Claim",
    "ClaimTest",
    "find_claim_tests",
    "find_claims",
    "problems",
    "table",
]

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_CLAIM_START = re.compile(r"^/// claim \| (?P<title>.+?)\s*$")
_CLAIM_ID = re.compile(r"^    attrs: \{\s*id: (?P<id>[^\s}]+)\s*\}\s*$")


@dataclass(frozen=True)
class Claim:
    """A claim block on a page."""

    id: str
    title: str
    sentence: str
    page: str
    line: int
    includes: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class ClaimTest:
    """A test function carrying ``@pytest.mark.claim(id)``."""

    id: str
    path: str
    function: str
    line: int
    sections: tuple[str, ...]


def _block_end(lines: list[str], start: int) -> int:
    """Index of the ``///`` line closing the block opened at ``start`` (or len(lines))."""
    for index in range(start + 1, len(lines)):
        if lines[index].rstrip() == "///":
            return index
    return len(lines)


def find_claims(docs_dir: Path) -> list[Claim]:
    """Every claim block under ``docs_dir``, in page and line order."""
    claims: list[Claim] = []
    for page in sorted(docs_dir.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            match = _CLAIM_START.match(line)
            if not match:
                continue
            end = _block_end(lines, index)
            body = lines[index + 1 : end]
            id_match = _CLAIM_ID.match(body[0]) if body else None
            includes = tuple(
                (m["path"], m["section"]) for m in map(INCLUDE.match, body) if m is not None
            )
            prose = [
                text
                for text in body[1:]
                if text.strip()
                and not text.startswith(("////", "```", "--8<--"))
                and not INCLUDE.match(text)
            ]
            claims.append(
                Claim(
                    id=id_match["id"] if id_match else "",
                    title=match["title"],
                    sentence=" ".join(t.strip() for t in prose),
                    page=page.relative_to(docs_dir).as_posix(),
                    line=index + 1,
                    includes=includes,
                )
            )
    return claims


def _claim_mark(decorator: ast.expr) -> str | None:
    """The id of a ``pytest.mark.claim("id")`` decorator, else None."""
    if not isinstance(decorator, ast.Call) or not decorator.args:
        return None
    func = decorator.func
    if not (isinstance(func, ast.Attribute) and func.attr == "claim"):
        return None
    arg = decorator.args[0]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""


def find_claim_tests(root: Path, tests_dir: str = "tests") -> list[ClaimTest]:
    """Every test function under ``root/tests_dir`` marked with ``pytest.mark.claim``."""
    found: list[ClaimTest] = []
    for path in sorted((root / tests_dir).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        spans = sections(path)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                claim_id = _claim_mark(decorator)
                if claim_id is None:
                    continue
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                last = node.end_lineno or node.lineno
                inside = tuple(
                    name for name, (start, end) in spans.items() if start < first and last < end
                )
                found.append(
                    ClaimTest(
                        id=claim_id,
                        path=path.relative_to(root).as_posix(),
                        function=node.name,
                        line=node.lineno,
                        sections=inside,
                    )
                )
    return found


def problems(root: Path, docs_dir: str = "docs", tests_dir: str = "tests") -> list[str]:
    """Every disagreement between the claims on the pages and the claim tests.

    Checked: each claim has a kebab-case id used once on the site, a sentence with a formula,
    and includes the section of that id from a test file; that section exists and wraps a test
    marked with the same id; every marked test sits in the section of its own id and is shown on
    some page; every snippet section included anywhere on the pages exists.
    """
    found: list[str] = []
    claims = find_claims(root / docs_dir)
    tests = find_claim_tests(root, tests_dir)
    by_id: dict[str, list[ClaimTest]] = {}
    for test in tests:
        by_id.setdefault(test.id, []).append(test)
    seen: dict[str, Claim] = {}
    for claim in claims:
        where = f"{docs_dir}/{claim.page}:{claim.line}"
        if not re.fullmatch(ID_PATTERN, claim.id):
            found.append(f"{where}: claim needs 'attrs: {{id: kebab-case-id}}'; got {claim.id!r}")
            continue
        if claim.id in seen:
            other = seen[claim.id]
            found.append(f"{where}: claim id {claim.id!r} is also used on {other.page}")
        seen[claim.id] = claim
        if "$" not in claim.sentence:
            found.append(f"{where}: claim {claim.id!r} states no formula ($...$)")
        shown = [(path, section) for path, section in claim.includes if section == claim.id]
        if not shown:
            found.append(
                f"{where}: claim {claim.id!r} does not include its test "
                f'(--8<-- "{tests_dir}/<file>.py:{claim.id}")'
            )
        marked = by_id.get(claim.id, [])
        if not marked:
            found.append(f"{where}: claim {claim.id!r} has no test marked claim({claim.id!r})")
        for path, _ in shown:
            if not any(test.path == path for test in marked):
                found.append(
                    f"{where}: claim {claim.id!r} shows {path}, "
                    f"which has no test marked claim({claim.id!r})"
                )
    for test in tests:
        where = f"{test.path}:{test.line}"
        if test.id not in seen:
            found.append(
                f"{where}: {test.function} is marked claim({test.id!r}) but no page shows it"
            )
        if test.id not in test.sections:
            found.append(
                f"{where}: {test.function} is not inside the snippet section [start:{test.id}]"
            )
    for claim in claims:
        for path, section in claim.includes:
            file = root / path
            if not file.is_file():
                found.append(f"{docs_dir}/{claim.page}: included file {path} does not exist")
            elif section is not None and section not in sections(file):
                found.append(f"{docs_dir}/{claim.page}: section {section!r} missing from {path}")
    found.extend(_page_includes(root, docs_dir))
    return found


def _page_includes(root: Path, docs_dir: str) -> list[str]:
    """Included sections anywhere on the pages (not only in claims) that do not exist."""
    found: list[str] = []
    for page in sorted((root / docs_dir).rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            match = INCLUDE.match(line)
            if not match or match["section"] is None:
                continue
            file = root / match["path"]
            if file.is_file() and match["section"] not in sections(file):
                found.append(
                    f"{page.relative_to(root).as_posix()}:{number}: "
                    f"section {match['section']!r} missing from {match['path']}"
                )
    return found


def table(root: Path, docs_dir: str = "docs", tests_dir: str = "tests") -> str:
    """A Markdown table of every claim: id (linked), sentence, page, checking test; with a count."""
    claims = find_claims(root / docs_dir)
    tests = {test.id: test for test in find_claim_tests(root, tests_dir)}
    rows = [
        "| Claim | Statement | Page | Checked by |",
        "|---|---|---|---|",
    ]
    for claim in claims:
        test = tests.get(claim.id)
        checked = f"`{test.path}::{test.function}`" if test else "**no test**"
        page_link = f"[{claim.page.removesuffix('.md')}]({claim.page})"
        claim_link = f"[`{claim.id}`]({claim.page}#{claim.id})"
        sentence = claim.sentence.replace("|", r"\|")
        rows.append(f"| {claim_link} | {sentence} | {page_link} | {checked} |")
    count = f"**{len(claims)} claims** on {len({c.page for c in claims})} pages, "
    count += f"checked by {len(tests)} property tests."
    return count + "\n\n" + "\n".join(rows) + "\n"
