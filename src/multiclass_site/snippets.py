"""The part of pymdownx.snippets the site uses: include lines and named sections of a file.

A page includes a file, or one section of it, with a line ``--8<-- "path"`` or
``--8<-- "path:name"``; the file marks the section with ``# --8<-- [start:name]`` and
``# --8<-- [end:name]`` lines, which the include leaves out.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["INCLUDE", "SECTION", "expand", "sections"]

INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[^"]+))?"\s*$')
SECTION = re.compile(r"^\s*# --8<-- \[(?P<edge>start|end):(?P<name>[^\]]+)\]\s*$")


def sections(path: Path) -> dict[str, tuple[int, int]]:
    """Snippet sections of a file: name -> (start line, end line), 1-based, markers included."""
    found: dict[str, tuple[int, int]] = {}
    open_at: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = SECTION.match(line)
        if not match:
            continue
        if match["edge"] == "start":
            open_at[match["name"]] = number
        elif match["name"] in open_at:
            found[match["name"]] = (open_at.pop(match["name"]), number)
    return found


def expand(line: str, root: Path) -> list[str]:
    """The lines an include line stands for (the line itself when it includes nothing).

    Raises:
        KeyError: if the named section is not in the file.
    """
    match = INCLUDE.match(line)
    if not match:
        return [line]
    path = root / match["path"]
    lines = path.read_text(encoding="utf-8").splitlines()
    if match["section"] is not None:
        start, end = sections(path)[match["section"]]
        lines = lines[start : end - 1]
    return [text for text in lines if not SECTION.match(text)]
