/* Run a setup function on every page: after mkdocs-material's instant navigation when it is on
   (document$ emits per page), otherwise once the document is ready. Loaded before the other scripts. */
window.xlrefOnPage = function (setup) {
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
};
