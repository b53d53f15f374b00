// Accessible names for two landmarks of the theme that have none (axe-core: aria-dialog-name,
// aria-progressbar-name). Run on every page, instant navigation included.
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
});
