"""Placeholders of the interactive figures, filled in the reader's browser by the site's scripts.

A page prints a placeholder right under the static figure it extends, from an executed block, so
that the widget's initial data (scores, points, colours) come from the library at build time. The
placeholder is ``hidden``: without JavaScript the reader sees the static figure only, and the
script (``docs/assets/javascripts/widgets/``) shows it once it has drawn the widget inside.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import numpy as np

from multiclass_site.figures import PALETTE

__all__ = ["WIDGETS", "placeholder"]

#: The widgets the scripts know, by the name in ``data-widget``.
WIDGETS = ("softmax", "cross-entropy", "classifier")


def _plain(value: Any) -> Any:
    """Arrays and numpy scalars as JSON-ready lists and floats; floats keep every digit."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def placeholder(widget: str, label: str, **data: Any) -> str:
    """The HTML element a widget script fills: ``<div class="mc-widget" data-widget=... hidden>``.

    Args:
        widget: One of :data:`WIDGETS`.
        label: The widget's accessible name, a short phrase (the heading readers see).
        **data: Initial data, written as JSON into ``data-*`` attributes (``snake_case`` names
            become ``kebab-case``); floats are written with every digit (``repr``), so the
            script starts from exactly the numbers the library produced. The class colours of
            the site's figures are added as ``data-palette``.

    Returns:
        The element as one line of HTML.

    Raises:
        ValueError: if ``widget`` is not a known widget, ``label`` is empty, or a value is not
            finite (JSON has no nan or infinity).
    """
    if widget not in WIDGETS:
        msg = f"widget must be one of {WIDGETS}; got {widget!r}"
        raise ValueError(msg)
    if not label.strip():
        msg = "label must be a non-empty phrase naming the widget"
        raise ValueError(msg)
    attributes = [f'class="mc-widget" data-widget="{widget}"', f'aria-label="{html.escape(label)}"']
    for name, value in {**data, "palette": PALETTE}.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            msg = f"data names must be snake_case identifiers; got {name!r}"
            raise ValueError(msg)
        try:
            text = json.dumps(_plain(value), allow_nan=False, separators=(",", ":"))
        except ValueError:
            msg = f"{name} must hold finite numbers only; got {value!r}"
            raise ValueError(msg) from None
        attributes.append(f'data-{name.replace("_", "-")}="{html.escape(text)}"')
    return f'<div {" ".join(attributes)} role="group" hidden></div>'
