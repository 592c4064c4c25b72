// Renders the API reference with the locally served Redoc bundle; kept out of the HTML so the CSP needs no
// 'unsafe-inline' for scripts.
(function () {
  var container = document.getElementById("redoc-container");
  if (!container || !window.Redoc) return;
  // The embedded document when present (it works from disk too); the URL otherwise.
  var embedded = document.getElementById("openapi-document");
  window.Redoc.init(
    embedded ? JSON.parse(embedded.textContent) : container.getAttribute("data-spec-url"),
    { hideDownloadButton: false, expandResponses: "200,201", requiredPropsFirst: true, sortPropsAlphabetically: false },
    container
  );
})();
