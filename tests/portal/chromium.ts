/** Debian's Chromium here; CI on other images points CHROMIUM_PATH at the browser it has (e.g. google-chrome). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Headless, and nothing fetched on the browser's own account, so a test sees only the portal's requests. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
