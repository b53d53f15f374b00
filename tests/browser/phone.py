"""The phone pass: every page as a mid-range phone shows it, and what it costs to load.

A page is loaded once, with an empty cache, in a context like a phone's (390 x 844 CSS px,
device scale 2, touch) whose CPU the DevTools protocol slows four times
(``Emulation.setCPUThrottlingRate``). The visit records the time until every formula is readable,
the bytes of the first load (raw, and gzip-compressed as a compressing server would send them),
and what the tests assert on: formulas, sideways scrolling, figure text sizes, accessibility.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import subprocess
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser.maths import LAY_OUT_EVERYTHING, MATHS_STATE, wait_for_maths
from tests.browser.site import ARTIFACTS, FIGURES, ROOT, new_context, slug

PHONE_WIDTH, PHONE_HEIGHT = 390, 844
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
CPU_SLOWDOWN = 4
#: How long to wait after the load event for requests the page makes later (the search index).
SETTLE_MS = 3_000

#: The targets of the phone pass (issue 8), checked by tests/browser/test_phone.py.
READABLE_TARGET_MS = 1_500
FIRST_LOAD_TARGET_BYTES = 1_200_000
MIN_FIGURE_TEXT_PX = 9.0

SIDEWAYS = """() => {
  const page = document.scrollingElement;
  return {scroll_width: page.scrollWidth, width: page.clientWidth,
          wide: [...document.querySelectorAll(".md-content *")].filter((e) => {
            const box = e.getBoundingClientRect();
            if (box.right <= page.clientWidth + 1 || !e.checkVisibility()) return false;
            for (let p = e.parentElement; p; p = p.parentElement) {
              if (p === document.body) break;
              if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return false;
            }
            return true;
          }).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`)};
}"""

# Touch targets of the claim and "checked by" blocks: the summary that opens a test or an example
# (WCAG 2.2 2.5.8 asks 24 x 24 CSS px at least; links inside a sentence are exempt).
TOUCH_TARGETS = """() => [...document.querySelectorAll(".md-content details > summary")]
  .filter((e) => e.checkVisibility())
  .map((e) => { const b = e.getBoundingClientRect();
                return {text: e.textContent.trim().slice(0, 40), width: b.width, height: b.height}; })"""


def shown_figures(tab: Page) -> list[dict[str, Any]]:
    """The figures the phone shows now, each measured as it draws it (``site.FIGURES``)."""
    return [figure for figure in tab.evaluate(FIGURES) if figure["img"]]


@dataclass
class PhoneVisit:
    """One page on the phone: its first load's cost and what it looked like."""

    page: str
    readable_ms: float | None = None
    load_ms: float | None = None
    raw_bytes: int = 0
    gzip_bytes: int = 0
    requests: list[str] = field(default_factory=list, repr=False)
    maths: dict[str, Any] = field(default_factory=dict)
    sideways: dict[str, Any] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)
    touch: list[dict[str, Any]] = field(default_factory=list)
    axe: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def smallest_figure_text(self) -> float | None:
        sizes = [f["smallest"] for f in self.figures if f["smallest"] is not None]
        return min(sizes) if sizes else None


def _file(url: str, site: Path, base_url: str) -> Path | None:
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    file = site / path.removeprefix(urllib.parse.urlsplit(base_url).path)
    if file.is_dir():
        file /= "index.html"
    return file if file.is_file() else None


def phone_visit(
    browser: Browser, base_url: str, site: Path, page_path: str, axe: Axe
) -> PhoneVisit:
    """Load ``page_path`` once on the slowed phone and record what the phone pass reports."""
    seen = PhoneVisit(page_path)
    first_load: int | None = None  # every request, if the visit stopped before it was counted
    context, traffic = new_context(browser, base_url, route=False, **PHONE)
    try:
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        tab.goto(base_url + page_path, wait_until="load")
        if error := wait_for_maths(tab):
            seen.problems.append(error)
        tab.wait_for_timeout(SETTLE_MS)
        seen.readable_ms = tab.evaluate("() => window.__mathsReadable ?? null")
        seen.load_ms = tab.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n.loadEventEnd - n.startTime; }"
        )
        # What the first load fetched; the checks below load every figure's drawing besides.
        first_load = len(traffic.requests)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})  # the checks need no slowing
        tab.add_style_tag(content=LAY_OUT_EVERYTHING)
        seen.maths = tab.evaluate(MATHS_STATE)
        seen.sideways = tab.evaluate(SIDEWAYS)
        seen.figures = shown_figures(tab)
        seen.touch = tab.evaluate(TOUCH_TARGETS)
        shots = ARTIFACTS / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=shots / f"{slug(page_path)}-phone.png", full_page=True)
        tab.evaluate(
            "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
        )
        seen.figures += shown_figures(tab)
        seen.axe = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]]}
            for v in axe.run(tab).response["violations"]
        ]  # fmt: skip
    except PlaywrightError as error:
        seen.problems.append(f"browser: {error.message.splitlines()[0]}")
    finally:
        context.close()
    seen.requests = traffic.requests[:first_load]
    seen.problems += traffic.problems()
    for url in dict.fromkeys(seen.requests):  # each file once, as the browser fetched it once
        if (file := _file(url, site, base_url)) is not None:
            body = file.read_bytes()
            seen.raw_bytes += len(body)
            seen.gzip_bytes += len(gzip.compress(body, compresslevel=6, mtime=0))
    return seen


# --- the report -------------------------------------------------------------------------------


def _measured_where(browser_version: str) -> str:
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo", encoding="utf-8") as info:  # noqa: PTH123 - Linux only, optional
        names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    cpu = names[0] if names else cpu
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    when = datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {when} by `make test-browser` at commit {commit or 'unknown'}: Chromium "
        f"{browser_version}, headless, on {os.cpu_count()} cores of {cpu} (load average {load}); "
        f"pages served from 127.0.0.1 without compression."
    )


def _scrolls(seen: PhoneVisit) -> bool:
    return bool(seen.sideways) and seen.sideways["scroll_width"] > seen.sideways["width"]


def _cell(value: float | None, unit: str, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f} {unit}"


def results_table(found: dict[str, PhoneVisit], browser_version: str) -> str:
    """The phone pass as a Markdown table, with the targets and where it was measured."""
    intro = (
        f"Phone pass: {PHONE_WIDTH} x {PHONE_HEIGHT} CSS px, device scale "
        f"{PHONE['device_scale_factor']}, touch, CPU slowed {CPU_SLOWDOWN} times (DevTools "
        f"`Emulation.setCPUThrottlingRate`), empty cache. {_measured_where(browser_version)}"
    )
    header = (
        "| page | maths readable | first load, raw | first load, gzip | smallest figure text "
        "| collapsed formulas | page scrolls sideways |"
    )
    lines = [intro, "", header, "|---|--:|--:|--:|--:|--:|---|"]
    for seen in found.values():
        lines.append(
            f"| {seen.page or '/'} | {_cell(seen.readable_ms, 'ms')} "
            f"| {_cell(seen.raw_bytes / 1000, 'kB')} | {_cell(seen.gzip_bytes / 1000, 'kB')} "
            f"| {_cell(seen.smallest_figure_text, 'px', 1)} "
            f"| {len(seen.maths.get('collapsed', []))} | {'yes' if _scrolls(seen) else 'no'} |"
        )
    readable = [s.readable_ms for s in found.values() if s.readable_ms is not None]
    texts = [t for s in found.values() if (t := s.smallest_figure_text) is not None]
    heaviest = max(found.values(), key=lambda s: s.raw_bytes)
    collapsed = sum(len(s.maths.get("collapsed", [])) for s in found.values())
    sideways = sum(1 for s in found.values() if _scrolls(s))
    slowest = _cell(max(readable, default=None), "ms")
    weight = (
        f"{heaviest.raw_bytes / 1e6:.2f} MB ({heaviest.gzip_bytes / 1e6:.2f} MB gzipped), "
        f"{heaviest.page or '/'}"
    )
    smallest = _cell(min(texts, default=None), "px", 1)
    lines += [
        "",
        "| target (issue 8), over every page | measured | target |",
        "|---|--:|--:|",
        f"| display formulas collapsed | {collapsed} | 0 |",
        f"| time until every formula is readable | {slowest} | ≤ {READABLE_TARGET_MS:,} ms |",
        f"| first-load bytes, heaviest page | {weight} | ≤ {FIRST_LOAD_TARGET_BYTES / 1e6:.1f} MB |",
        f"| smallest figure text | {smallest} | ≥ {MIN_FIGURE_TEXT_PX:.0f} px |",
        f"| pages that scroll sideways | {sideways} | 0 |",
    ]
    return "\n".join(lines) + "\n"


#: Set to record the table on the Speed page (benchmarks/phone-results.md), as `make bench` does.
RECORD = os.environ.get("RECORD_PHONE_RESULTS", "") not in {"", "0"}
RECORDED = ROOT / "benchmarks" / "phone-results.md"


def write_results(found: dict[str, PhoneVisit], browser_version: str) -> str:
    """Write the phone table to artifacts/ (and to the Speed page's file when recording)."""
    table = results_table(found, browser_version)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "phone-results.md").write_text(table, encoding="utf-8")
    data = {seen.page or "/": {k: v for k, v in vars(seen).items() if k != "requests"}
            for seen in found.values()}  # fmt: skip
    (ARTIFACTS / "phone-report.json").write_text(json.dumps(data, indent=2) + "\n")
    if RECORD:
        RECORDED.write_text(table, encoding="utf-8")
    return table
