r"""A page's Markdown as Jupyter reads it: the site's block syntax rewritten as plain Markdown.

The pages use Python-Markdown extensions that Jupyter's Markdown renderer does not know. For a
page's notebook, :func:`convert` walks the page's lines and rewrites them:

* ``/// name | title`` blocks (pymdownx.blocks, nested with more slashes): a collapsible type
  (``details`` and the site's own, such as ``checked-by``) becomes ``<details><summary>``; any
  other (admonitions, claims) becomes a ``<blockquote>`` that opens with its kind and title in
  bold. The block's options (``attrs: {id: ...}``, ``open: true``) are read, not shown.
* ``=== "Title"`` tabs (pymdownx.tabbed): the title in bold, then the tab's content.
* ``--8<--`` include lines: the included lines (:mod:`multiclass_site.snippets`).
* links to other pages, ``[text](page.md#anchor)``: the address the ``link`` function gives.
* attribute lists ``{ #id .class }`` after headings and links: removed.

Maths (``$...$``, ``$$...$$``) is left as TeX, which Jupyter typesets. Executed Python fences
(``exec="on"``) come out as :class:`Executed` items, in page order, between the Markdown texts;
a top-level heading starts a new text, so that each section becomes its own cell.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from multiclass_site.snippets import expand

__all__ = ["Executed", "Heading", "Item", "convert", "executed_language"]

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
_OPTION = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')
_BLOCK = re.compile(r"^(?P<slashes>/{3,})\s*(?P<name>[\w-]+)\s*(?:\|\s*(?P<title>.*?))?\s*$")
_TAB = re.compile(r'^(?P<indent>[ \t]*)===[+!]*\s+"(?P<title>.*)"\s*$')
_HEADING = re.compile(r"^#{1,6}\s")
# The target of an inline link or image, and of a reference definition ``[ref]: target``.
_LINK = re.compile(r'(?<=\]\()(?P<target>[^()\s]+)(?=(?:\s+"[^"]*")?\))')
_REFERENCE = re.compile(r"^(?P<head>\s{0,3}\[[^\]]+\]:\s*)(?P<target>\S+)")
# An attribute list with an id or a class, after a heading, a link or on a line of its own.
_ATTRS = r"\{:?(?:\s*(?:[#.][A-Za-z_][\w-]*|[\w-]+=(?:\"[^\"]*\"|\S+?)))+\s*\}"
_HEADING_ATTRS = re.compile(rf"\s*(?<!\\){_ATTRS}\s*$")
_LINK_ATTRS = re.compile(rf"(?<=\))(?<!\\){_ATTRS}")
_ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
_CODE_SPAN = re.compile(r"`([^`]+)`")

#: markdown-exec's languages that a notebook holds as code cells.
PYTHON = ("python", "py")


def executed_language(info: str) -> tuple[str, dict[str, str]] | None:
    """The language and options of a fence that markdown-exec runs, from its info string.

    markdown-exec runs a fence whose ``exec`` option is anything but "", "no", "off", "false"
    or "0"; None for a fence it does not run.
    """
    language, _, rest = info.partition(" ")
    options = {m["key"]: m["value"] for m in _OPTION.finditer(rest)}
    if options.get("exec", "").lower() in {"", "no", "off", "false", "0"}:
        return None
    return language, options


@dataclass(frozen=True)
class Executed:
    """An executed Python fence: its source, options, page line, and whether it is folded."""

    line: int
    source: str
    options: dict[str, str]
    folded: bool


@dataclass(frozen=True)
class Heading:
    """A top-level heading: the place to start a new Markdown cell."""


#: What :func:`convert` yields: Markdown text, an executed fence, or a cell break.
Item = str | Executed | Heading

Line = tuple[int, str]  # (line number on the page, text)


def convert(
    lines: list[str],
    root: Path,
    link: Callable[[str], str],
    collapsible: frozenset[str] = frozenset({"details"}),
) -> list[Item]:
    """The page's ``lines`` as Jupyter Markdown texts and executed fences, in order.

    Args:
        lines: The page's Markdown, one string a line; line 1 is the first.
        root: The folder that include lines (``--8<-- "path"``) are relative to.
        link: Maps a relative link target (``page.md#anchor``, ``#anchor``) to the address the
            notebook links to.
        collapsible: Block names that fold (pymdownx.blocks.details types).

    Raises:
        ValueError: for a fence markdown-exec runs in a language other than Python, which a
            notebook could not hold as a cell.
    """
    numbered: list[Line] = []
    for number, text in enumerate(lines, start=1):
        numbered.extend((number, part) for part in expand(text, root))
    converter = _Converter(link, collapsible)
    return _merge(converter.items(numbered, top=True, folded=False))


class _Converter:
    def __init__(self, link: Callable[[str], str], collapsible: frozenset[str]) -> None:
        self.link = link
        self.collapsible = collapsible

    def items(self, lines: list[Line], *, top: bool, folded: bool) -> Iterator[Item]:
        index = 0
        while index < len(lines):
            number, text = lines[index]
            if fence := _FENCE.match(text):
                end = _fence_end(lines, index, fence)
                body = [t.removeprefix(fence["indent"]) for _, t in lines[index + 1 : end]]
                executed = executed_language(fence["info"])
                if executed is None:
                    yield "\n".join(t for _, t in lines[index : end + 1]) + "\n"
                elif executed[0] in PYTHON:
                    source = "\n".join(body)
                    yield Executed(line=number, source=source, options=executed[1], folded=folded)
                else:
                    msg = (
                        f"line {number}: an executed {executed[0]!r} fence; a notebook holds "
                        'Python cells only (```python exec="on"```)'
                    )
                    raise ValueError(msg)
                index = end + 1
            elif block := _BLOCK.match(text):
                end = _block_end(lines, index, len(block["slashes"]))
                yield from self.block(block["name"], block["title"], lines[index + 1 : end], folded)
                index = end + 1
            elif tab := _TAB.match(text):
                end = index + 1
                indent = len(tab["indent"]) + 4
                while end < len(lines) and (
                    not lines[end][1].strip() or _indent(lines[end][1]) >= indent
                ):
                    end += 1
                yield f"**{tab['title']}**\n\n"
                inner = [(n, t[indent:]) for n, t in lines[index + 1 : end]]
                yield from self.items(inner, top=False, folded=folded)
                index = end
            else:
                if top and _HEADING.match(text):
                    yield Heading()
                if not _ABBREVIATION.match(text):
                    yield self.inline(text) + "\n"
                index += 1

    def block(self, name: str, title: str | None, body: list[Line], folded: bool) -> Iterator[Item]:
        options_end = 0
        while options_end < len(body) and body[options_end][1].startswith(("    ", "\t")):
            options_end += 1
        options = yaml.safe_load(textwrap.dedent("\n".join(t for _, t in body[:options_end]))) or {}
        content = body[options_end:]
        if name in self.collapsible:
            is_open = bool(options.get("open"))
            inner = list(self.items(content, top=False, folded=folded or not is_open))
            yield from _details(self.inline(title or name.capitalize()), inner, open_=is_open)
        elif name == "tab":
            yield f"**{self.inline(title or '')}**\n\n"
            yield from self.items(content, top=False, folded=folded)
        else:
            kind = name.replace("-", " ").capitalize()
            label = f"{kind}: {title}" if title else kind
            yield from _quote(self.inline(label), self.items(content, top=False, folded=folded))

    def inline(self, text: str) -> str:
        text = _REFERENCE.sub(lambda m: m["head"] + self.link(m["target"]), text)
        text = _LINK.sub(lambda m: self.link(m["target"]), text)
        text = _LINK_ATTRS.sub("", text)
        if _HEADING.match(text) or re.fullmatch(rf"\s*{_ATTRS}\s*", text):
            text = _HEADING_ATTRS.sub("", text)
        return text


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _fence_end(lines: list[Line], start: int, fence: re.Match[str]) -> int:
    """Index of the line closing the fence opened at ``start`` (or the last line)."""
    mark = fence["fence"]
    for index in range(start + 1, len(lines)):
        stripped = lines[index][1].strip()
        if stripped.startswith(mark[0] * len(mark)) and not stripped.strip(mark[0]):
            return index
    return len(lines) - 1


def _block_end(lines: list[Line], start: int, slashes: int) -> int:
    """Index of the ``///`` line closing the block opened at ``start``, skipping fences."""
    index = start + 1
    while index < len(lines):
        text = lines[index][1]
        if fence := _FENCE.match(text):
            index = _fence_end(lines, index, fence) + 1
            continue
        if text.strip() == "/" * slashes:
            return index
        index += 1
    return len(lines)


def _details(summary: str, inner: list[Item], *, open_: bool) -> Iterator[Item]:
    """``<details>`` around each run of Markdown; executed fences stay between them."""
    summary_html = _CODE_SPAN.sub(r"<code>\1</code>", html.escape(summary, quote=False))
    tag = "<details open>" if open_ else "<details>"
    for index, group in enumerate(_groups(inner)):
        if isinstance(group, Executed):
            if index == 0:
                yield f"**{summary}**\n\n"
            yield group
        else:
            label = summary_html if index == 0 else f"{summary_html} (continued)"
            yield f"{tag}<summary>{label}</summary>\n\n{group.strip(chr(10))}\n\n</details>\n\n"


def _quote(label: str, inner: Iterator[Item]) -> Iterator[Item]:
    """``<blockquote>`` around each run of Markdown, the first opening with ``label`` in bold.

    An HTML block rather than ``>`` prefixes: a prefix on a line inside a formula that spans
    lines would become part of the formula in Jupyter, which takes out maths before Markdown.
    """
    groups = list(_groups(list(inner)))
    if not groups or isinstance(groups[0], Executed):
        groups.insert(0, "")
    for index, group in enumerate(groups):
        if isinstance(group, Executed):
            yield group
            continue
        text = group.strip("\n")
        if index == 0:
            text = f"**{label}**\n\n{text}"
        yield f"<blockquote>\n\n{text.strip(chr(10))}\n\n</blockquote>\n\n"


def _groups(items: list[Item]) -> Iterator[str | Executed]:
    """Consecutive texts joined (headings inside a block start no cell); blank texts dropped."""
    text = ""
    for item in items:
        if isinstance(item, Executed):
            if text.strip():
                yield text
            text = ""
            yield item
        elif isinstance(item, str):
            text += item
    if text.strip():
        yield text


def _merge(items: Iterator[Item]) -> list[Item]:
    """Join consecutive texts; keep a heading break only between two texts; tidy blank lines."""
    merged: list[Item] = []
    for item in items:
        if isinstance(item, str) and merged and isinstance(merged[-1], str):
            merged[-1] += item
        elif isinstance(item, Heading) and not (merged and isinstance(merged[-1], str)):
            continue
        else:
            merged.append(item)
    return [
        _tidy(item) if isinstance(item, str) else item
        for item in merged
        if not (isinstance(item, str) and not item.strip())
    ]


def _tidy(text: str) -> str:
    """``text`` without blank lines at its ends, and one blank line at most outside fences."""
    lines: list[str] = []
    fence: str | None = None
    for line in text.strip("\n").splitlines():
        if match := _FENCE.match(line.lstrip("> ")):
            mark = match["fence"]
            if fence is None:
                fence = mark
            elif mark.startswith(fence) and not match["info"].strip():
                fence = None
        if fence is None and not line and lines and not lines[-1]:
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"
