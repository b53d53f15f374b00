// Accessible names the theme leaves out (found by axe-core in the browser tests): the search dialog
// and the progress bar (aria-dialog-name, aria-progressbar-name), and the small navigation landmark
// holding the copy button of each code block, which needs a name of its own (landmark-unique);
// and keyboard access to tables, code and displayed formulas wider than the page, which scroll
// (scrollable-region-focusable).
// Run on every page, instant navigation included.
let codeNavObserver = null;
document$.subscribe(() => {
  const names = {
    '.md-search[role="dialog"]': "Search",
    '.md-progress[role="progressbar"]': "Loading the page",
  };
  for (const [selector, name] of Object.entries(names)) {
    for (const element of document.querySelectorAll(selector)) {
      element.setAttribute("aria-label", name);
    }
  }
  const label = () => {
    document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach((nav, index) => {
      const block = nav.parentElement?.id || `code block ${index + 1}`;
      nav.setAttribute("aria-label", `Actions for ${block.replace(/^__code_/, "code block ")}`);
    });
    // Tables, code and displayed formulas scroll sideways inside their boxes when wider than the
    // column (on a phone, mostly): let the keyboard reach and scroll each. They are made focusable
    // whether they overflow now or not: measuring them would lay out the blocks the stylesheet
    // defers (content-visibility), and a window can turn.
    document.querySelectorAll(".md-typeset__scrollwrap").forEach((wrap, index) => {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", `Table ${index + 1}, scrolls sideways when wider than the page`);
    });
    document
      .querySelectorAll(".md-typeset pre > code:not([tabindex]), .md-typeset div.maths:not([tabindex])")
      .forEach((box) => box.setAttribute("tabindex", "0"));
  };
  label();
  // The theme adds these buttons after the page is shown: name the ones that come later too.
  codeNavObserver?.disconnect();
  codeNavObserver = new MutationObserver(label);
  codeNavObserver.observe(document.querySelector("main") || document.body, {
    childList: true,
    subtree: true,
  });
});
