"""Building, serving and visiting the site for the browser tests.

A visit loads a page in a fresh browser context, waits until its maths (typeset when the site was
built) is readable, looks at the page in the light scheme, toggles to the dark one and looks
again, then opens the page in a new tab to measure a cached load. It records what the tests assert on (requests,
console, maths, figures, links, claims, axe-core results) and what the report prints.
Screenshots and the report go to ``artifacts/`` (``BROWSER_ARTIFACTS`` overrides it).

Chromium: ``/usr/bin/chromium`` (Debian's package; ``CHROMIUM`` overrides the path). Playwright
drives it; ``playwright install`` is never used.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route
from playwright.sync_api import Error as PlaywrightError

from tests.browser.maths import (
    LAY_OUT_EVERYTHING,
    MATHS_STATE,
    MATHS_TIMEOUT_MS,
    RECORD_READABLE,
    wait_for_maths,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / "artifacts"))
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 900}
#: A figure narrower or shorter than this (CSS px at a 1280 px wide window) is a thumbnail.
MIN_FIGURE_WIDTH, MIN_FIGURE_HEIGHT = 240, 120
#: Pages are served with the cache policy GitHub Pages uses, so "cached load" means what it will.
CACHE_CONTROL = "max-age=600"

CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",  # containers give /dev/shm 64 MB: long pages would crash the tab
    # Belt and braces under the request routing below: no host name resolves except ours.
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]


def source_date_epoch() -> str:
    """The build timestamp: ``SOURCE_DATE_EPOCH`` if set, else the last commit's time."""
    if value := os.environ.get("SOURCE_DATE_EPOCH"):
        return value
    done = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "315532800"  # 1980-01-01, the zip epoch, outside a git clone


def build_site(dest: Path, **env: str) -> Path:
    """Run ``mkdocs build --strict`` into ``dest`` with a fixed ``SOURCE_DATE_EPOCH``."""
    environ = {
        **os.environ,
        "SOURCE_DATE_EPOCH": source_date_epoch(),
        "NO_MKDOCS_2_WARNING": "1",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}")
    return dest


def site_pages(site: Path) -> list[str]:
    """Every page of a build, as a path relative to the site root ('' for the home page).

    Read from the sitemap, and checked against the HTML files the build wrote, so that a page left
    out of the sitemap cannot escape the tests either.
    """
    tree = ET.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [
        urllib.parse.urlsplit(loc.text or "").path for loc in tree.findall(".//s:loc", namespace)
    ]
    base = min(paths, key=len)
    pages = sorted(path.removeprefix(base) for path in paths)
    written = sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if "assets" not in p.relative_to(site).parts
    )
    assert pages == written, f"the sitemap lists {pages}, the build wrote {written}"
    return pages


def slug(page: str) -> str:
    """A file name for a page: 'index' for the home page, 'a-b' for 'a/b/'."""
    return page.strip("/").replace("/", "-") or "index"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server:
    """A directory served over HTTP on 127.0.0.1, on a free port, from a thread."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_Handler, directory=str(directory))
        self._server = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://{HOST}:{self._server.server_address[1]}/"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


# --- one visit of a page ---------------------------------------------------------------------


@dataclass
class Traffic:
    """What a browser context asked for and what went wrong, as the page and its workers saw it."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)

    def merge(self, other: Traffic) -> None:
        for name in ("requests", "foreign", "console", "page_errors", "failed", "http_errors"):
            getattr(self, name).extend(getattr(other, name))

    def problems(self) -> list[str]:
        return [
            *(f"request to another host: {url}" for url in self.foreign),
            *(f"console: {text}" for text in self.console),
            *(f"page error: {text}" for text in self.page_errors),
            *(f"failed request: {text}" for text in self.failed),
            *(f"HTTP error: {text}" for text in self.http_errors),
        ]


#: Console messages that are errors even when logged at a lower level.
_CONSOLE_PROBLEM = re.compile(r"\b[A-Z][A-Za-z]*Error\b|\bfailed\b", re.IGNORECASE)


def new_context(
    browser: Browser, base_url: str, *, route: bool = True, **options: Any
) -> tuple[BrowserContext, Traffic]:
    """A fresh context (empty cache and storage) whose requests may reach ``base_url`` only.

    With ``route`` every request is intercepted and one to another host is aborted. Interception
    turns the browser's HTTP cache off, so the load measurements use ``route=False``: requests are
    then only watched, and Chromium's host resolver rules keep other hosts unreachable.
    ``options`` go to Playwright's ``new_context`` (a phone's viewport, touch, a dark scheme).
    """
    context = browser.new_context(**{"viewport": VIEWPORT, "color_scheme": "light", **options})
    context.set_default_timeout(MATHS_TIMEOUT_MS)
    context.add_init_script(RECORD_READABLE)
    traffic = Traffic(base_url)
    origin = base_url.rstrip("/")

    def ours(url: str) -> bool:
        return url == origin or url.startswith((base_url, "data:", "blob:"))

    def on_route(intercepted: Route) -> None:
        if ours(intercepted.request.url):
            intercepted.continue_()
        else:
            intercepted.abort("blockedbyclient")

    def on_request(request: Any) -> None:
        traffic.requests.append(request.url)
        if not ours(request.url):
            traffic.foreign.append(request.url)

    if route:
        context.route("**/*", on_route)

    def on_console(message: Any) -> None:  # a page's messages and its workers' ones
        text = message.text
        if message.type in {"error", "assert"} or _CONSOLE_PROBLEM.search(text):
            traffic.console.append(f"[{message.type}] {text}")

    def on_page(page: Page) -> None:
        page.on("console", on_console)
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))

    def on_request_failed(request: Any) -> None:
        # A foreign request is reported as such, not as a failure. A request the browser
        # cancelled itself (net::ERR_ABORTED: the page navigated on, or instant navigation
        # swapped out the <link rel=preload> that asked for a font) is no fault of the site: a
        # missing file shows as an HTTP error, a request elsewhere as foreign.
        if ours(request.url) and request.failure != "net::ERR_ABORTED":
            traffic.failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            traffic.http_errors.append(f"{response.status} {response.url}")

    context.on("page", on_page)
    context.on("request", on_request)
    context.on("requestfailed", on_request_failed)
    context.on("response", on_response)
    return context, traffic


# Figures are images of SVG files (src/multiclass_site/figure_files.py), one per window width
# and colour scheme. A drawing the reader sees is loaded (lazy images far from the window first
# get loading="eager"), then its file is placed inline for a moment at the size the image has
# on screen, where the size of its text and the colour of its ink are read as the reader sees
# them. Text is drawn as glyph outlines (src/multiclass_site/figures.py): each run of text is a
# group scaled by font size / 100 whose glyphs are <use> elements, so its size on screen is 100
# units of that group, in CSS px; its ink is the group's fill.
MEASURE_DRAWING = """async (img) => {
  img.loading = "eager";
  try { await img.decode(); } catch (error) { /* not drawn: reported below */ }
  const box = img.getBoundingClientRect();
  const found = {src: img.currentSrc || img.src, drawn: img.complete && img.naturalWidth > 0,
                 width: box.width, height: box.height, texts: 0, smallest: null, inks: []};
  if (!found.drawn) return found;
  const text = await (await fetch(found.src)).text();
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
  if (parsed.namespaceURI !== "http://www.w3.org/2000/svg") return found;
  const svg = document.importNode(parsed, true);
  svg.setAttribute("width", box.width);
  svg.setAttribute("height", box.height);
  svg.style.position = "absolute";
  img.after(svg);
  const glyphs = [...svg.querySelectorAll("g[transform*='scale(']")]
    .filter((g) => g.querySelector(":scope > use"));
  const sizes = glyphs.map((g) => { const m = g.getScreenCTM(); return 100 * Math.hypot(m.a, m.b); });
  found.texts = sizes.length;
  found.smallest = sizes.length ? Math.min(...sizes) : null;
  found.inks = [...new Set(glyphs.map((g) => getComputedStyle(g).fill))];
  svg.remove();
  return found;
}"""

FIGURES = f"""async () => {{
  const measure = {MEASURE_DRAWING};
  const background = (element) => {{
    for (let e = element; e; e = e.parentElement) {{
      const colour = getComputedStyle(e).backgroundColor;
      if (colour && colour !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(colour)) return colour;
    }}
    return getComputedStyle(document.body).backgroundColor;
  }};
  const found = [];
  for (const [index, figure] of [...document.querySelectorAll("figure.figure")].entries()) {{
    const img = [...figure.querySelectorAll("img")].find((i) => i.checkVisibility());
    const caption = figure.querySelector(":scope > figcaption");
    const captionBox = caption ? caption.getBoundingClientRect() : {{ height: 0 }};
    if (!img) {{
      found.push({{ index, img: false, images: figure.querySelectorAll("img").length }});
      continue;
    }}
    const drawing = await measure(img);
    found.push({{
      index, img: true, id: figure.id, ...drawing, alt: img.getAttribute("alt") || "",
      text_colour: getComputedStyle(img).color, background: background(img),
      caption: caption ? caption.innerText.trim() : "", captionHeight: captionBox.height,
    }});
  }}
  return found;
}}"""

LINKS = """() => [...document.querySelectorAll("a[href]")].map((a) => a.href)"""

CLAIMS = """() => [...document.querySelectorAll(".md-content .claim")].map((c) => c.id)"""

SETTLED = """() => document.getAnimations().every((a) => a.playState !== "running")"""

IN_VIEW = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight;
}"""

METRICS = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {
    load_ms: navigation.loadEventEnd - navigation.startTime,
    resources: [[navigation.name, navigation.transferSize, navigation.decodedBodySize],
                ...resources.map((r) => [r.name, r.transferSize, r.decodedBodySize])],
  };
}"""

WORKER_RESOURCES = """() => performance.getEntriesByType("resource")
  .map((r) => [r.name, r.transferSize, r.decodedBodySize])"""


@dataclass
class Load:
    """One load of a page: time to the load event, time until every formula is readable (laid
    out, in the fonts it needs), and what crossed the network (transfer sizes are 0 for responses
    served from the browser's cache)."""

    load_ms: float
    maths_ms: float
    requests: int
    transferred: int
    decoded: int
    from_cache: int
    #: What crossed the network (address, bytes), to estimate a compressed transfer afterwards.
    fetched: list[tuple[str, int]] = field(default_factory=list, repr=False)
    #: The same bodies gzip-compressed, as a server that compresses (GitHub Pages) would send them.
    gzipped: int = 0


@dataclass
class Scheme:
    """What a page looks like in one colour scheme."""

    name: str
    maths: dict[str, Any]
    figures: list[dict[str, Any]]
    axe: list[dict[str, Any]]
    screenshot: str


@dataclass
class Visit:
    page: str
    url: str
    traffic: Traffic
    schemes: list[Scheme]
    first: Load | None
    cached: Load | None
    links: list[str]
    claims: list[str]
    claim_scroll: dict[str, bool]
    problems: list[str]


def measure(page: Page) -> Load:
    """Load metrics of the page's current document, its own requests and its workers'."""
    maths_ms = page.evaluate("() => window.__mathsReadable ?? NaN")
    metrics = page.evaluate(METRICS)
    resources = list(metrics["resources"])
    for worker in page.workers:
        with contextlib.suppress(PlaywrightError):  # a worker that ended before we asked
            resources += worker.evaluate(WORKER_RESOURCES)
    return Load(
        load_ms=round(metrics["load_ms"], 1),
        maths_ms=round(maths_ms, 1),
        requests=len(resources),
        transferred=sum(r[1] for r in resources),
        decoded=sum(r[2] for r in resources),
        from_cache=sum(1 for r in resources if r[1] == 0),
        fetched=[(r[0], r[1]) for r in resources if r[1] > 0],
    )


def estimate_gzip(load: Load, site: Path, base_url: str) -> int:
    """Bytes the fetched files of a load take gzip-compressed (level 6, as web servers use)."""
    total = 0
    for url, _ in load.fetched:
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
        relative = path.removeprefix(urllib.parse.urlsplit(base_url).path)
        file = site / relative
        if file.is_dir():
            file /= "index.html"
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), compresslevel=6, mtime=0))
    return total


def wait_for_instant_navigation(page: Page) -> None:
    """Wait until the theme follows a link without reloading the page: it has the sitemap.

    The theme's instant navigation only takes links to pages its sitemap lists; a click before
    the sitemap has arrived loads the next page anew, as a plain link would.
    """
    page.wait_for_function(
        """() => performance.getEntriesByType("resource")
          .some((r) => r.name.endsWith("/sitemap.xml") && r.responseEnd > 0)""",
        polling=50,
    )
    page.wait_for_timeout(200)  # the theme reads it a few promise steps after its arrival


def toggle_palette(page: Page, title: str, scheme: str) -> None:
    """Click the header's palette toggle and wait for the colour scheme to change."""
    page.get_by_title(title, exact=True).click()
    page.wait_for_function(
        "(scheme) => document.body.getAttribute('data-md-color-scheme') === scheme", arg=scheme
    )


def look(page: Page, page_path: str, scheme: str, axe: Axe) -> Scheme:
    """Record the maths, figures and accessibility of the page as it is now, with a screenshot."""
    page.add_style_tag(content=LAY_OUT_EVERYTHING)
    # The theme fades colours when the scheme changes: look once the transitions have ended.
    page.wait_for_function(SETTLED, polling=50)
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    screenshot = shots / f"{slug(page_path)}-{scheme}.png"
    page.screenshot(path=screenshot, full_page=True, animations="disabled")
    maths = page.evaluate(MATHS_STATE)
    # Folded blocks (the tests under the claims, examples) are opened, so that axe-core and the
    # figure checks see everything a reader can unfold.
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    page.wait_for_function(SETTLED, polling=50)  # their content fades to the scheme's colours
    figures = page.evaluate(FIGURES)
    results = axe.run(page)
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = false; })")
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "summary": n.get("failureSummary", "")} for n in v["nodes"]
            ],
        }
        for v in results.response["violations"]
    ]
    return Scheme(scheme, maths, figures, violations, screenshot.relative_to(ARTIFACTS).as_posix())


def visit(browser: Browser, base_url: str, page_path: str, axe: Axe) -> Visit:
    """Look at a page in both schemes with every request routed, then measure two loads of it.

    The checks run in a context that routes every request; the measurements (a first load with an
    empty cache, then a new tab with the cache warm) in one that only watches them (see
    :func:`new_context`). Both contexts' traffic is checked.
    """
    url = base_url + page_path
    problems: list[str] = []
    schemes: list[Scheme] = []
    links: list[str] = []
    claims: list[str] = []
    claim_scroll: dict[str, bool] = {}
    context, traffic = new_context(browser, base_url)
    try:
        page = context.new_page()
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            problems.append(f"loading {url} gave {response and response.status}")
        if error := wait_for_maths(page):
            problems.append(error)
        schemes.append(look(page, page_path, "light", axe))
        toggle_palette(page, "Switch to dark mode", "slate")
        schemes.append(look(page, page_path, "dark", axe))
        links = page.evaluate(LINKS)
        claims = page.evaluate(CLAIMS)
        for claim in claims:
            if claim:
                page.goto(f"{url}#{claim}")
                claim_scroll[claim] = page.evaluate(IN_VIEW, claim)
    except PlaywrightError as error:
        problems.append(f"browser: {error.message.splitlines()[0]}")
    finally:
        context.close()

    first = cached = None
    measured, measured_traffic = new_context(browser, base_url, route=False)
    try:
        loads = []
        for attempt in ("first load", "cached load"):
            tab = measured.new_page()
            tab.goto(url, wait_until="load")
            if error := wait_for_maths(tab):
                problems.append(f"{attempt}: {error}")
            loads.append(measure(tab))
            tab.close()
        first, cached = loads
    except PlaywrightError as error:
        problems.append(f"browser: {error.message.splitlines()[0]}")
    finally:
        measured.close()
    traffic.merge(measured_traffic)
    return Visit(
        page_path, url, traffic, schemes, first, cached, links, claims, claim_scroll, problems
    )


# --- the report -------------------------------------------------------------------------------


def _kib(n: int) -> str:
    return f"{n / 1024:,.0f} KiB"


def report_lines(found: dict[str, Visit]) -> list[str]:
    header = (
        f"{'page':<24} {'first load':>10} {'maths':>8} {'req':>4} {'transferred':>12} "
        f"{'gzip est.':>10} | {'cached load':>11} {'maths':>8} {'req':>4} {'transferred':>12} "
        "| axe s/c  m/m"
    )
    lines = [header, "-" * len(header)]
    blocking = other = 0
    for visit in found.values():
        first, cached = visit.first, visit.cached
        impacts = [v["impact"] for s in visit.schemes for v in s.axe]
        serious = sum(1 for i in impacts if i in {"serious", "critical"})
        blocking, other = blocking + serious, other + len(impacts) - serious
        if first is None or cached is None:
            lines.append(f"{visit.page or '/':<24} (no measurement: {visit.problems})")
            continue
        lines.append(
            f"{visit.page or '/':<24} {first.load_ms:>8.0f}ms {first.maths_ms:>6.0f}ms "
            f"{first.requests:>4} {_kib(first.transferred):>12} {_kib(first.gzipped):>10} | "
            f"{cached.load_ms:>9.0f}ms {cached.maths_ms:>6.0f}ms {cached.requests:>4} "
            f"{_kib(cached.transferred):>12} | {serious:>7} {len(impacts) - serious:>4}"
        )
    lines += [
        (
            f"{len(found)} pages; axe-core violations over both colour schemes: {blocking} serious or "
            f"critical, {other} moderate or minor."
        ),
        "load: navigation start to the load event. maths: navigation start until every formula is",
        "laid out in the fonts it needs (readable). transferred: bytes over the network, headers included,",
        "for the page and its workers, from a test server that does not compress. gzip est.: the",
        "same files gzip-compressed, as GitHub Pages sends them. cached: the page opened again in a",
        f"new tab of the same browser, pages served with Cache-Control: {CACHE_CONTROL} as on",
        "GitHub Pages. axe s/c: serious or critical violations; m/m: moderate or minor ones.",
    ]
    return lines


def write_report(found: dict[str, Visit]) -> list[str]:
    """Write the report (text and JSON) to the artifacts folder and return its text lines."""
    lines = report_lines(found)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "browser-report.txt").write_text("\n".join(lines) + "\n")
    data = {
        visit.page or "/": {
            "url": visit.url,
            "first": visit.first and asdict(visit.first),
            "cached": visit.cached and asdict(visit.cached),
            "axe": {s.name: s.axe for s in visit.schemes},
            "screenshots": [s.screenshot for s in visit.schemes],
            "problems": visit.problems + visit.traffic.problems(),
        }
        for visit in found.values()
    }
    (ARTIFACTS / "browser-report.json").write_text(json.dumps(data, indent=2) + "\n")
    return lines
