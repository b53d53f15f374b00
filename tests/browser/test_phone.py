"""The phone pass: every page at 390 px, touch, CPU slowed 4x (see tests/browser/phone.py).

The targets of issue 8 are asserted here; the measurements themselves (time until the maths is
readable, first-load bytes) are reported in the load report, written to artifacts/ and, when
recorded, shown on the Speed page.
"""

from __future__ import annotations

import pytest

from tests.browser.maths import maths_problems
from tests.browser.phone import MIN_FIGURE_TEXT_PX, PhoneVisit
from tests.browser.site import Visit
from tests.browser.test_site import BLOCKING_IMPACTS, problems_by_page

pytestmark = pytest.mark.browser

#: WCAG 2.2 success criterion 2.5.8 (AA): a target at least 24 x 24 CSS px.
MIN_TARGET_PX = 24


def test_every_page_is_visited_on_the_phone(
    phone_visits: dict[str, PhoneVisit], visits: dict[str, Visit]
) -> None:
    assert sorted(phone_visits) == sorted(visits)
    found = {p: v.problems for p, v in phone_visits.items() if v.problems}
    assert not found, problems_by_page(found)


def test_no_formula_collapses_and_no_tex_shows(phone_visits: dict[str, PhoneVisit]) -> None:
    found = {p: maths_problems(v.maths) for p, v in phone_visits.items()}
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)
    assert phone_visits["cross-entropy/"].maths["formulas"] > 0  # the check saw formulas


def test_no_page_scrolls_sideways(phone_visits: dict[str, PhoneVisit]) -> None:
    found = {
        p: f"{v.sideways['scroll_width']} px wide in a {v.sideways['width']} px window "
        f"(too wide: {v.sideways['wide']})"
        for p, v in phone_visits.items()
        if v.sideways["scroll_width"] > v.sideways["width"]
    }
    assert not found, problems_by_page(found)


def test_figure_text_is_at_least_9_px(phone_visits: dict[str, PhoneVisit]) -> None:
    found: dict[str, list[str]] = {}
    for page, seen in phone_visits.items():
        for figure in seen.figures:
            if not figure["drawn"]:
                found.setdefault(page, []).append(f"{figure['id']}: {figure['src']} not drawn")
            elif not figure["src"].endswith("-narrow.svg"):
                found.setdefault(page, []).append(f"{figure['id']}: {figure['src']} on a phone")
            elif not figure["texts"]:
                found.setdefault(page, []).append(f"{figure['id']}: no text found")
            elif figure["smallest"] < MIN_FIGURE_TEXT_PX:
                found.setdefault(page, []).append(f"{figure['id']}: {figure['smallest']:.1f} px")
    assert not found, problems_by_page(found)
    # Guard: the figures' text was found (the figure pages have some).
    assert phone_visits["cross-entropy/"].smallest_figure_text is not None


def test_every_page_is_measured(phone_visits: dict[str, PhoneVisit]) -> None:
    # The time until the maths is readable and the first-load bytes are measurements, reported
    # with their targets (see tests/browser/phone.py) in the load report and on
    # the Speed page, not limits: a timed test would fail on a busy machine, not on a slow site.
    found = {
        p: f"readable after {v.readable_ms} ms, {v.raw_bytes} bytes ({v.gzip_bytes} gzipped)"
        for p, v in phone_visits.items()
        if not (v.readable_ms and v.readable_ms > 0 and 0 < v.gzip_bytes < v.raw_bytes)
    }
    assert not found, problems_by_page(found)
    # The search index, fetched by the theme's script on every first load, is counted.
    assert all(any("search_index.json" in u for u in v.requests) for v in phone_visits.values())


def test_only_pages_with_maths_load_the_maths_font(phone_visits: dict[str, PhoneVisit]) -> None:
    # One font for every formula of the site, cut to its glyphs; a browser fetches it only for a
    # page that draws a formula, once.
    fetched = {p: [u for u in v.requests if u.endswith("/assets/maths/maths.woff2")]
               for p, v in phone_visits.items()}  # fmt: skip
    found = {
        p: f"{len(fetched[p])} fetches of the maths font for {v.maths['formulas']} formulas"
        for p, v in phone_visits.items()
        if len(fetched[p]) != (1 if v.maths["formulas"] else 0)
    }
    assert not found, problems_by_page(found)
    assert fetched["cross-entropy/"]


def test_no_serious_or_critical_accessibility_violation_on_the_phone(
    phone_visits: dict[str, PhoneVisit],
) -> None:
    found = {
        p: [f"{a['id']} ({a['impact']}): {a['help']} at {a['nodes']}" for a in v.axe
            if a["impact"] in BLOCKING_IMPACTS]
        for p, v in phone_visits.items()
    }  # fmt: skip
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)


def test_claim_and_checked_by_blocks_are_easy_to_touch(
    phone_visits: dict[str, PhoneVisit],
) -> None:
    found: dict[str, list[str]] = {}
    for page, seen in phone_visits.items():
        for target in seen.touch:
            if min(target["width"], target["height"]) < MIN_TARGET_PX:
                found.setdefault(page, []).append(
                    f"{target['text']!r}: {target['width']:.0f} x {target['height']:.0f} px"
                )
    assert not found, problems_by_page(found)
    assert any(seen.touch for seen in phone_visits.values())  # the claim pages have blocks
