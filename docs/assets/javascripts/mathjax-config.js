// MathJax 4, served from this site (assets/mathjax/, refreshed by scripts/refresh-mathjax.sh).
// No request leaves the site: fonts and speech rules load from the local copy.
// Unknown macros are errors (the red-text "noundefined" fallback is removed) and every TeX error
// is reported on the console, where the browser tests look for it.
window.MathJax = {
  loader: {
    paths: {
      fonts: "[mathjax]/fonts",
    },
  },
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    packages: { "[-]": ["noundefined"] },
    formatError(jax, err) {
      console.error("MathJax TeX error: " + err.message);
      return jax.formatError(err);
    },
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
    worker: { path: "[mathjax]/sre", maps: "[mathjax]/sre/mathmaps" },
  },
  output: {
    fontPath: "[mathjax]/fonts/mathjax-newcm-font",
  },
};

// Material's instant navigation swaps the page without reloading scripts: typeset again.
document$.subscribe(() => {
  if (!window.MathJax.startup || !window.MathJax.startup.promise) {
    return;
  }
  window.MathJax.startup.promise.then(() => {
    window.MathJax.startup.output.clearCache();
    window.MathJax.typesetClear();
    window.MathJax.texReset();
    return window.MathJax.typesetPromise();
  });
});
