"""Opening the interactive figures on a desktop or a phone, reading their numbers, comparing them.

A widget writes every number it shows, with all its digits, into data- attributes of its element
(numbers separated by spaces, as JavaScript prints them, which read back to the same float64), and
shows the same numbers rounded to four significant digits. :func:`compare` checks the first
against the library within twice an error bound (``widget_bounds``: each side is within one bound
of the exact value) and records the largest difference it saw, in ulps and as a fraction of the
tolerance, for the report; :func:`check_shown` checks the second to the rounding of the display.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from playwright.sync_api import Browser, Locator, Page

from multiclass import LinearClassifier, log_softmax, softmax
from tests.browser import widget_bounds as bounds
from tests.browser.site import ARTIFACTS, Traffic, new_context
from tests.browser.widget_bounds import ulp

DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
#: Each widget's page, and the static figure (its id) the widget extends.
PAGES = {"softmax": "softmax/", "cross-entropy": "cross-entropy/", "classifier": "training/"}
STATIC = {
    "softmax": "figure-softmax-temperature-bars",
    "cross-entropy": "figure-cross-entropy-gradient-components",
    "classifier": "figure-blobs-regions",
}
#: Four significant digits on screen: a shown number is within 5e-4 of the value, relatively.
SHOWN = 5e-4
REPORT = ARTIFACTS / "widgets-report.json"


@dataclass
class Opened:
    """A widget on its page, and the traffic of the page's browser context."""

    page: Page
    root: Locator
    traffic: Traffic

    def floats(self, name: str) -> np.ndarray:
        """A data- attribute the widget writes: numbers separated by spaces."""
        return np.array([float(v) for v in (self.root.get_attribute(f"data-{name}") or "").split()])

    def data(self, name: str) -> Any:
        """A data- attribute of the placeholder, JSON from the library at build time."""
        return json.loads(self.root.get_attribute(f"data-{name}") or "null")


@dataclass
class Widgets:
    """The widgets' pages on one device, each in a fresh context that may reach the site only."""

    browser: Browser
    base_url: str
    device: str
    opened: list[Opened] = field(default_factory=list)
    shared: dict[str, Opened] = field(default_factory=dict)

    def open(self, widget: str, scheme: str = "light", **options: Any) -> Opened:
        """A new context on the widget's page (a colour scheme, JavaScript off, ...)."""
        context, traffic = new_context(
            self.browser, self.base_url, color_scheme=scheme, **{**DEVICES[self.device], **options}
        )
        page = context.new_page()
        page.goto(self.base_url + PAGES[widget])
        root = page.locator(f'.mc-widget[data-widget="{widget}"]')
        if options.get("java_script_enabled", True):
            root.wait_for(state="visible")
        self.opened.append(Opened(page, root, traffic))
        return self.opened[-1]

    def __getitem__(self, widget: str) -> Opened:
        """The widget's page, opened once per device and reused: each test sets every control
        it reads from (loading a page and typesetting its maths takes seconds)."""
        if widget not in self.shared:
            self.shared[widget] = self.open(widget)
        return self.shared[widget]

    def close(self) -> list[str]:
        """Close every context; return what went wrong in their traffic."""
        for item in self.opened:
            item.page.context.close()
        return [problem for item in self.opened for problem in item.traffic.problems()]


class Seen:
    """The largest differences seen, per widget and quantity, with the test that saw them."""

    def __init__(self) -> None:
        self.found: dict[str, dict[str, dict[str, Any]]] = {}
        self.case = ""

    def record(self, widget: str, name: str, diff: np.ndarray, ulps: np.ndarray, tol: Any) -> None:
        entry = self.found.setdefault(widget, {}).setdefault(
            name, {"ulps": 0.0, "abs": 0.0, "of_tolerance": 0.0, "where": "", "cases": 0}
        )
        entry["cases"] += 1
        if diff.size and (float(ulps.max()) > entry["ulps"] or not entry["where"]):
            entry.update(ulps=float(ulps.max()), where=self.case)
        if diff.size:
            entry["abs"] = max(entry["abs"], float(diff.max()))
            share = float(np.max(diff / np.where(tol > 0, tol, 1.0)))
            entry["of_tolerance"] = max(entry["of_tolerance"], share)

    def write(self) -> None:
        if self.found:
            REPORT.parent.mkdir(parents=True, exist_ok=True)
            REPORT.write_text(json.dumps(self.found, indent=2) + "\n")


SEEN = Seen()


def compare(widget: str, name: str, got: Any, want: Any, bound: Any) -> None:
    """Assert ``|got - want| <= 2 bound`` entry by entry; non-finite entries must be equal."""
    got, want = np.atleast_1d(np.asarray(got, float)), np.atleast_1d(np.asarray(want, float))
    assert got.shape == want.shape, f"{widget} {name}: shape {got.shape}, expected {want.shape}"
    special = ~np.isfinite(got) | ~np.isfinite(want)
    assert np.array_equal(got[special], want[special]), f"{widget} {name}: {got} vs {want}"
    diff = np.abs(got[~special] - want[~special])
    tol = 2 * np.broadcast_to(np.asarray(bound, float), got.shape)[~special]
    ulps = diff / ulp(np.maximum(np.abs(got), np.abs(want))[~special])
    SEEN.record(widget, name, diff, ulps, tol)
    bad = diff > tol
    assert not bad.any(), (
        f"{widget} {name}: widget {got} vs multiclass {want}; difference {diff[bad]} over the "
        f"tolerance {tol[bad]} ({ulps[bad]} ulps)"
    )


_SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
MINUS, TIMES = "\N{MINUS SIGN}", "\N{MULTIPLICATION SIGN}"
NUMBER = rf"{MINUS}?\d+(?:\.\d+)?(?: {TIMES} 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"


def shown(text: str) -> float:
    """A number as the widgets print it: a minus sign, powers of ten with superscripts."""
    mantissa, _, power = text.replace(MINUS, "-").partition(f" {TIMES} 10")
    return float(f"{mantissa}e{power.translate(_SUPERSCRIPTS) or 0}")  # 10.0**-324 would be 0


def check_shown(text: str, label: str, want: Any) -> None:
    """The numbers after ``label`` (a regex) in ``text`` are ``want`` to four digits."""
    found = np.array([shown(v) for v in re.findall(rf"{label}\s*({NUMBER})", text)])
    want = np.atleast_1d(np.asarray(want, float))
    assert found.shape == want.shape, f"{label!r} in {text!r}: expected {want}"
    assert np.all(np.abs(found - want) <= SHOWN * np.abs(want)), (text, want)


# --- working the widgets ---------------------------------------------------------------------


def textbox(root: Locator, name: str) -> Locator:
    """A text field by the start of its accessible name (its visible label comes first)."""
    return root.get_by_role("textbox", name=re.compile(rf"^\s*{name}"))


def set_scores(root: Locator, z: list[float]) -> None:
    root.get_by_label("number of classes K").select_option(str(len(z)))
    for k, v in enumerate(z):
        root.get_by_role("textbox", name=re.compile(rf"score of class {k + 1},")).fill(repr(v))


def check_softmax(opened: Opened, z: list[float], T: float) -> None:
    assert np.array_equal(opened.floats("z"), z)
    assert opened.floats("t")[0] == T
    scores = np.array(z)
    y, log_y = softmax(scores, temperature=T), log_softmax(scores, temperature=T)
    x = bounds.tempered(scores, T)
    err_y, err_log_y = bounds.softmax_bound(x, y), bounds.log_softmax_bound(x, y, log_y)
    compare("softmax", "probabilities", opened.floats("y"), y, err_y)
    compare("softmax", "log-probabilities", opened.floats("log-y"), log_y, err_log_y)
    m = int(np.argmax(scores))
    smooth = scores[m] - T * log_y[m]  # T logsumexp(z / T) = max z - T log y_m
    err = bounds.smooth_max_bound(scores[m], T, log_y[m], err_log_y[m])
    compare("softmax", "smooth maximum", opened.floats("smooth-max"), smooth, err)
    entropy = -np.sum(y[y > 0] * log_y[y > 0])
    err = bounds.entropy_bound(y, log_y, err_y, err_log_y)
    compare("softmax", "entropy", opened.floats("entropy"), entropy, err)
    check_shown(opened.root.locator("figcaption").inner_text(), r"class \d+:", y)


def model_of(opened: Opened) -> tuple[LinearClassifier, np.ndarray, np.ndarray, float, float]:
    """The library's model at the widget's W and b, its data, λ and η."""
    model = LinearClassifier(3, 2)
    model.W, model.b = opened.floats("w").reshape(3, 2), opened.floats("b")
    X, labels = np.array(opened.data("points")), np.array(opened.data("labels"))
    return model, X, labels, float(opened.floats("l2")[0]), float(opened.floats("eta")[0])


def check_classifier(opened: Opened) -> None:
    """The widget's probabilities and objective at its own W, b and λ, against the library's."""
    model, X, labels, l2, eta = model_of(opened)
    err = bounds.linear_bounds(X, labels, model.W, model.b, l2, eta)
    Y = opened.floats("y").reshape(-1, 3)
    compare("classifier", "probabilities", Y, model.predict_proba(X), err["y"])
    J = model.loss(X, labels, l2)
    compare("classifier", "objective J", opened.floats("loss"), J, err["loss"])
    mean = model.loss(X, labels)
    compare("classifier", "mean cross-entropy", opened.floats("mean-cross-entropy"), mean,
            err["mean_cross_entropy"])  # fmt: skip
    assert opened.floats("correct")[0] == np.sum(model.predict(X) == labels)
    check_shown(opened.root.locator(".mc-status").inner_text(), "J =", J)


def check_step(opened: Opened, press: Callable[[], None]) -> None:
    """One press of Step moves (W, b) by -η times LinearClassifier.gradient at the old (W, b)."""
    check_classifier(opened)
    model, X, labels, l2, eta = model_of(opened)
    steps = opened.floats("steps")[0]
    dW, db = model.gradient(X, labels, l2)
    err = bounds.linear_bounds(X, labels, model.W, model.b, l2, eta)
    press()
    assert opened.floats("steps")[0] == steps + 1
    compare("classifier", "W after a step", opened.floats("w"), (model.W - eta * dW).ravel(),
            np.ravel(err["w"]))  # fmt: skip
    compare("classifier", "b after a step", opened.floats("b"), model.b - eta * db, err["b"])
    check_classifier(opened)


def reset(opened: Opened) -> None:
    opened.root.get_by_role("button", name="Reset", exact=True).click()
