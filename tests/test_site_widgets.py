"""The placeholders of the interactive figures carry the library's numbers to the page exactly."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

from multiclass_site.figures import PALETTE
from multiclass_site.widgets import WIDGETS, placeholder


def attributes(element: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in re.findall(r'\s([a-z0-9-]+)="([^"]*)"', element)}


def test_placeholder_is_hidden_named_and_carries_every_digit() -> None:
    X = np.random.default_rng(0).normal(size=(4, 2))
    element = placeholder("classifier", "A <widget>", points=X, l2=np.float64(0.1), true_class=2)
    found = attributes(element)
    assert element.endswith(" hidden></div>")  # shown by the script, never without it
    assert found["data-widget"] == "classifier"
    assert found["aria-label"] == "A <widget>"
    assert np.array_equal(np.array(json.loads(found["data-points"])), X)  # bit for bit
    assert json.loads(found["data-l2"]) == 0.1
    assert json.loads(found["data-true-class"]) == 2
    assert json.loads(found["data-palette"]) == list(PALETTE)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"widget": "gauge", "label": "x"}, r"widget must be one of"),
        ({"widget": WIDGETS[0], "label": "  "}, r"label must be a non-empty"),
        ({"widget": WIDGETS[0], "label": "x", "scores": [1.0, np.nan]}, r"scores must hold finite"),
        ({"widget": WIDGETS[0], "label": "x", "Bad": 1}, r"snake_case"),
    ],
)
def test_placeholder_refuses_what_the_page_could_not_use(
    arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        placeholder(**arguments)  # type: ignore[arg-type]
