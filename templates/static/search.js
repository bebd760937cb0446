// Pagefind returns root-relative URLs; the site may live under a sub-path, so give it the base.
(function () {
  var base = new URL("../", document.baseURI).pathname;
  new PagefindUI({ element: "#search", showSubResults: true, baseUrl: base, bundlePath: base + "pagefind/" });
})();
