"""The API page and the package agree, in both directions, and every entry opens with a formula."""

from __future__ import annotations

import dataclasses
import importlib
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


def _resolve(path: str) -> object:
    module_path, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module_path), attribute)


@pytest.mark.parametrize("path", sorted(documented().values()))
def test_the_api_page_documents_only_public_names(path: str) -> None:
    module_path, _, attribute = path.rpartition(".")
    module = importlib.import_module(module_path)
    assert attribute in getattr(module, "__all__", ()), f"{path} is not in {module_path}.__all__"


@pytest.mark.parametrize("name", sorted(multiclass.__all__))
def test_api_entry_points_at_the_exported_object(name: str) -> None:
    assert _resolve(documented()[name]) is getattr(multiclass, name)


@pytest.mark.parametrize("path", sorted(documented().values()))
def test_docstring_opens_with_its_formula_and_lists_what_it_raises(path: str) -> None:
    obj = _resolve(path)
    doc = inspect.getdoc(obj) or ""
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj) and "Raises:" not in doc:
        # A record of results (Trial, History, Dataset) computes nothing: it needs fields
        # documented, not a formula.
        assert "Attributes:" in doc or "Args:" in doc, f"{path}: the record documents no fields"
        return
    summary = doc.split("\n\n", 1)[0]
    assert "$" in summary, f"{path}: the docstring's first paragraph states no formula"
    assert "Raises:" in doc, f"{path}: the docstring has no Raises section"
    assert "Examples:" in doc, f"{path}: the docstring has no Examples section"
