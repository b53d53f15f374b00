"""``make new-page NAME=my-topic``: a page with a claim, its test file and its nav entry.

The page and the test come from ``templates/page.md`` and ``templates/test_page.py.txt``, written
for the name ``my-topic``; the new page passes ``make test`` as written, and is meant to be edited.
Usage: ``python -m multiclass_site.scaffold NAME [--root DIR]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

__all__ = ["NAV_SECTION", "TEMPLATE_NAME", "add_to_nav", "main", "render", "scaffold"]

TEMPLATES = Path(__file__).parent / "templates"
#: The name the templates are written for.
TEMPLATE_NAME = "my-topic"
#: The nav section a new page joins (the last one when it is missing).
NAV_SECTION = "The answers"
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def render(template: str, name: str) -> str:
    """The template's text for the page ``name`` (kebab-case): ids, file names and title."""
    snake, title = name.replace("-", "_"), name.replace("-", " ").capitalize()
    plain = TEMPLATE_NAME.replace("-", " ").capitalize()
    text = template.replace(TEMPLATE_NAME, name)
    text = text.replace(TEMPLATE_NAME.replace("-", "_"), snake)
    return text.replace(plain, title)


def add_to_nav(config: str, title: str, page: str, section: str = NAV_SECTION) -> str:
    """``mkdocs.yml``'s text with ``- title: page`` as the last entry of the nav ``section``.

    The text is edited line by line, so that comments and layout stay as they are.

    Raises:
        ValueError: if the file has no top-level ``nav:``.
    """
    lines = config.splitlines(keepends=True)
    try:
        start = lines.index("nav:\n")
    except ValueError:
        msg = "mkdocs.yml has no top-level 'nav:' line to add the page to"
        raise ValueError(msg) from None
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    while lines[end - 1].strip() == "":
        end -= 1
    header = next((i for i in range(start + 1, end) if lines[i].strip() == f"- {section}:"), None)
    if header is None:  # no such section: after the nav's last line
        indent = " " * (len(lines[end - 1]) - len(lines[end - 1].lstrip()))
        at = end
    else:
        indent = " " * (len(lines[header]) - len(lines[header].lstrip()) + 4)
        at = header + 1
        while at < end and lines[at].startswith(indent):
            at += 1
    lines.insert(at, f"{indent}- {title}: {page}\n")
    return "".join(lines)


def scaffold(name: str, root: Path) -> list[Path]:
    """Write ``docs/NAME.md`` and ``tests/test_NAME.py`` and add the page to the nav.

    Returns:
        The files written or changed.

    Raises:
        ValueError: if ``name`` is not kebab-case or its page or test file exists.
    """
    if not _NAME.fullmatch(name):
        msg = f"NAME must be kebab-case (like my-topic: lower-case words joined by -); got {name!r}"
        raise ValueError(msg)
    page = root / "docs" / f"{name}.md"
    test = root / "tests" / f"test_{name.replace('-', '_')}.py"
    for path in (page, test):
        if path.exists():
            msg = f"{path.relative_to(root)} exists already; choose another NAME"
            raise ValueError(msg)
    config = root / "mkdocs.yml"
    title = name.replace("-", " ").capitalize()
    nav = add_to_nav(config.read_text(encoding="utf-8"), title, page.name)
    page.write_text(render((TEMPLATES / "page.md").read_text(encoding="utf-8"), name), "utf-8")
    test.write_text(render((TEMPLATES / "test_page.py.txt").read_text(encoding="utf-8"), name))
    config.write_text(nav, encoding="utf-8")
    return [page, test, config]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the page and say what to do next."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", default="", help="the page's kebab-case name")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository")
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.name, args.root)
    except ValueError as error:
        print(f"make new-page: {error}. Usage: make new-page NAME=my-topic", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(args.root)}")
    page = written[0].relative_to(args.root)
    print(
        f"Next: edit {page} and {written[1].relative_to(args.root)} (rename the claim's id in "
        f"both, and in the prove exercise's link), then `make quick PAGE={page}`; `make docs` shows the page."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
