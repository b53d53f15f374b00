"""The interactive figures in Chromium, on a desktop and a phone, their numbers against multiclass.

The tests work the controls as a reader would (typing, the keyboard, touch and mouse drags), read
the numbers each widget shows and compare them with the library computed here (``widget_checks``,
with the error bounds of ``widget_bounds``). Desktop: 1280 px wide; phone: 390 x 844 with touch at
device scale factor 2. The largest differences seen go to ``artifacts/widgets-report.json``, the
screenshots of the widgets in both colour schemes to ``artifacts/widgets/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from multiclass import (
    cross_entropy,
    cross_entropy_grad,
    lipschitz_bound,
    log_softmax,
    softmax,
)
from tests.browser import widget_bounds as bounds
from tests.browser.site import ARTIFACTS, wait_for_instant_navigation
from tests.browser.widget_checks import (
    DEVICES,
    PAGES,
    SEEN,
    STATIC,
    Widgets,
    check_classifier,
    check_shown,
    check_softmax,
    check_step,
    compare,
    model_of,
    reset,
    set_scores,
    textbox,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=list(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def widgets(browser: Browser, base_url: str, device: str) -> Iterator[Widgets]:
    found = Widgets(browser, base_url, device)
    yield found
    problems = found.close()
    SEEN.write()
    assert not problems, problems  # no request left the site, no error on the console


@pytest.fixture(autouse=True)
def case(request: pytest.FixtureRequest) -> None:
    SEEN.case = request.node.name


# --- softmax and temperature ----------------------------------------------------------------

#: The cases of the Numerical behaviour page: the page's examples, ties, scores far apart (±1000,
#: [200, 10, -4]), tiny scores, subnormal probabilities, T near 0 and 0, and T near the largest
#: float (where z - a overflows and the halves are subtracted).
SOFTMAX_CASES = [
    ([3.0, -1.0, 4.0], 1.0),
    ([3.0, -1.0, 4.0], 0.25),
    ([3.0, -1.0, 4.0], 10.0),
    ([200.0, 10.0, -4.0], 1.0),
    ([1000.0, -1000.0], 1.0),
    ([-1000.0, 1000.0, 0.0, 999.0], 1.0),
    ([2.0, 2.0, -1.0], 1.0),
    ([2.0, 2.0, -1.0], 0.0),
    ([5.0, 5.0, 5.0, 5.0, 5.0, 5.0], 0.5),
    ([3.0, -1.0, 4.0], 1e-300),
    ([1.0, 1.0000000000000002, 0.0], 1e-300),
    ([1e-300, -1e-300, 0.0], 1.0),
    ([0.0, -740.0, -745.5, 1.5], 1.0),
    ([0.25, -3.5, 7.125, 2.0, -0.5], 3.7),
    ([1e308, -1e308], 1e308),
    ([3.0, -1.0, 4.0], 1e300),
]


@pytest.mark.parametrize(("z", "T"), SOFTMAX_CASES)
def test_softmax_widget_matches_the_library(widgets: Widgets, z: list[float], T: float) -> None:
    opened = widgets["softmax"]
    set_scores(opened.root, z)
    textbox(opened.root, "τ temperature").fill(repr(T))
    check_softmax(opened, z, T)


def test_softmax_widget_works_by_keyboard_and_touch(widgets: Widgets) -> None:
    opened = widgets["softmax"]
    set_scores(opened.root, [3.0, -1.0, 4.0])
    textbox(opened.root, "τ temperature").fill("1")
    opened.root.get_by_role("slider", name="z₁").focus()
    keyboard = opened.page.keyboard
    keyboard.press("ArrowRight")  # 3 -> 3.1
    keyboard.press("Tab")  # to z₁'s field
    keyboard.press("Tab")  # to z₂'s slider
    keyboard.press("End")  # -1 -> 10
    check_softmax(opened, [3.1, 10.0, 4.0], 1.0)
    opened.root.get_by_role("slider", name="τ").focus()
    keyboard.press("Home")  # the slider's smallest T, 0.001
    check_softmax(opened, [3.1, 10.0, 4.0], 0.001)
    temperature = textbox(opened.root, "τ temperature")
    temperature.fill("-1")  # refused, said so, and the last valid T kept
    assert temperature.get_attribute("aria-invalid") == "true"
    error = opened.root.locator(f"#{temperature.get_attribute('aria-describedby')}")
    assert error.is_visible()
    assert "0 or more" in error.inner_text()
    check_softmax(opened, [3.1, 10.0, 4.0], 0.001)
    if widgets.device == "phone":  # a tap at the left end of z₃'s slider takes it near -10
        box = opened.root.get_by_role("slider", name="z₃").bounding_box()
        assert box is not None
        opened.page.touchscreen.tap(box["x"] + 3, box["y"] + box["height"] / 2)
        z3 = float(opened.floats("z")[2])
        assert z3 <= -9.5
        check_softmax(opened, [3.1, 10.0, z3], 0.001)


# --- cross-entropy ----------------------------------------------------------------------------

CE_CASES = [
    ([3.0, -1.0, 4.0], 2),
    ([3.0, -1.0, 4.0], 1),
    ([200.0, 10.0, -4.0], 0),
    ([200.0, 10.0, -4.0], 2),
    ([1000.0, -1000.0], 0),
    ([1000.0, -1000.0], 1),
    ([10.0, 9.0, 9.0], 0),
    ([10.0, -100.0, -100.0], 0),
    ([800.0, 0.0, 0.0], 0),
    ([2.0, 2.0, 2.0, 2.0, 2.0, 2.0], 4),
    ([1e-300, 0.0], 1),
]


@pytest.mark.parametrize(("z", "j"), CE_CASES)
def test_cross_entropy_widget_matches_the_library(widgets: Widgets, z: list[float], j: int) -> None:
    opened = widgets["cross-entropy"]
    set_scores(opened.root, z)
    opened.root.get_by_role("radio", name=f"class {j + 1}", exact=True).check()
    assert np.array_equal(opened.floats("z"), z)
    assert opened.floats("j")[0] == j
    scores = np.array(z)
    y, log_y = softmax(scores), log_softmax(scores)
    x = bounds.tempered(scores, 1.0)
    err_y, err_log_y = bounds.softmax_bound(x, y), bounds.log_softmax_bound(x, y, log_y)
    loss = float(cross_entropy(scores, j))  # -log y_j: the log-softmax's bound
    compare("cross-entropy", "loss", opened.floats("loss"), loss, err_log_y[j])
    lower = scores.max() - scores[j]  # one subtraction, correctly rounded on both sides
    compare("cross-entropy", "lower bound", opened.floats("lower"), lower, 0.0)
    upper = lower + np.log(len(z))  # log K within 1 ulp on each side, then one rounding
    compare("cross-entropy", "upper bound", opened.floats("upper"), upper, 2 * bounds.ulp(upper))
    assert opened.floats("lower")[0] <= opened.floats("loss")[0] <= opened.floats("upper")[0]
    grad = cross_entropy_grad(scores, j)  # y - t: the softmax's bound and one subtraction
    compare("cross-entropy", "gradient", opened.floats("gradient"), grad, err_y + bounds.ulp(grad))
    check_shown(opened.root.locator("figcaption").first.inner_text(), "E =", loss)
    check_shown(opened.root.locator("figcaption").nth(1).inner_text(), r"class \d+:", grad)


# --- the classifier -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("W", "b", "settings"),
    [
        (None, None, {}),  # the page's start: every w_k points at another class's blob
        ([[200.0, 0.0], [0.0, 200.0], [-150.0, -150.0]], [0.0, 1000.0, -1000.0], {}),  # huge
        ([[0.0, 0.0]] * 3, [0.0, 0.0, 0.0], {}),  # equal scores: J = log 3
        ([[0.0, 0.0]] * 3, [5.0, 5.0, -1.0], {"penalty λ": 0.0}),  # two tied classes
        ([[1e-300, 0.0], [0.0, 0.0], [0.0, -1e-300]], [0.0] * 3, {"penalty λ": 0.0, "step": 1.0}),
        (
            [[0.5, -0.25], [3.0, 1.0], [-2.0, 0.125]],
            [0.3, -0.7, 0.1],
            {"penalty λ": 0.5, "step": 0.05},
        ),
    ],
)
def test_classifier_step_is_one_step_of_the_library_gradient(
    widgets: Widgets, W: Any, b: Any, settings: dict[str, float]
) -> None:
    opened = widgets["classifier"]
    reset(opened)
    for k in range(3 if W is not None else 0):
        for name, value in zip(("wₖ₁", "wₖ₂", "bₖ"), [*W[k], b[k]], strict=True):
            textbox(opened.root, f"class {k + 1} {name}").fill(repr(value))
    for label, value in settings.items():
        textbox(opened.root, label).fill(repr(value))
    step = opened.root.get_by_role("button", name="Step", exact=True)
    check_step(opened, step.click)
    check_step(opened, step.click)


def test_classifier_weight_vectors_move_by_keyboard_and_drag(widgets: Widgets) -> None:
    opened = widgets["classifier"]
    reset(opened)
    handle = opened.root.get_by_role("button", name=re.compile(r"^weight vector w₁ "))
    handle.focus()
    for key in ("ArrowUp", "ArrowUp", "Shift+ArrowRight"):  # (0, 1) -> (0, 1.2) -> (1, 1.2)
        opened.page.keyboard.press(key)
    assert np.array_equal(opened.floats("w")[:2], [1.0, 1.2])
    check_classifier(opened)
    # Drag w₂'s handle to the point (-4.5, 4.5) of the plane: the arrows are drawn 3 times their
    # length, so w₂ becomes (-1.5, 1.5), to the 0.01 the drag rounds to and a pixel of the screen
    # (14 / 3 units across a plane under 400 px wide: below 0.012 per pixel).
    plane = opened.root.locator("svg.mc-plane")
    plane.scroll_into_view_if_needed()
    frame, dot = plane.bounding_box(), opened.root.locator(".mc-handle").nth(1).bounding_box()
    assert frame is not None
    assert dot is not None
    start = (dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2)
    end = (frame["x"] + frame["width"] * 2.5 / 14, frame["y"] + frame["height"] * 2.5 / 14)
    path = [(start[0] + (end[0] - start[0]) * i / 8, start[1] + (end[1] - start[1]) * i / 8)
            for i in range(9)]  # fmt: skip
    if widgets.device == "phone":  # touch events, as a finger sends them
        cdp = opened.page.context.new_cdp_session(opened.page)
        for i, (x, y) in enumerate(path):
            kind = "touchStart" if i == 0 else "touchMove"
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    else:
        opened.page.mouse.move(*start)
        opened.page.mouse.down()
        for x, y in path[1:]:
            opened.page.mouse.move(x, y)
        opened.page.mouse.up()
    assert np.allclose(opened.floats("w")[2:4], [-1.5, 1.5], rtol=0, atol=0.025)
    assert np.array_equal(opened.floats("w")[:2], [1.0, 1.2])  # w₁ stayed where it was
    check_step(
        opened, lambda: opened.root.get_by_role("button", name="Step", exact=True).press("Enter")
    )


def test_classifier_run_never_raises_the_objective(widgets: Widgets) -> None:
    opened = widgets["classifier"]
    reset(opened)
    model, X, labels, l2, eta = model_of(opened)
    L = lipschitz_bound(X, l2)
    assert eta <= 1 / L  # the page's step: the claim "step 1/L never increases J" applies
    run = opened.root.get_by_role("button", name="Run", exact=True)
    run.click()
    opened.page.wait_for_function("(b) => b.textContent === 'Run'", arg=run.element_handle())
    history, steps = opened.floats("history"), int(opened.floats("steps")[0])
    assert len(history) == steps + 1
    assert steps >= 100
    # Each exact decrease is at least |grad J|^2 / (2L), and for descent with step <= 1/L on a
    # convex objective the gradient's norm never grows, so the last norm bounds them all below.
    # That margin is far above the rounding of J (widget_bounds), so every computed J decreases.
    margin = opened.floats("grad-norm")[0] ** 2 / (2 * L)
    start = bounds.linear_bounds(X, labels, model.W, model.b, l2, eta)["loss"]
    assert margin > 1e3 * float(start)
    assert np.all(np.diff(history) < 0), history
    assert history[-1] < history[0] / 10
    check_classifier(opened)


# --- every widget: both schemes, the phone's width, no JavaScript, instant navigation -----------


@pytest.mark.parametrize("widget", list(PAGES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_widget_is_accessible_and_fits_in_both_schemes(
    widgets: Widgets, widget: str, scheme: str
) -> None:
    opened = widgets.open(widget, scheme=scheme)
    page = opened.page
    expected = {"light": "default", "dark": "slate"}[scheme]
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == expected
    opened.root.scroll_into_view_if_needed()
    shots = ARTIFACTS / "widgets"
    shots.mkdir(parents=True, exist_ok=True)
    # The theme's sticky header would cover the widget's top edge in an element's screenshot.
    hide = ".md-header, .md-tabs { visibility: hidden !important; }"
    opened.root.screenshot(path=shots / f"{widget}-{widgets.device}-{scheme}.png", style=hide)
    violations = Axe().run(page, context=".mc-widget").response["violations"]
    blocking = [(v["id"], v["help"]) for v in violations if v["impact"] in {"serious", "critical"}]
    assert not blocking, blocking
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert opened.root.evaluate("(e) => e.scrollWidth <= e.clientWidth")
    # Every control is operable: none is covered by another element where a finger would tap it.
    for control in opened.root.locator("input, select, button").all():
        control.scroll_into_view_if_needed()
        control.click(trial=True)


@pytest.mark.parametrize("widget", list(PAGES))
def test_without_javascript_the_static_figure_stays(widgets: Widgets, widget: str) -> None:
    opened = widgets.open(widget, java_script_enabled=False)
    # The static figure shows its drawing for this width and scheme (a lazy image is loaded
    # at once when scripts are off).
    figure = opened.page.locator(f"figure.figure#{STATIC[widget]}")
    assert figure.count() == 1
    assert figure.is_visible()
    shown = [img for img in figure.locator("img").all() if img.is_visible()]
    assert len(shown) == 1
    assert shown[0].evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0
    assert opened.root.count() == 1
    assert not opened.root.is_visible()
    # The placeholder sits under the figure it extends: no other figure or heading between.
    between = opened.page.evaluate(
        """([figure, widget]) => {
          const all = [...document.querySelectorAll("figure.figure, h2, h3, .mc-widget")];
          const from = all.indexOf(document.getElementById(figure));
          return all.slice(from + 1, all.indexOf(document.querySelector(widget))).length;
        }""",
        [STATIC[widget], f'.mc-widget[data-widget="{widget}"]'],
    )
    assert between == 0


def test_widgets_are_filled_after_instant_navigation(widgets: Widgets) -> None:
    opened = widgets.open("softmax")
    page = opened.page
    wait_for_instant_navigation(page)
    page.evaluate("() => { window.instantMarker = 'kept'; }")
    for widget in ["cross-entropy", "classifier", "softmax"]:
        page.evaluate(
            "(href) => document.querySelector(`a[href$='${href}']`).click()", PAGES[widget]
        )
        page.wait_for_url(widgets.base_url + PAGES[widget])
        root = page.locator(f'.mc-widget[data-widget="{widget}"]')
        root.wait_for(state="visible")
        assert root.get_attribute("data-y"), f"{widget} not filled"
        assert page.evaluate("() => window.instantMarker") == "kept"  # no reload
