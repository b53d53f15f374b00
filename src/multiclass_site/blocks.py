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

from multiclass_site.snippets import expand

__all__ = ["Block", "find_blocks", "run_page"]

_FENCE = re.compile(
    r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>python|py|pycon)\b(?P<opts>.*)$"
)
_OPTION = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')


@dataclass(frozen=True)
class Block:
    """One executed fence: where it is, its markdown-exec session, and its source."""

    page: str
    line: int
    session: str | None
    source: str


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
                body.extend(expand(text.removeprefix(indent), root))
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
