// MathJax 4, served from this site (assets/mathjax/, refreshed by scripts/refresh-mathjax.sh).
// No request leaves the site: the font ranges, the speech worker and its rules load from the
// local copy (MathJax's defaults point to a CDN, which the browser tests forbid).
// Unknown macros are errors (the red-text "noundefined" fallback is removed) and every TeX error
// is reported on the console, where the browser tests look for it.
// Screen readers get speech (aria-label) and Nemeth braille (aria-braillelabel) for every formula,
// computed offline by the speech worker.
//
// The worker is started by URL, so its paths must be absolute: they are derived from the address
// of this script, which sits next to the MathJax copy (assets/javascripts/ and assets/mathjax/),
// so they hold wherever the site is served from.
const mathjaxRoot = new URL("../mathjax", document.currentScript.src).href;

window.MathJax = {
  loader: {
    paths: {
      fonts: `${mathjaxRoot}/fonts`, // font ranges: [fonts]/mathjax-newcm-font/svg/dynamic/*.js
    },
  },
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    packages: { "[-]": ["noundefined"] },
    formatError(jax, err) {
      console.error(`MathJax TeX error: ${err.message}`);
      return jax.formatError(err);
    },
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    worker: { path: `${mathjaxRoot}/sre`, maps: `${mathjaxRoot}/sre/mathmaps` },
  },
  startup: {
    typeset: false, // every typeset, the first included, goes through document$ below
  },
};

// Material emits document$ on the first load and after every instant navigation, which swaps the
// page without reloading scripts. Each typeset is chained on startup.promise, so they never overlap.
document$.subscribe(() => {
  const mathjax = window.MathJax;
  mathjax.startup.promise = mathjax.startup.promise.then(() => {
    mathjax.startup.output.clearFontCache();
    mathjax.typesetClear();
    mathjax.texReset();
    return mathjax.typesetPromise();
  });
});
