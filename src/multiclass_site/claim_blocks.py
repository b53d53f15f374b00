r"""A claim block on a page, read as the renderer (pymdownx.blocks) reads it.

The renderer accepts ``/// claim | Title``, ``///claim|Title`` and longer fences such as
``//// claim``; it reads a block's options only from the lines right under its start that are
indented by 4 spaces or more. :func:`find_claims` reads claims the same way, and records in a
claim's ``fault`` why the renderer would not read its options (``tests/test_claims.py`` renders
each variant to check that the two agree).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from multiclass_site.snippets import INCLUDE

__all__ = ["ID_PATTERN", "Claim", "block_end", "find_claims"]

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# What pymdownx.blocks reads as a block's start and end (its RE_START and RE_END, line by line),
# and as the block's options: the lines right under the start indented by 4 spaces or more.
_START = re.compile(r"^ {0,3}(?P<fence>/{3,}) *(?P<name>[\w-]+) *(?:\| *(?P<title>.*?) *)?$")
_END = re.compile(r"^ {0,3}(?P<fence>/{3,}) *$")
_OPTION_LINE = re.compile(r"^ {4,}\S")
_NO_ID = "the claim has no id: add `    attrs: {id: kebab-case-id}` right under it"


@dataclass(frozen=True)
class Claim:
    """A claim block on a page; ``fault`` says what is wrong with its options, if anything."""

    id: str
    title: str
    sentence: str
    page: str
    line: int
    includes: tuple[tuple[str, str | None], ...]
    fault: str = ""
    fault_line: int = 0


def block_end(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing the block opened at ``start`` with ``fence`` (or len(lines))."""
    for index in range(start + 1, len(lines)):
        match = _END.match(lines[index])
        if match and match["fence"] == fence:
            return index
    return len(lines)


def _options(body: list[str]) -> tuple[str, str, int]:
    """The claim's id from its options, what is wrong with them, and where.

    Returns the id ("" if none), the fault ("" if none) and the index in ``body`` of the line at
    fault (-1: the claim's first line).
    """
    count = 0
    while count < len(body) and _OPTION_LINE.match(body[count]):
        count += 1
    if count == 0:
        first = next((i for i, text in enumerate(body) if text.strip()), None)
        if first is not None and body[first].lstrip().startswith("attrs:"):
            text = body[first]
            # The id meant, so that the rest of the claim is checked as if the line were read.
            meant = _options(["    " + text.strip()])[0]
            if first > 0:
                return (
                    meant,
                    (
                        "a blank line separates `attrs:` from `/// claim`, so the renderer shows it "
                        "as text and the claim has no id: remove the blank line"
                    ),
                    first,
                )
            spaces = len(text) - len(text.lstrip())
            return (
                meant,
                (
                    f"`attrs:` is indented {spaces} spaces; the renderer reads a block's options only "
                    "from lines indented 4 spaces or more, so it shows this line as text and the "
                    "claim has no id: indent it by 4 spaces"
                ),
                first,
            )
        return "", _NO_ID, -1
    try:
        options = yaml.safe_load(textwrap.dedent("\n".join(body[:count])))
    except yaml.YAMLError as error:
        problem = str(error).replace("\n", " ")
        return (
            "",
            f"its options are not valid YAML ({problem}): write `    attrs: {{id: an-id}}`",
            0,
        )
    attrs = options.get("attrs") if isinstance(options, dict) else None
    claim_id = attrs.get("id") if isinstance(attrs, dict) else None
    if not isinstance(claim_id, str):
        return "", "its options give no `attrs: {id: ...}`: write `    attrs: {id: an-id}`", 0
    if not re.fullmatch(ID_PATTERN, claim_id):
        return (
            claim_id,
            (
                f"claim id {claim_id!r} is not kebab-case (lower-case letters and digits joined by "
                "single hyphens, like softmax-sums-to-one): rename it here and in its test"
            ),
            0,
        )
    return claim_id, "", -1


def find_claims(docs_dir: Path) -> list[Claim]:
    """Every claim block under ``docs_dir``, in page and line order, read as the renderer reads it.

    The renderer (pymdownx.blocks) accepts ``/// claim | Title``, ``///claim|Title`` and longer
    fences such as ``//// claim``; it reads the options only from the lines right under the
    start that are indented by 4 spaces or more. A claim whose options it would not read carries
    a ``fault`` saying so.
    """
    claims: list[Claim] = []
    for page in sorted(docs_dir.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            match = _START.match(line)
            if not match or match["name"] != "claim":
                continue
            end = block_end(lines, index, match["fence"])
            body = lines[index + 1 : end]
            claim_id, fault, at = _options(body)
            includes = tuple(
                (m["path"], m["section"]) for m in map(INCLUDE.match, body) if m is not None
            )
            shown = [section for _, section in includes if section]
            if not claim_id and fault == _NO_ID and shown:
                # The section it shows names the id meant: say so, and check the rest with it.
                claim_id = shown[0]
                fault = f"the claim has no id: add `    attrs: {{id: {claim_id}}}` right under it"
            prose = [
                text
                for text in body
                if text.strip()
                and not _OPTION_LINE.match(text)
                and not text.lstrip().startswith(("attrs:", "/", "```"))
                and not INCLUDE.match(text)
            ]
            claims.append(
                Claim(
                    id=claim_id,
                    title=match["title"] or "",
                    sentence=" ".join(t.strip() for t in prose),
                    page=page.relative_to(docs_dir).as_posix(),
                    line=index + 1,
                    includes=includes,
                    fault=fault,
                    fault_line=index + 2 + at if at >= 0 else index + 1,
                )
            )
    return claims
