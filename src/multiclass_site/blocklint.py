"""Ruff on the pages' executed blocks, each finding reported at its page line.

The blocks of one session on one page run as one module, so they are checked as one: joined in
page order and given to ``ruff check`` on its standard input under the name
``docs/PAGE.md.SESSION.py``, with the rules :data:`RULES`. Every finding is mapped back to the
page line (or the included file's line) it comes from.
Usage: ``python -m multiclass_site.blocklint [PAGE.md ...]`` (all pages by default).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from multiclass_site.blocks import Block, find_blocks

__all__ = ["IGNORED", "RULES", "Finding", "lint", "main"]

#: What a page's example is checked for: mistakes (pyflakes: unused imports and variables,
#: undefined names; pycodestyle's statement errors; bugbear's likely bugs), not the library's
#: style. An example may print Greek letters and assert several facts in one line.
RULES = ("F", "E4", "E7", "E9", "B")
#: E402: a session's later blocks import what they first use there. B905, zip() without
#: strict=: an example zips sequences of one length.
IGNORED = ("E402", "B905")


@dataclass(frozen=True)
class Finding:
    """One ruff finding at the place a contributor edits: the page line or the included line."""

    path: str
    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


def _groups(blocks: list[Block]) -> list[list[Block]]:
    """Blocks that run as one module: a session's, in order; a block without session alone."""
    sessions: dict[str, list[Block]] = {}
    groups: list[list[Block]] = []
    for block in blocks:
        if block.session is None:
            groups.append([block])
        elif block.session in sessions:
            sessions[block.session].append(block)
        else:
            sessions[block.session] = [block]
            groups.append(sessions[block.session])
    return groups


def _origins(block: Block) -> list[tuple[str, int, int]]:
    """For each source line: the file, line and column shift a finding there is reported at."""
    return [
        (origin[0], origin[1], 0) if origin else (block.page, line, block.indent)
        for origin, line in zip(block.included, block.lines, strict=True)
    ]


def _ruff(source: str, name: str, root: Path) -> list[dict[str, object]]:
    """Ruff's findings for ``source``, checked as the file ``name`` of the project at ``root``."""
    command = [sys.executable, "-m", "ruff", "check", "--output-format=json", "--exit-zero"]
    command += [f"--select={','.join(RULES)}", f"--ignore={','.join(IGNORED)}"]
    result = subprocess.run(
        [*command, "--stdin-filename", name, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def lint(root: Path, pages: list[Path] | None = None) -> list[Finding]:
    """Ruff's findings in the executed blocks of ``pages`` (every page under docs/ by default)."""
    findings: list[Finding] = []
    for page in pages if pages is not None else sorted((root / "docs").rglob("*.md")):
        for group in _groups(find_blocks(page.resolve(), root)):
            first = group[0]
            name = f"{first.page}.{first.session or first.line}.py"
            origins = [origin for block in group for origin in _origins(block)]
            source = "".join(block.source for block in group)
            for item in _ruff(source, name, root):
                location = item["location"]
                assert isinstance(location, dict)
                row, column = int(location["row"]), int(location["column"])
                path, line, shift = origins[min(row, len(origins)) - 1]
                findings.append(
                    Finding(path, line, column + shift, str(item["code"]), str(item["message"]))
                )
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.code))


def main(argv: list[str] | None = None) -> int:
    """Command line: print the findings; exit 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages (default: all under docs/)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    findings = lint(root, args.pages or None)
    for finding in findings:
        print(finding)
    if findings:
        print(
            f"ruff found {len(findings)} problem(s) in the pages' executed blocks: fix them on the "
            f"page at the lines above (rules {', '.join(RULES)}; `ruff rule CODE` explains one)."
        )
        return 1
    names = [p.resolve().relative_to(root).as_posix() for p in args.pages]
    what = ", ".join(names) or "every page"
    print(f"ruff: the executed blocks of {what} are clean.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
