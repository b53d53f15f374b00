r"""The exercises of a page, read from its Markdown: the ``## Exercises`` section and its parts.

An exercise is a level-3 heading inside the page's ``## Exercises`` section, with an attribute
list that gives its id and kind, then its task, a collapsed hint and a collapsed solution::

    ### Softmax by hand { #exercise-softmax-by-hand data-kind="compute" }

    Compute $\operatorname{softmax}([1, -2, 0])$ to three decimals, by hand.

    /// details | Hint
    Exponentiate each score, add them up, divide.
    ///

    /// details | Solution
    ... (prose, and an executed block that asserts the numbers it states)
    ///

:func:`find_exercises` reads every page's section as the renderer does (headings and blocks
inside code fences are code, not structure); :mod:`multiclass_site.exercises` checks them.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from multiclass_site.blocks import Block, scan_blocks

__all__ = ["Details", "Exercise", "Section", "find_exercises", "read_section"]

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
_ATTR_LIST = re.compile(r"\s*\{:?(?P<body>[^{}]*)\}\s*$")
_ATTR = re.compile(r"#(?P<id>[^\s}]+)|\.[\w-]+|(?P<key>[\w-]+)=(?:\"(?P<q>[^\"]*)\"|(?P<v>\S+))")
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
# pymdownx.blocks: ``/// name | title`` opens a block, a line of the same slashes closes it.
_START = re.compile(r"^ {0,3}(?P<fence>/{3,}) *(?P<name>[\w-]+) *(?:\| *(?P<title>.*?) *)?$")
_OPTION_LINE = re.compile(r"^ {4,}\S")


@dataclass(frozen=True)
class Details:
    """A top-level ``/// name | title`` block of an exercise: what it is, where, if open, its text."""

    name: str
    title: str
    line: int
    open: bool
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Exercise:
    """A level-3 heading of the Exercises section and what follows it, up to the next one.

    ``attrs`` is the heading's attribute list (``None`` without one); ``task`` the text before
    the first block; ``parts`` the blocks, in order; ``blocks`` every executed fence in it.
    """

    page: str
    line: int
    title: str
    attrs: dict[str, str] | None
    task: str
    parts: tuple[Details, ...]
    blocks: tuple[Block, ...]

    @property
    def id(self) -> str:
        """The id the heading's attribute list gives ("" if none)."""
        return (self.attrs or {}).get("id", "")

    @property
    def kind(self) -> str:
        """The ``data-kind`` of the heading ("" if none)."""
        return (self.attrs or {}).get("data-kind", "")


@dataclass(frozen=True)
class Section:
    """A page's ``## Exercises`` section: where it starts, the heading after it, its exercises."""

    page: str
    line: int
    exercises: tuple[Exercise, ...]
    after: tuple[int, str] | None = None  # a level-1 or -2 heading after the section
    others: tuple[int, ...] = field(default=())  # lines of further ``## Exercises`` headings
    page_blocks: tuple[Block, ...] = ()  # the executed fences outside the section


def _code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it lies inside a fenced code block (fence lines included)."""
    inside: list[bool] = []
    fence = ""
    for line in lines:
        match = _FENCE.match(line)
        if fence:
            inside.append(True)
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
                fence = "" if not line.strip().strip(fence[0]) else fence
        else:
            inside.append(bool(match))
            fence = match["fence"] if match else ""
    return inside


def _attributes(text: str) -> tuple[str, dict[str, str] | None]:
    """A heading's text without its attribute list, and the list (``None`` without one)."""
    match = _ATTR_LIST.search(text)
    if not match:
        return text, None
    attrs: dict[str, str] = {}
    for item in _ATTR.finditer(match["body"]):
        if item["id"]:
            attrs["id"] = item["id"]
        elif item["key"]:
            attrs[item["key"]] = item["q"] if item["q"] is not None else item["v"]
    return text[: match.start()].strip(), attrs


def _block_end(lines: list[str], code: list[bool], start: int, fence: str) -> int:
    """Index of the line closing the block opened at ``start`` (or ``len(lines)``)."""
    return next(
        (i for i in range(start + 1, len(lines)) if not code[i] and lines[i].strip() == fence),
        len(lines),
    )


def _details(lines: list[str], first: int, page: str, root: Path) -> Details:
    """The block whose opening line is ``lines[0]`` (page line ``first``) and closing line last."""
    start = _START.match(lines[0])
    assert start is not None
    body = lines[1:-1] if len(lines) > 1 and lines[-1].strip() == start["fence"] else lines[1:]
    code = _code_lines(body)
    count = 0
    while count < len(body) and _OPTION_LINE.match(body[count]):
        count += 1
    try:
        options = yaml.safe_load(textwrap.dedent("\n".join(body[:count]))) if count else None
    except yaml.YAMLError:
        options = None
    return Details(
        name=start["name"],
        title=(start["title"] or "").strip(),
        line=first,
        open=isinstance(options, dict) and bool(options.get("open")),
        text="\n".join(text for text, inside in zip(body, code, strict=True) if not inside),
        blocks=tuple(scan_blocks(body, page, root, first=first + 1)),
    )


def _exercise(lines: list[str], first: int, page: str, root: Path) -> Exercise:
    """The exercise whose heading is ``lines[0]`` (page line ``first``), up to the next one."""
    heading = _HEADING.match(lines[0])
    assert heading is not None
    title, attrs = _attributes(heading["text"])
    code = _code_lines(lines)
    task: list[str] = []
    parts: list[Details] = []
    index = 1
    while index < len(lines):
        start = None if code[index] else _START.match(lines[index])
        if start is None:
            if not parts:
                task.append(lines[index])
            index += 1
            continue
        end = _block_end(lines, code, index, start["fence"])
        parts.append(_details(lines[index : end + 1], first + index, page, root))
        index = end + 1
    return Exercise(
        page=page,
        line=first,
        title=title,
        attrs=attrs,
        task="\n".join(task).strip(),
        parts=tuple(parts),
        blocks=tuple(scan_blocks(lines, page, root, first=first)),
    )


def read_section(page: Path, docs_dir: Path, root: Path) -> Section | None:
    """The ``## Exercises`` section of ``page`` (None if it has none), read as the renderer does.

    Block paths are relative to ``root`` (as in the build's messages); the page's name in the
    section is relative to ``docs_dir``.
    """
    lines = page.read_text(encoding="utf-8").splitlines()
    name = page.relative_to(root).as_posix()
    code = _code_lines(lines)
    headings = [
        (index, len(match["hashes"]), _attributes(match["text"])[0])
        for index, line in enumerate(lines)
        if not code[index] and (match := _HEADING.match(line))
    ]
    starts = [index for index, level, text in headings if level == 2 and text == "Exercises"]
    if not starts:
        return None
    spans = [
        (start, next((i for i, level, _ in headings if i > start and level <= 2), len(lines)))
        for start in starts
    ]
    begin, end = spans[0]
    after = next(
        (
            (i + 1, lines[i].strip())
            for i, level, _ in headings
            if i > begin and level <= 2 and i not in starts
        ),
        None,
    )
    marks = [i for i, level, _ in headings if begin < i < end and level == 3] + [end]
    exercises = tuple(
        _exercise(lines[a:b], a + 1, name, root) for a, b in itertools.pairwise(marks)
    )
    outside = [
        block
        for block in scan_blocks(lines, name, root)
        if not any(a < block.line <= b for a, b in spans)
    ]
    return Section(
        page=page.relative_to(docs_dir).as_posix(),
        line=begin + 1,
        exercises=exercises,
        after=after,
        others=tuple(i + 1 for i in starts[1:]),
        page_blocks=tuple(outside),
    )


def find_exercises(docs_dir: Path, root: Path) -> list[Section]:
    """The Exercises section of every page under ``docs_dir`` that has one, in page order."""
    found = (read_section(page, docs_dir, root) for page in sorted(docs_dir.rglob("*.md")))
    return [section for section in found if section is not None]
