// Accessible names the theme leaves out (found by axe-core in the browser tests): the search dialog
// and the progress bar (aria-dialog-name, aria-progressbar-name), and the small navigation landmark
// holding the copy button of each code block, which needs a name of its own (landmark-unique);
// and keyboard access to tables wider than the page, which scroll (scrollable-region-focusable).
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
    // A wide table scrolls sideways inside its wrapper: let the keyboard reach and scroll it.
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach((wrap, index) => {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", `Table ${index + 1}, scrolls sideways`);
      }
    });
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
