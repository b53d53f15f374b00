"""The executed code blocks of the pages: found, and run with the page's own line numbers.

A block is a fence such as ``python exec="on" session="softmax"``. The docs build runs it through
:mod:`multiclass_site.exec_extension`, and ``tests/test_docs_examples.py`` runs every page again
under pytest with :func:`run_page`; both compile a block so that its code objects carry the page's
path and line numbers. A block that raises is reported as a :class:`BlockError` at the page line
that failed, with that line shown, in the build log and in pytest alike.
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, ModuleType

from multiclass_site.snippets import expand_with_lines

__all__ = [
    "Block",
    "BlockError",
    "find_blocks",
    "run_block",
    "run_page",
    "scan_blocks",
    "session_namespace",
]

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<lang>python|py)\b(?P<opts>.*)$")
_OPTION = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')
_ON = {"on", "1", "true", "yes"}


@dataclass(frozen=True)
class Block:
    """One executed fence: where it is, its markdown-exec session, and its source.

    ``lines[i]`` is the page line that source line ``i + 1`` comes from (for a line included from
    another file, the page line of the include), ``included[i]`` that file and its line, if any.
    """

    page: str
    line: int
    session: str | None
    source: str
    lines: tuple[int, ...] = ()
    included: tuple[tuple[str, int] | None, ...] = ()
    indent: int = 0


class BlockError(Exception):
    """An executed block raised: the page line that failed, that line, and what to do."""

    def __init__(
        self, block: Block, line: int, origin: tuple[str, int] | None, error: BaseException
    ) -> None:
        self.block = block
        self.page_line = line
        self.details = _traceback(block, error)
        text = linecache.getline(block.page, line).rstrip()
        if origin is not None:
            included = linecache.getline(origin[0], origin[1]).rstrip()
            text += f" (the section included from {origin[0]}:{origin[1]})\n       | {included}"
        session = f", session {block.session!r}" if block.session else ""
        if isinstance(error, SyntaxError):
            summary = f"{type(error).__name__}: {error.msg}"
        else:
            summary = "".join(traceback.format_exception_only(error)).strip()
        super().__init__(
            f"{block.page}:{line}: {summary}\n"
            f"  {line:>4} | {text}\n"
            f"in the executed block at {block.page}:{block.line}{session}. Fix the block or the "
            f"library it calls; `make quick PAGE={block.page}` runs this page's blocks alone."
        )


def _is_executed(options: str) -> bool:
    values = {m["key"]: m["value"] for m in _OPTION.finditer(options)}
    return values.get("exec", "").lower() in _ON


def scan_blocks(lines: list[str], page: str, root: Path, first: int = 1) -> list[Block]:
    """Executed Python fences among ``lines`` of ``page`` (``first`` is the first line's number)."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = match["indent"], match["fence"]
        end = index + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        if _is_executed(match["opts"]):
            body: list[str] = []
            numbers: list[int] = []
            included: list[tuple[str, int] | None] = []
            for offset, text in enumerate(lines[index + 1 : end], start=index + 1 + first):
                for line, path, number in expand_with_lines(text.removeprefix(indent), root):
                    body.append(line)
                    numbers.append(offset)
                    included.append((path, number) if path else None)
            options = {m["key"]: m["value"] for m in _OPTION.finditer(match["opts"])}
            blocks.append(
                Block(
                    page=page,
                    line=index + first,
                    session=options.get("session"),
                    source="\n".join(body) + "\n",
                    lines=tuple(numbers),
                    included=tuple(included),
                    indent=len(indent),
                )
            )
        index = end + 1
    return blocks


def find_blocks(page: Path, root: Path) -> list[Block]:
    """Python fences with ``exec="on"`` (or ``"1"``/``"true"``) on ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return scan_blocks(lines, page.relative_to(root).as_posix(), root)


def _remember(name: str, root: Path) -> None:
    """Put a file's text where tracebacks look for source lines (kept until replaced)."""
    path = root / name
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)


@dataclass(frozen=True)
class _Segment:
    """Consecutive source lines from one file: the page, or one included section."""

    file: str
    source: str
    lines: tuple[int, ...]  # each line's number in ``file``
    shift: int  # columns to add: the fence's indent, for lines written on the page


def _segments(block: Block, *, split: bool) -> list[_Segment]:
    """The block's lines grouped by the file they come from (one group, the page's, if not split)."""
    groups: list[tuple[str, int, list[str], list[int]]] = []
    for index, text in enumerate(block.source.splitlines()):
        origin = block.included[index] if index < len(block.included) else None
        page_line = block.lines[index] if index < len(block.lines) else block.line + 1 + index
        file, number, key = (
            (origin[0], origin[1], page_line) if split and origin else (block.page, page_line, 0)
        )
        if not groups or groups[-1][0] != file or groups[-1][1] != key:
            groups.append((file, key, [], []))
        groups[-1][2].append(text)
        groups[-1][3].append(number)
    return [
        _Segment(file, "\n".join(texts) + "\n", tuple(numbers), block.indent * (file == block.page))
        for file, _, texts, numbers in groups
    ]


def _compile(segment: _Segment) -> CodeType:
    """A segment's code, with its file's line numbers (and columns, for an indented fence).

    Raises:
        SyntaxError: at the file's line, if the segment does not parse.
    """

    def line(number: int | None) -> int | None:
        return segment.lines[number - 1] if number and 0 < number <= len(segment.lines) else number

    try:
        tree = ast.parse(segment.source, filename=segment.file)
    except SyntaxError as error:
        error.lineno, error.end_lineno = line(error.lineno), line(error.end_lineno)
        raise
    for node in ast.walk(tree):
        if not isinstance(getattr(node, "lineno", None), int):
            continue
        node.lineno = line(node.lineno)  # type: ignore[attr-defined]
        node.end_lineno = line(getattr(node, "end_lineno", None))  # type: ignore[attr-defined]
        if segment.shift:
            node.col_offset += segment.shift  # type: ignore[attr-defined]
            if getattr(node, "end_col_offset", None) is not None:
                node.end_col_offset += segment.shift  # type: ignore[attr-defined]
    return compile(tree, segment.file, "exec")


def _code(block: Block) -> list[CodeType]:
    """The block's code: an included section under its own file name when each part parses alone.

    Otherwise the whole block is compiled under the page's name, included lines at the include.
    """
    if any(block.included):
        try:
            return [_compile(segment) for segment in _segments(block, split=True)]
        except SyntaxError:
            pass
    return [_compile(segment) for segment in _segments(block, split=False)]


def _files(block: Block) -> set[str]:
    """The page and the files the block includes sections from."""
    return {block.page} | {origin[0] for origin in block.included if origin}


def _where(block: Block, error: BaseException) -> tuple[int, tuple[str, int] | None]:
    """The page line where ``error`` happened and, inside an included section, its file and line.

    The innermost frame in the block's code decides: on the page, or in an included section.
    """
    files = _files(block)
    if isinstance(error, SyntaxError) and error.filename in files and error.lineno:
        frames = [(error.filename, error.lineno)]
    else:
        summary = traceback.extract_tb(error.__traceback__)
        frames = [(f.filename, f.lineno or 0) for f in summary if f.filename in files]
    if not frames:
        return block.line, None
    file, number = frames[-1]
    if file == block.page:
        return number, None
    at = next((i for i, origin in enumerate(block.included) if origin == (file, number)), None)
    return (block.lines[at] if at is not None else block.line), (file, number)


def _traceback(block: Block, error: BaseException) -> str:
    """The traceback from the block's first frame on (the runner's own frames left out)."""
    files = _files(block)
    summary = traceback.TracebackException.from_exception(error)
    frames = list(summary.stack)
    first = next((i for i, f in enumerate(frames) if f.filename in files), 0)
    summary.stack = traceback.StackSummary.from_list(frames[first:])
    return "".join(summary.format())


def run_block(block: Block, namespace: dict[str, object], root: Path) -> str:
    """Run ``block`` in ``namespace``; return what it printed.

    Raises:
        BlockError: if the block raises (or does not compile), at the failing page line.
    """
    for name in _files(block):
        _remember(name, root)
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            for code in _code(block):
                exec(code, namespace)  # noqa: S102 - the pages' own examples, by design
    except Exception as error:
        line, origin = _where(block, error)
        raise BlockError(block, line, origin, error) from error
    return output.getvalue()


def session_namespace(block: Block, sessions: dict[str, dict[str, object]]) -> dict[str, object]:
    """The globals a block runs in: shared by the blocks of one session on one page.

    Each is a module's namespace, registered in ``sys.modules`` as markdown-exec does, so that
    what relies on a module (dataclasses, pickling) works in a block.
    """
    if block.session is not None and block.session in sessions:
        return sessions[block.session]
    label = f"{block.page}:{block.session or block.line}"
    name = "page_" + re.sub(r"\W+", "_", label)
    module = ModuleType(name)
    sys.modules[name] = module
    namespace: dict[str, object] = module.__dict__
    if block.session is not None:
        sessions[block.session] = namespace
    return namespace


def run_page(page: Path, root: Path) -> list[str]:
    """Run the page's blocks in order (blocks of one session share their globals).

    Returns the text each block printed.

    Raises:
        BlockError: at the first block that raises, with the failing page line.
    """
    sessions: dict[str, dict[str, object]] = {}
    return [
        run_block(block, session_namespace(block, sessions), root)
        for block in find_blocks(page, root)
    ]
