"""The built site in a real browser: every page, both colour schemes, offline, accessible.

Run with ``make test-browser``; ``make test`` leaves these out (they need Chromium).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import struct
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from mkdocs.config import load_config
from playwright.sync_api import Browser, Page

from tests.browser.maths import LAY_OUT_EVERYTHING, MATHS_STATE, maths_problems, wait_for_maths
from tests.browser.phone import PHONE, shown_figures
from tests.browser.site import (
    ARTIFACTS,
    MIN_FIGURE_HEIGHT,
    MIN_FIGURE_WIDTH,
    ROOT,
    Server,
    Visit,
    build_site,
    new_context,
    source_date_epoch,
    visit,
    wait_for_instant_navigation,
)

pytestmark = pytest.mark.browser

#: axe-core impacts that fail the tests; "moderate" and "minor" ones are listed in the report.
BLOCKING_IMPACTS = {"serious", "critical"}
#: WCAG 2.x AA contrast for graphical objects and large text (1.4.11): the figures' ink.
MIN_INK_CONTRAST = 3.0


def problems_by_page(found: dict[str, str | list[str]]) -> str:
    lines = []
    for page, items in found.items():
        for item in [items] if isinstance(items, str) else items:
            lines.append(f"{page or '/'}: {item}")
    return "\n".join(lines)


def nav_pages(entries: object) -> list[str]:
    """The pages of a MkDocs ``nav`` as site paths: 'index.md' -> '', 'a/b.md' -> 'a/b/'."""
    if isinstance(entries, str):
        if entries.endswith(".md"):
            page = entries.removesuffix(".md")
            return [page.removesuffix("index") if page.endswith("index") else page + "/"]
        return []  # an external link
    if isinstance(entries, dict):
        return [p for value in entries.values() for p in nav_pages(value)]
    if isinstance(entries, list):
        return [p for entry in entries for p in nav_pages(entry)]
    return []


def test_nav_pages_maps_files_to_addresses() -> None:
    nav = [{"Home": "index.md"}, {"Part": [{"A": "a.md"}, "sub/index.md", "https://x.org"]}]
    assert nav_pages(nav) == ["", "a/", "sub/"]


def test_every_page_of_the_navigation_is_visited(
    pages: list[str], visits: dict[str, Visit]
) -> None:
    # The visited pages come from the build's sitemap: it must hold every page of the navigation.
    config = load_config(str(ROOT / "mkdocs.yml"))
    expected = nav_pages(config["nav"])
    assert expected
    assert set(expected) <= set(visits), (
        f"pages in the nav not visited: {set(expected) - set(visits)}"
    )
    assert sorted(visits) == sorted(pages)
    unmeasured = {p: v.problems for p, v in visits.items() if v.first is None or v.cached is None}
    assert not unmeasured, problems_by_page(unmeasured)


def test_no_request_leaves_the_site_and_nothing_fails(visits: dict[str, Visit]) -> None:
    found = {p: v.problems + v.traffic.problems() for p, v in visits.items()}
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)
    # Guard: the routing saw the site's own traffic, the maths font included.
    requests = [url for v in visits.values() for url in v.traffic.requests]
    assert any(url.endswith("/assets/maths/temml.css") for url in requests)
    assert any(url.endswith("/assets/maths/maths.woff2") for url in requests)


def test_maths_is_typeset_and_spoken_in_both_schemes(visits: dict[str, Visit]) -> None:
    found = {
        f"{p} ({s.name})": maths_problems(s.maths) for p, v in visits.items() for s in v.schemes
    }
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)
    # Guard: the home page states formulas, so the check above saw some.
    assert visits[""].schemes[0].maths["formulas"] > 0


def relative_luminance(css: str) -> float:
    """WCAG relative luminance of a CSS ``rgb()``/``rgba()`` colour (alpha ignored)."""
    r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", css)[:3])

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper_matches_wcag() -> None:
    # Black on white is 21:1 by the WCAG definition; equal colours are 1:1.
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast("rgba(30, 30, 30, 1)", "rgb(30, 30, 30)") == pytest.approx(1.0)


def test_figures_are_drawn_and_legible_in_both_schemes(visits: dict[str, Visit]) -> None:
    found: dict[str, list[str]] = {}
    for page, v in visits.items():
        for scheme in v.schemes:
            items = found.setdefault(f"{page} ({scheme.name})", [])
            for figure in scheme.figures:
                name = f"figure {figure['index'] + 1}"
                if not figure["img"]:
                    items.append(f"{name} shows no drawing ({figure['images']} images)")
                    continue
                name += f" ({figure['id']}, {figure['src'].rsplit('/', 1)[-1]})"
                if not figure["drawn"]:
                    items.append(f"{name} is not drawn (its file did not load)")
                    continue
                if figure["width"] < MIN_FIGURE_WIDTH or figure["height"] < MIN_FIGURE_HEIGHT:
                    items.append(f"{name} is {figure['width']:.0f}x{figure['height']:.0f} px")
                if not figure["alt"].strip():
                    items.append(f"{name} has no text alternative")
                # Numbered by the build in page order, shown under the drawing.
                number = f"Figure {figure['index'] + 1}. "
                if not figure["caption"].startswith(number) or figure["captionHeight"] <= 0:
                    items.append(
                        f"{name}: caption {figure['caption']!r} (height "
                        f"{figure['captionHeight']:.0f} px) is not a visible '{number}...'"
                    )
                # The drawing of this scheme: its text is in the page's text colour (labels of
                # a data series may be in the series' colour), and every colour is legible.
                if figure["texts"] and figure["text_colour"] not in figure["inks"]:
                    items.append(f"{name}: ink {figure['inks']}, text is {figure['text_colour']}")
                for ink in figure["inks"]:
                    ratio = contrast(ink, figure["background"])
                    if ratio < MIN_INK_CONTRAST:
                        items.append(f"{name}: ink contrast {ratio:.1f} on its background")
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)
    # Guard: the figures' text and ink were read (the answer pages have figures with text).
    dark = next(s for s in visits["cross-entropy/"].schemes if s.name == "dark")
    assert any(f.get("texts") for f in dark.figures)
    assert all(f["src"].endswith("-dark.svg") for f in dark.figures)


def test_no_serious_or_critical_accessibility_violation(visits: dict[str, Visit]) -> None:
    found = {
        f"{p} ({s.name})": [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in s.axe
            if v["impact"] in BLOCKING_IMPACTS
        ]
        for p, visit_ in visits.items()
        for s in visit_.schemes
    }
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)


def test_screenshots_of_both_schemes_are_written(visits: dict[str, Visit]) -> None:
    for v in visits.values():
        assert [s.name for s in v.schemes] == ["light", "dark"]
        shots = [ARTIFACTS / s.screenshot for s in v.schemes]
        for shot in shots:
            header = shot.read_bytes()[:24]
            assert header[:8] == b"\x89PNG\r\n\x1a\n", shot
            width, height = struct.unpack(">II", header[16:24])
            assert width >= 1280, (shot, width)
            assert height >= 600, (shot, height)
        # Toggling the palette changed what is drawn.
        assert shots[0].read_bytes() != shots[1].read_bytes()


def html_ids(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r'\s(?:id|name)="([^"]+)"', text))


def test_internal_links_and_anchors_resolve(
    visits: dict[str, Visit], built_site: Path, base_url: str
) -> None:
    found: dict[str, list[str]] = {}
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page, v in visits.items():
        for href in sorted(set(v.links)):
            if not href.startswith(base_url):
                continue  # other hosts: not fetched (the site links to DOIs)
            address, _, fragment = href.partition("#")
            path = urllib.parse.unquote(urllib.parse.urlsplit(address).path)
            target = built_site / path.lstrip("/")
            if path.endswith("/"):
                target /= "index.html"
            if not target.is_file():
                found.setdefault(page, []).append(f"broken link {href}")
                continue
            checked += 1
            if fragment and target.suffix == ".html":
                anchors = ids.setdefault(target, html_ids(target))
                if urllib.parse.unquote(fragment) not in anchors:
                    found.setdefault(page, []).append(f"no anchor #{fragment} for {href}")
    assert not found, problems_by_page(found)
    assert checked >= len(visits), "the pages link to each other through the navigation"


def test_claims_have_unique_ids_and_their_anchors_scroll_into_view(
    visits: dict[str, Visit],
) -> None:
    owners: dict[str, list[str]] = {}
    found: dict[str, list[str]] = {}
    for page, v in visits.items():
        for claim in v.claims:
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", claim):
                found.setdefault(page, []).append(f"claim without a kebab-case id: {claim!r}")
            owners.setdefault(claim, []).append(page)
            if not v.claim_scroll.get(claim):
                found.setdefault(page, []).append(f"#{claim} does not bring the claim into view")
    found |= {f"#{c}": f"on several pages: {p}" for c, p in owners.items() if len(p) > 1}
    assert not found, problems_by_page(found)
    assert "softmax-is-a-distribution" in visits[""].claims


# Click a link to the target, as a reader would; a page that no link on the start page reaches (one
# left out of the navigation) gets a link added to the article for the purpose.
CLICK_LINK = """(target) => {
  let link = [...document.querySelectorAll("a[href]")]
    .find((a) => a.href.split("#")[0] === target && !a.target);
  if (!link) {
    link = document.createElement("a");
    link.href = target;
    link.textContent = "next page";
    document.querySelector("article").append(link);
  }
  link.click();
}"""


def test_instant_navigation_typesets_every_page_again(
    browser: Browser, base_url: str, pages: list[str]
) -> None:
    context, traffic = new_context(browser, base_url)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for target in pages:
            start = "" if target else pages[1]
            page.goto(base_url + start)
            assert wait_for_maths(page) is None
            # The maths is readable before the theme's deferred scripts run; a click before they
            # have is an ordinary page load, so wait for the theme (it exposes document$).
            page.wait_for_function("() => window.document$ !== undefined")
            # Marks: a variable that survives only an instant navigation, and an attribute on the
            # article that goes with the old page.
            page.evaluate("""() => {
              window.instantMarker = "kept";
              document.querySelector("article").setAttribute("data-old-page", "");
            }""")
            page.evaluate(CLICK_LINK, base_url + target)
            page.wait_for_url(base_url + target)
            page.wait_for_function("() => !document.querySelector('[data-old-page]')")
            items = found.setdefault(target, [])
            if error := wait_for_maths(page):
                items.append(error)
            if page.evaluate("() => window.instantMarker") != "kept":
                items.append("the page was reloaded, not swapped by instant navigation")
            items += maths_problems(page.evaluate(MATHS_STATE))
    finally:
        context.close()
    found[" traffic"] = traffic.problems()
    found = {p: items for p, items in found.items() if items}
    assert not found, problems_by_page(found)


def search(page: Page, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the search box key by key; the results, their text and address."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=40)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.evaluate("""() => [...document.querySelectorAll(".md-search-result__item")]
      .map((item) => ({text: item.innerText, html: item.innerHTML,
                       href: item.querySelector("a")?.href || ""}))""")


#: Search snippets must read like the page: no TeX source (delimiters, macros, dollar pairs).
RAW_TEX = re.compile(r"\\[()[\]]|\\[A-Za-z]{2,}|\$[^$\s][^$]*\$")


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("softmax", "softmax/"),
        ("cross-entropy", "cross-entropy/"),
        ("sigmoid", "softmax-sigmoid/"),
        ("log-sum-exp", "cross-entropy/"),
        ("temperature", "softmax/"),
    ],
)
def test_search_finds_the_key_terms_typed_key_by_key(
    browser: Browser, base_url: str, query: str, expected_page: str
) -> None:
    context, traffic = new_context(browser, base_url)
    try:
        page = context.new_page()
        page.goto(base_url)
        results = search(page, query)
    finally:
        context.close()
    pages = [re.split(r"[?#]", r["href"].removeprefix(base_url))[0] for r in results]
    assert expected_page in pages[:3], pages  # among the first results
    raw = [r["text"] for r in results if RAW_TEX.search(r["text"])]
    assert not raw, raw
    assert not traffic.problems(), traffic.problems()


def test_the_raw_tex_pattern_catches_tex() -> None:
    for tex in [r"\(T > 0\)", r"\frac{1}{2}", "$y = 1$", r"\vec y"]:
        assert RAW_TEX.search(tex), tex
    for text in ["T > 0", "z\u20d7 = softmax(z)"]:
        assert not RAW_TEX.search(text), text


def test_cached_loads_transfer_less_than_first_loads(visits: dict[str, Visit]) -> None:
    for v in visits.values():
        assert v.first is not None
        assert v.cached is not None
        assert v.first.transferred > 0
        assert v.first.from_cache < v.first.requests
        assert v.cached.from_cache > 0, f"{v.page}: nothing came from the cache"
        assert v.cached.transferred < v.first.transferred, v.page


BROKEN = r"""
<p id="broken-maths"><span class="maths">\(\notamacro{x}\)</span> and raw $y = \frac{1}{2}$.</p>
<p>A stray delimiter: $<span class="maths"><maths-typeset><math><mi>z</mi></math></maths-typeset>
<span class="maths-text" hidden>z</span></span>.</p>
<p>Collapsed: <span class="maths"><maths-typeset><math style="display: inline-block; width: 1px;
height: 1px; overflow: hidden"><mi>c</mi></math></maths-typeset></span>.</p>
<p>Hidden: <span class="maths"><maths-typeset aria-hidden="true"><math><mi>h</mi></math>
</maths-typeset><span class="maths-text" hidden>h</span></span>.</p>
<figure class="figure"><picture><img alt="a tiny figure" width="40" height="20"
src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='40' height='20'/%3E"></picture></figure>
<figure class="figure"><picture><img alt="a lost figure" src="figures/no-such-drawing.svg"></picture></figure>
<img src="http://example.org/tracker.png" alt="">
"""


def test_the_checks_catch_a_broken_page(browser: Browser, built_site: Path, tmp_path: Path) -> None:
    # The checks above pass on the real site; this shows they would fail on a page with an unknown
    # macro, raw TeX, a stray dollar, a collapsed formula, one hidden from screen readers, a
    # thumbnail figure, a figure whose drawing does not load and a request to another host.
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    home = site / "index.html"
    text = home.read_text(encoding="utf-8")
    home.write_text(text.replace("<h1", BROKEN + "<h1", 1), encoding="utf-8")
    with Server(site) as server:
        broken = visit(browser, server.url, "", Axe())
    light = broken.schemes[0]
    assert any("notamacro" in tex for tex in light.maths["untypeset"]), light.maths
    assert any("frac" in raw for raw in light.maths["raw"]), light.maths
    assert any(raw.startswith("stray $ around") for raw in light.maths["raw"]), light.maths
    assert len(light.maths["collapsed"]) == 1, light.maths
    assert light.maths["unspoken"] == ["h"], light.maths
    assert set(broken.traffic.foreign) == {"http://example.org/tracker.png"}
    tiny = [f for f in light.figures if f.get("alt") == "a tiny figure"]
    assert tiny
    assert tiny[0]["drawn"]
    assert tiny[0]["width"] < MIN_FIGURE_WIDTH
    assert tiny[0]["caption"] == ""  # and it has no caption
    lost = [f for f in light.figures if f.get("alt") == "a lost figure"]
    assert lost
    assert not lost[0]["drawn"]


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_figures_are_drawn_after_instant_navigation(
    browser: Browser, base_url: str, device: str
) -> None:
    # The theme swaps the page's content without reloading it: the drawings' relative addresses
    # (an image's src, a source's srcset) must lead to the new page's files, not the old one's.
    options = PHONE if device == "phone" else {}
    context, traffic = new_context(browser, base_url, **options)
    try:
        tab = context.new_page()
        tab.goto(base_url + "softmax/")
        wait_for_instant_navigation(tab)
        tab.evaluate("() => { window.instantMarker = 'kept'; }")
        tab.evaluate("() => document.querySelector(`a[href$='training/']`).click()")
        tab.wait_for_url(base_url + "training/")
        # The address changes before the content does: wait for a figure of the new page.
        tab.locator("figure#figure-blobs-regions").wait_for(state="attached")
        assert tab.evaluate("() => window.instantMarker") == "kept"  # no reload
        tab.add_style_tag(content=LAY_OUT_EVERYTHING)
        figures = shown_figures(tab)
    finally:
        context.close()
    path = urllib.parse.urlsplit(base_url).path
    variant = "-narrow" if device == "phone" else ""
    assert figures
    for figure in figures:
        file = urllib.parse.urlsplit(figure["src"]).path
        assert re.fullmatch(rf"{path}training/figures/[\w-]+{variant}\.svg", file), file
        assert figure["drawn"], file
    assert not traffic.problems(), traffic.problems()


def test_two_builds_are_byte_identical(built_site: Path, base_url: str, tmp_path: Path) -> None:
    # A second build in another directory, with another hash seed, must give the same bytes.
    again = build_site(tmp_path / "elsewhere" / "site", PYTHONHASHSEED="12345", SITE_URL=base_url)
    first, second = tree_digest(built_site), tree_digest(again)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files that differ between two builds: {differ}"
    # The build date is the commit's, in the sitemap and in the gzip header of its copy.
    date = datetime.fromtimestamp(int(source_date_epoch()), tz=UTC).date().isoformat()
    sitemap = (built_site / "sitemap.xml").read_text()
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {date}
    packed = (built_site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed).decode() == sitemap
    mtime = struct.unpack("<I", packed[4:8])[0]
    assert datetime.fromtimestamp(mtime, tz=UTC).date().isoformat() == date
    # No trace of where it was built.
    for path in again.rglob("*.html"):
        assert str(again.parent) not in path.read_text(encoding="utf-8"), path
