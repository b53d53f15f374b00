"""The part of pymdownx.snippets the site uses: include lines and named sections of a file.

A page includes a file, or one section of it, with a line ``--8<-- "path"`` or
``--8<-- "path:name"``; the file marks the section with ``# --8<-- [start:name]`` and
``# --8<-- [end:name]`` lines, which the include leaves out.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["INCLUDE", "SECTION", "expand", "expand_with_lines", "sections", "unmatched_markers"]

INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[^"]+))?"\s*$')
SECTION = re.compile(r"^\s*# --8<-- \[(?P<edge>start|end):(?P<name>[^\]]+)\]\s*$")


def _scan(path: Path) -> tuple[dict[str, tuple[int, int]], list[tuple[int, str, str]]]:
    """Matched sections (name -> (start, end), 1-based) and unmatched markers (line, edge, name)."""
    found: dict[str, tuple[int, int]] = {}
    open_at: dict[str, int] = {}
    stray: list[tuple[int, str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = SECTION.match(line)
        if not match:
            continue
        name = match["name"]
        if match["edge"] == "start":
            if name in open_at:
                stray.append((open_at[name], "start", name))
            open_at[name] = number
        elif name in open_at:
            found[name] = (open_at.pop(name), number)
        else:
            stray.append((number, "end", name))
    stray.extend((number, "start", name) for name, number in open_at.items())
    return found, sorted(stray)


def sections(path: Path) -> dict[str, tuple[int, int]]:
    """Snippet sections of a file: name -> (start line, end line), 1-based, markers included."""
    return _scan(path)[0]


def unmatched_markers(path: Path) -> list[tuple[int, str, str]]:
    """Markers without their partner, as (line, "start" or "end", name), in line order."""
    return _scan(path)[1]


def expand_with_lines(line: str, root: Path) -> list[tuple[str, str | None, int]]:
    """The lines an include line stands for, each with the file and 1-based line it comes from.

    A line that includes nothing stands for itself, with no file (``None``) and line 0.

    Raises:
        KeyError: if the named section is not in the file.
    """
    match = INCLUDE.match(line)
    if not match:
        return [(line, None, 0)]
    path = root / match["path"]
    numbered = list(enumerate(path.read_text(encoding="utf-8").splitlines(), start=1))
    if match["section"] is not None:
        start, end = sections(path)[match["section"]]
        numbered = numbered[start : end - 1]
    return [(text, match["path"], number) for number, text in numbered if not SECTION.match(text)]


def expand(line: str, root: Path) -> list[str]:
    """The lines an include line stands for (the line itself when it includes nothing).

    Raises:
        KeyError: if the named section is not in the file.
    """
    return [text for text, _, _ in expand_with_lines(line, root)]
