"""The executed code blocks of the pages, found and run the way markdown-exec runs them.

``mkdocs build --strict`` runs every block, but a renderer that does not fail on a broken block
(Zensical, for one) would let it through; ``tests/test_docs_examples.py`` runs them again under
pytest with :func:`run_page`.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Block", "find_blocks", "run_page"]

_FENCE = re.compile(
    r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>python|py|pycon)\b(?P<opts>.*)$"
)
_OPTION = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')
_INCLUDE = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[^"]+))?"\s*$')
_SECTION = re.compile(r"^\s*# --8<-- \[(?:start|end):[^\]]+\]\s*$")


@dataclass(frozen=True)
class Block:
    """One executed fence: where it is, its markdown-exec session, and its source."""

    page: str
    line: int
    session: str | None
    source: str


def _expand(line: str, root: Path) -> list[str]:
    """Resolve a pymdownx.snippets include line into the lines it stands for."""
    match = _INCLUDE.match(line)
    if not match:
        return [line]
    lines = (root / match["path"]).read_text(encoding="utf-8").splitlines()
    section = match["section"]
    if section is None:
        return [text for text in lines if not _SECTION.match(text)]
    start = lines.index(next(t for t in lines if t.strip() == f"# --8<-- [start:{section}]"))
    end = lines.index(next(t for t in lines if t.strip() == f"# --8<-- [end:{section}]"))
    return [text for text in lines[start + 1 : end] if not _SECTION.match(text)]


def find_blocks(page: Path, root: Path) -> list[Block]:
    """Python fences with ``exec="on"`` (or ``"1"``/``"true"``) on ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        options = {m["key"]: m["value"] for m in _OPTION.finditer(match["opts"])}
        indent, fence = match["indent"], match["fence"]
        end = index + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        if options.get("exec", "").lower() in {"on", "1", "true", "yes"}:
            body: list[str] = []
            for text in lines[index + 1 : end]:
                body.extend(_expand(text.removeprefix(indent), root))
            blocks.append(
                Block(
                    page=page.relative_to(root).as_posix(),
                    line=index + 1,
                    session=options.get("session"),
                    source="\n".join(body) + "\n",
                )
            )
        index = end + 1
    return blocks


def run_page(page: Path, root: Path) -> list[str]:
    """Run the page's blocks in order (blocks of one session share their globals).

    Returns the text each block printed. Raises whatever a block raises, with the block's page
    and line in the traceback's file name.
    """
    sessions: dict[str, dict[str, object]] = {}
    printed: list[str] = []
    for block in find_blocks(page, root):
        if block.session is None:
            namespace: dict[str, object] = {"__name__": "__main__"}
        else:
            namespace = sessions.setdefault(block.session, {"__name__": "__main__"})
        output = io.StringIO()
        code = compile(block.source, f"{block.page}:{block.line}", "exec")
        with contextlib.redirect_stdout(output):
            exec(code, namespace)  # noqa: S102 - the pages' own examples, by design
        printed.append(output.getvalue())
    return printed
