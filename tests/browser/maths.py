"""What the browser tests ask a page about its maths, typeset at build time as MathML by Temml.

Every formula of a page is a ``.maths`` element (``span`` in the text, ``div`` when displayed)
holding its MathML, which the browser draws in the site's maths font and a screen reader reads.
A formula is *readable* when its ``<math>`` has a box of some size and every font the page asked
for has arrived (see ``_READABLE`` for the formulas far down a long page); an init script records
the moment the whole article first is (``window.__mathsReadable``, in ms since navigation
started), whether or not the page's scripts have run.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

#: Time allowed for a page's maths to become readable (fonts loaded, every formula laid out).
MATHS_TIMEOUT_MS = 60_000
#: A formula drawn smaller than this (CSS px, either way) has collapsed.
MIN_FORMULA_PX = 4
#: The name the maths font is declared under (docs/assets/maths/temml.css).
MATHS_FONT = "Multiclass Maths"

# The article is parsed once the footer after it is. Formulas a reader cannot see (in a closed
# <details>, an inactive tab) are not waited for, nor those in blocks the browser has not laid out
# yet because they are far from the window (content-visibility: auto in extra.css): those are
# laid out, fonts loaded, as the reader scrolls near them. Measuring the boxes lays the page out,
# which starts the loads of the fonts it needs, so the fonts are checked after the boxes: none of
# the page's font faces is still loading, and the maths font has arrived if a formula is in view.
# (Not `document.fonts.status`: the CSS Font Loading spec keeps it "loading" while the document
# is, so it waited for the load event, that is for every script and picture of the page, long
# after the formulas were drawn in their font.)
_READABLE = f"""() => {{
  if (!document.querySelector("footer.md-footer")) return false;
  let shown = 0;
  for (const formula of document.querySelectorAll(".md-content .maths")) {{
    if (!formula.checkVisibility({{contentVisibilityAuto: true}})) continue;
    const drawn = formula.querySelector("math");
    if (!drawn) return false;
    const box = drawn.getBoundingClientRect();
    if (box.width < {MIN_FORMULA_PX} || box.height < {MIN_FORMULA_PX}) return false;
    shown += 1;
  }}
  const faces = [...document.fonts];
  const maths = faces.filter((face) => face.family.replace(/"/g, "") === "{MATHS_FONT}");
  return faces.every((face) => face.status !== "loading")
    && (!shown || maths.some((face) => face.status === "loaded"));
}}"""

#: Added to every page before it loads: records when the maths first is readable.
RECORD_READABLE = f"""(() => {{
  const readable = {_READABLE};
  const check = () => {{
    if (readable()) window.__mathsReadable = performance.now();
    else requestAnimationFrame(check);
  }};
  requestAnimationFrame(check);
}})();"""

MATHS_STATE = rf"""async () => {{
  await document.fonts.ready;
  const formulas = [...document.querySelectorAll(".md-content .maths")];
  const source = (f) => (f.querySelector(".maths-text")?.textContent || "").slice(0, 80);
  const skip = "pre, code, script, style, kbd, samp, .maths, maths-typeset";
  const rawTex = /\\[()[\]]|\\[A-Za-z]{{2,}}|\$\$|\$[^$\s][^$]*\$/;
  const raw = [];
  const root = document.querySelector(".md-content") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    if (!node.parentElement.closest(skip) && rawTex.test(node.textContent)) {{
      raw.push(node.textContent.trim().slice(0, 120));
    }}
  }}
  // A dollar sign left beside a formula: a delimiter the Markdown did not pair up.
  for (const formula of formulas) {{
    const before = formula.previousSibling?.textContent || "";
    const after = formula.nextSibling?.textContent || "";
    if (before.endsWith("$") || after.startsWith("$")) raw.push(`stray $ around ${{source(formula)}}`);
  }}
  // Block markers that reached the page as text: an admonition or block syntax not rendered.
  for (const p of root.querySelectorAll("p")) {{
    if (/^\s*(!!!|\?\?\?\+?|\/\/\/+) ?[a-z]/.test(p.textContent)) {{
      raw.push(`unrendered block: ${{p.textContent.trim().slice(0, 80)}}`);
    }}
  }}
  const drawn = (f) => f.querySelector("math");
  const collapsed = formulas.filter((f) => {{
    if (!f.checkVisibility() || !drawn(f)) return false;
    const box = drawn(f).getBoundingClientRect();
    return box.width < {MIN_FORMULA_PX} || box.height < {MIN_FORMULA_PX};
  }});
  // MathML is read by screen readers unless something hides it from them.
  const hidden = (f) => drawn(f).closest("[aria-hidden='true'], [hidden]") !== null;
  const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, "") === "{MATHS_FONT}");
  return {{
    formulas: formulas.length,
    untypeset: formulas.filter((f) => !drawn(f)).map((f) => f.textContent.trim().slice(0, 120)),
    unspoken: formulas.filter((f) => drawn(f) && hidden(f)).map(source),
    errors: [...root.querySelectorAll(".temml-error, merror")].map((e) => e.textContent.slice(0, 120)),
    font: faces.map((face) => face.status),
    collapsed: collapsed.map(source),
    raw,
  }};
}}"""


#: Lays out every block at once (the stylesheet defers blocks far from the window): the checks
#: measure boxes, figure text and contrast everywhere on the page, not only near the window.
LAY_OUT_EVERYTHING = "* { content-visibility: visible !important; }"


def maths_problems(state: dict[str, Any]) -> list[str]:
    """What :data:`MATHS_STATE` found wrong, one line per formula or text."""
    found = [f"not typeset: {tex}" for tex in state["untypeset"]]
    found += [f"Temml error: {tex}" for tex in state["errors"]]
    found += [f"raw source in the text: {text!r}" for text in state["raw"]]
    found += [f"MathML hidden from screen readers: {tex}" for tex in state["unspoken"]]
    found += [f"collapsed formula: {tex}" for tex in state["collapsed"]]
    if state["formulas"] and "loaded" not in state["font"]:
        found.append(f"the maths font {MATHS_FONT!r} is not loaded: {state['font']}")
    return found


def wait_for_maths(page: Page) -> str | None:
    """Wait until the page's maths is readable; None, or what is wrong."""
    try:
        page.wait_for_function(_READABLE, timeout=MATHS_TIMEOUT_MS, polling=50)
    except PlaywrightError as error:
        return f"maths not readable after {MATHS_TIMEOUT_MS} ms: {error.message.splitlines()[0]}"
    return None
