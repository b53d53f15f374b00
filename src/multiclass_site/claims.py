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

:mod:`multiclass_site.claim_blocks` reads the claim blocks as the renderer does;
:func:`problems` lists every way the two sides disagree, each once, saying what to do, and
:func:`report` adds the template ``make new-page`` writes from; ``tests/test_claims.py`` fails
on any disagreement.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from multiclass_site.claim_blocks import ID_PATTERN, Claim, block_end, find_claims
from multiclass_site.navigation import nav_pages, site_nav
from multiclass_site.snippets import INCLUDE, sections, unmatched_markers

__all__ = [
    "Claim",
    "ClaimTest",
    "find_claim_tests",
    "find_claims",
    "pages_in_order",
    "problems",
    "report",
    "table",
    "template",
    "template_parts",
]

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class ClaimTest:
    """A test function carrying ``@pytest.mark.claim(id)``."""

    id: str
    path: str
    function: str
    line: int
    sections: tuple[str, ...]


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


def _markers(root: Path, files: set[str]) -> tuple[list[str], set[tuple[str, str]]]:
    """Unmatched snippet markers in ``files``: messages, and the (file, name) pairs they spoil."""
    found: list[str] = []
    spoilt: set[tuple[str, str]] = set()
    for name in sorted(files):
        path = root / name
        if not path.is_file():
            continue
        for line, edge, section in unmatched_markers(path):
            other = "end" if edge == "start" else "start"
            where = "after" if edge == "start" else "before"
            found.append(
                f"{name}:{line}: `# --8<-- [{edge}:{section}]` has no matching "
                f"`# --8<-- [{other}:{section}]`: add it {where} the code the section holds"
            )
            spoilt.add((name, section))
    return found, spoilt


def _page_includes(
    root: Path, docs_dir: str, spoilt: set[tuple[str, str]]
) -> tuple[list[str], set[str]]:
    """Includes on the pages (in claims or not) whose file or section does not exist.

    Returns the messages and every file included (checked for unmatched markers by the caller).
    """
    found: list[str] = []
    files: set[str] = set()
    for page in sorted((root / docs_dir).rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            match = INCLUDE.match(line)
            if not match:
                continue
            where = f"{page.relative_to(root).as_posix()}:{number}"
            file, section = root / match["path"], match["section"]
            if not file.is_file():
                found.append(f"{where}: included file {match['path']} does not exist")
                continue
            files.add(match["path"])
            if section is None or (match["path"], section) in spoilt:
                continue
            if section not in sections(file):
                found.append(
                    f"{where}: section {section!r} missing from {match['path']}: mark it there "
                    f"with `# --8<-- [start:{section}]` and `# --8<-- [end:{section}]`"
                )
    return found, files


def problems(root: Path, docs_dir: str = "docs", tests_dir: str = "tests") -> list[str]:
    """Every disagreement between the claims on the pages and the claim tests, each once.

    Checked: each claim has options the renderer reads, a kebab-case id used once on the site, a
    sentence with a formula, and includes the section of that id from a test file; that section
    exists and wraps a test marked with the same id; every marked test sits in the section of
    its own id and is shown on some page; every snippet section included anywhere on the pages
    exists, and every start and end marker in the test files and the included files has its
    partner. Each message says what to do; :func:`report` adds the template.
    """
    found: list[str] = []
    claims = find_claims(root / docs_dir)
    tests = find_claim_tests(root, tests_dir)
    test_files = {p.relative_to(root).as_posix() for p in (root / tests_dir).rglob("*.py")}
    included = {path for claim in claims for path, _ in claim.includes}
    marker_faults, spoilt = _markers(root, test_files | included)
    by_id: dict[str, list[ClaimTest]] = {}
    for test in tests:
        by_id.setdefault(test.id, []).append(test)
    seen: dict[str, Claim] = {}
    for claim in claims:
        where = f"{docs_dir}/{claim.page}:{claim.line}"
        if claim.fault:
            found.append(f"{docs_dir}/{claim.page}:{claim.fault_line}: {claim.fault}")
        if not re.fullmatch(ID_PATTERN, claim.id):
            continue
        if claim.id in seen:
            other = seen[claim.id]
            found.append(
                f"{where}: claim id {claim.id!r} is also used on {docs_dir}/{other.page}:"
                f"{other.line}: give each claim its own id"
            )
            continue
        seen[claim.id] = claim
        if "$" not in claim.sentence:
            found.append(
                f"{where}: claim {claim.id!r} states no formula: write its statement with the "
                "formula in $...$"
            )
        shown = [path for path, section in claim.includes if section == claim.id]
        marked = by_id.get(claim.id, [])
        if not shown:
            found.append(
                f"{where}: claim {claim.id!r} does not show its test: include it inside the claim "
                f'with a `--8<-- "{tests_dir}/test_FILE.py:{claim.id}"` line'
            )
        if not marked:
            found.append(
                f"{where}: claim {claim.id!r} has no test: mark one "
                f'@pytest.mark.claim("{claim.id}") inside `# --8<-- [start:{claim.id}]` ... '
                f"`# --8<-- [end:{claim.id}]` in a {tests_dir}/ file"
            )
        for path in shown:
            if marked and not any(test.path == path for test in marked) and path in test_files:
                found.append(
                    f"{where}: claim {claim.id!r} shows {path}, but its test is in "
                    f"{marked[0].path}: include that file"
                )
    for test in tests:
        where = f"{test.path}:{test.line}"
        if test.id not in seen and not any(c.id == test.id for c in claims):
            found.append(
                f"{where}: {test.function} is marked claim({test.id!r}) but no page has a claim "
                f"with that id: add the claim to a page, or remove the mark"
            )
        if test.id not in test.sections and (test.path, test.id) not in spoilt:
            spoilt.add((test.path, test.id))  # the include of that section: the same fault
            found.append(
                f"{where}: {test.function} is not inside its snippet section: put "
                f"`# --8<-- [start:{test.id}]` above its decorators and "
                f"`# --8<-- [end:{test.id}]` after it"
            )
    include_faults, _ = _page_includes(root, docs_dir, spoilt)
    found.extend(marker_faults)
    found.extend(include_faults)
    return list(dict.fromkeys(found))


def template_parts() -> tuple[str, str]:
    """The claim block of the page template, and the section of the test template that it shows.

    These are the templates ``make new-page`` writes pages from; CONTRIBUTING.md quotes them.
    """
    page = (TEMPLATES / "page.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(page) if line.startswith("/// claim"))
    claim = page[start : block_end(page, start, "///") + 1]
    test = (TEMPLATES / "test_page.py.txt").read_text(encoding="utf-8").splitlines()
    section = next(i for i, line in enumerate(test) if "[start:" in line)
    return "\n".join(claim) + "\n", "\n".join(test[section:]) + "\n"


def template() -> str:
    """A claim block and its test, as :func:`report` shows them."""
    claim, test = template_parts()
    return (
        f"On the page (docs/my-topic.md):\n\n{claim}\n"
        f"In its test file (tests/test_my_topic.py):\n\n{test}"
    )


def report(found: list[str]) -> str:
    """The checker's faults, one a line, then the template of a claim and its test."""
    return (
        "claims and tests disagree:\n"
        + "\n".join(found)
        + "\n\nA claim and its test, as the checker expects them (make new-page writes both):\n\n"
        + template()
    )


def _first_heading(path: Path) -> str:
    """The text of the page's first ``# `` heading, without an attribute list; "" if none."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^{}]*\}\s*$", "", line[2:]).strip()
    return ""


def pages_in_order(root: Path, pages: list[str], docs_dir: str = "docs") -> dict[str, str]:
    """The ``pages`` (relative to ``docs_dir``) in the order of ``mkdocs.yml``'s nav, with titles.

    A page's title is its title in the nav, else its first ``# `` heading, else its file name.
    Pages the nav does not list (or all, without a ``mkdocs.yml``) follow in the order given.
    """
    nav: dict[str, str] = {}
    for page, title in nav_pages(site_nav(root)):
        nav.setdefault(page, title)
    position = {page: index for index, page in enumerate(nav)}
    ordered = sorted(dict.fromkeys(pages), key=lambda page: position.get(page, len(position)))
    return {
        page: nav.get(page) or _first_heading(root / docs_dir / page) or page.removesuffix(".md")
        for page in ordered
    }


def table(root: Path, docs_dir: str = "docs", tests_dir: str = "tests") -> str:
    """Every claim as Markdown: a count, then for each page a heading and a table of its claims.

    The pages come in the order of the site's navigation, each under its title (see
    :func:`pages_in_order`). A row links the claim's id to the claim on its page, and gives its
    sentence and the test that checks it. One table per page, not one for the site: a browser
    skips laying out the tables far from the window (``content-visibility`` in ``extra.css``),
    so a phone shows the top of the page without laying out every row first.
    """
    claims = find_claims(root / docs_dir)
    tests = {test.id: test for test in find_claim_tests(root, tests_dir)}
    by_page: dict[str, list[Claim]] = {}
    for claim in claims:
        by_page.setdefault(claim.page, []).append(claim)
    count = f"**{len(claims)} claims** on {len(by_page)} pages, "
    count += f"checked by {len(tests)} property tests."
    parts = [count]
    for page, title in pages_in_order(root, list(by_page), docs_dir).items():
        rows = ["| Claim | Statement | Checked by |", "|---|---|---|"]
        for claim in by_page[page]:
            test = tests.get(claim.id)
            checked = f"`{test.path}::{test.function}`" if test else "**no test**"
            sentence = claim.sentence.replace("|", r"\|")
            rows.append(f"| [`{claim.id}`]({page}#{claim.id}) | {sentence} | {checked} |")
        parts += [f"## {title}", "\n".join(rows)]
    return "\n\n".join(parts) + "\n"
