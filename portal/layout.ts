/** One page of the portal, as the navigation lists it. */
export interface PageLink {
    file: string;
    title: string;
}

/** Every page, in navigation order; the build writes each and the tests look for each. */
export const PAGES: readonly PageLink[] = [
    { file: "index.html", title: "Overview" },
    { file: "getting-started.html", title: "Getting started" },
    { file: "authentication.html", title: "Authentication" },
    { file: "reference.html", title: "API reference" },
    { file: "console.html", title: "Try it" },
    { file: "tiers.html", title: "Usage plans" },
    { file: "errors.html", title: "Errors" },
    { file: "changelog.html", title: "Changelog" },
];

/**
 * The Content-Security-Policy of every page. Scripts only from the portal itself (no inline script, no CDN);
 * styles may be inline because Redoc's styled-components inject `<style>` elements; Redoc's search runs in a
 * worker built from a blob URL; `connect-src` allows the portal's own origin, where `openapi.json` is fetched,
 * plus `connect` (the origins of the token endpoint and the API, which the try-it console calls).
 *
 * @param connect - further origins the pages may fetch from.
 */
export function cspFor(connect: readonly string[] = []): string {
    return [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        ["connect-src 'self'", ...new Set(connect)].join(" "),
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'none'",
    ].join("; ");
}

/** The policy of a portal that fetches from its own origin only. */
export const CSP = cspFor();

const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The one HTML layout: navigation, then `main` (already-rendered HTML), then the page's external scripts.
 * `full` drops the article width limit for the reference, which lays out its own columns.
 */
export function layout(page: PageLink, main: string, options: { scripts?: string[]; full?: boolean; apiVersion: string; connect?: readonly string[] }): string {
    const nav = PAGES.map((p) => `<a href="${p.file}"${p.file === page.file ? ' aria-current="page"' : ""}>${escape(p.title)}</a>`).join("\n      ");
    const scripts = (options.scripts ?? []).map((src) => `  <script src="${escape(src)}"></script>`).join("\n");
    return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${cspFor(options.connect)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>${escape(page.title)} · Portcullis API</title>
  <link rel="icon" href="assets/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="assets/portal.css">
</head>
<body>
  <header>
    <nav aria-label="Portal">
      <strong class="brand">Portcullis API <span class="version">v${escape(options.apiVersion)}</span></strong>
      ${nav}
    </nav>
  </header>
  <main class="${options.full ? "full" : "article"}">
${main}
  </main>
${scripts}
</body>
</html>
`;
}
