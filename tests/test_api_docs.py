"""The API page and the package agree, in both directions, and every entry opens with a formula."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import multiclass

ROOT = Path(__file__).resolve().parents[1]
API_PAGE = ROOT / "docs" / "api.md"
DIRECTIVE = re.compile(r"^::: (?P<path>multiclass(?:\.\w+)+)\s*$", re.MULTILINE)


def documented() -> dict[str, str]:
    """Public name -> dotted path of each mkdocstrings directive on the API page."""
    paths = DIRECTIVE.findall(API_PAGE.read_text(encoding="utf-8"))
    return {path.rsplit(".", 1)[1]: path for path in paths}


def test_every_public_name_is_on_the_api_page() -> None:
    missing = sorted(set(multiclass.__all__) - set(documented()))
    assert not missing, f"public names missing from docs/api.md: {missing}"


def test_the_api_page_documents_only_public_names() -> None:
    extra = sorted(set(documented()) - set(multiclass.__all__))
    assert not extra, f"docs/api.md documents names not in multiclass.__all__: {extra}"


@pytest.mark.parametrize("name", sorted(multiclass.__all__))
def test_api_entry_points_at_the_exported_object(name: str) -> None:
    module_path, _, attribute = documented()[name].rpartition(".")
    module = __import__(module_path, fromlist=[attribute])
    assert getattr(module, attribute) is getattr(multiclass, name)


@pytest.mark.parametrize("name", sorted(multiclass.__all__))
def test_docstring_opens_with_its_formula_and_lists_what_it_raises(name: str) -> None:
    doc = inspect.getdoc(getattr(multiclass, name)) or ""
    summary = doc.split("\n\n", 1)[0]
    assert "$" in summary, f"{name}: the docstring's first paragraph states no formula"
    assert "Raises:" in doc, f"{name}: the docstring has no Raises section"
    assert "Examples:" in doc, f"{name}: the docstring has no Examples section"
