"""The site's navigation (``nav`` in ``mkdocs.yml``): its pages, in order, and its sections.

A ``nav`` is a list whose entries are a page (``page.md``), a titled page (``{title: page.md}``),
a titled link to another site, or a titled section (``{title: [entries]}``), nested freely.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

__all__ = ["nav_pages", "section_pages", "site_nav"]


def site_nav(root: Path) -> Any:
    """The ``nav`` of the ``mkdocs.yml`` in folder ``root``; None without one (or without a nav)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    return yaml_load(config.read_text(encoding="utf-8")).get("nav")


def nav_pages(nav: Any, title: str = "") -> Iterator[tuple[str, str]]:
    """(page, title) for each Markdown page of ``nav``, in its order; "" for an untitled page."""
    if isinstance(nav, str):
        if nav.endswith(".md"):
            yield nav, title
    elif isinstance(nav, list):
        for entry in nav:
            yield from nav_pages(entry)
    elif isinstance(nav, dict):
        for key, value in nav.items():
            yield from nav_pages(value, str(key))


def section_pages(nav: Any, section: str) -> set[str]:
    """The Markdown pages listed under the section titled ``section``, at any depth."""
    found: set[str] = set()
    for entry in nav if isinstance(nav, list) else []:
        for title, value in entry.items() if isinstance(entry, dict) else []:
            if title == section:
                found |= {page for page, _ in nav_pages(value)}
            else:
                found |= section_pages(value, section)
    return found
