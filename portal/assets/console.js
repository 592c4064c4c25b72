// The portal's sign-in and try-it console. Signs in with the web client through the hosted UI (authorization
// code with PKCE S256, as the authentication guide teaches), keeps the tokens in sessionStorage (gone when the tab
// closes), and calls the API with them. The same file runs locally and deployed: only the data-* URLs differ.
(function () {
  var root = document.getElementById("console");
  if (!root) return;
  var cfg = {
    authorize: root.getAttribute("data-authorization-url"),
    token: root.getAttribute("data-token-url"),
    logout: root.getAttribute("data-logout-url"),
    clientId: root.getAttribute("data-client-id"),
    api: root.getAttribute("data-api-base-url"),
  };
  var here = new URL(".", location.href).href;
  var callback = here + "callback.html";
  var store = window.sessionStorage;
  var $ = function (id) { return document.getElementById(id); };

  function b64url(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function random() { return b64url(crypto.getRandomValues(new Uint8Array(32))); }
  function show(id, text) { $(id).textContent = text; }

  async function signIn() {
    var verifier = random();
    var state = random();
    var challenge = b64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
    store.setItem("pkce", JSON.stringify({ verifier: verifier, state: state }));
    var url = new URL(cfg.authorize);
    var q = { response_type: "code", client_id: cfg.clientId, redirect_uri: callback, state: state, scope: "openid email", code_challenge: challenge, code_challenge_method: "S256" };
    Object.keys(q).forEach(function (k) { url.searchParams.set(k, q[k]); });
    location.assign(url.href);
  }

  async function redeem() {
    var params = new URLSearchParams(location.search);
    var saved = JSON.parse(store.getItem("pkce") || "null");
    store.removeItem("pkce");
    if (params.get("error")) return show("status", "Sign-in failed: " + params.get("error"));
    if (!saved || params.get("state") !== saved.state) return show("status", "Sign-in failed: the state does not match this tab's sign-in.");
    var res = await fetch(cfg.token, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: cfg.clientId, code: params.get("code"), redirect_uri: callback, code_verifier: saved.verifier }),
    });
    var body = await res.json();
    if (!res.ok) return show("status", "Token request failed: " + res.status + " " + (body.error || ""));
    store.setItem("tokens", JSON.stringify(body));
    location.replace(here + "console.html");
  }

  function tokens() { return JSON.parse(store.getItem("tokens") || "null"); }

  async function send(event) {
    event.preventDefault();
    var t = tokens();
    var headers = {};
    if (t) headers.Authorization = "Bearer " + t.access_token;
    if ($("apiKey").value) headers["x-api-key"] = $("apiKey").value;
    var body = $("body").value.trim();
    if (body) headers["Content-Type"] = "application/json";
    if ($("method").value === "POST") headers["Idempotency-Key"] = crypto.randomUUID();
    var res = await fetch(cfg.api + $("path").value, { method: $("method").value, headers: headers, body: body || undefined });
    show("responseStatus", String(res.status));
    show("response", await res.text());
  }

  if (root.getAttribute("data-page") === "callback") { redeem(); return; }
  if (!cfg.clientId) {
    show("status", "Sign-in is not configured: build the portal with the web client's id (pulumi stack output webClientId).");
    $("signIn").disabled = true;
  }
  var t = tokens();
  if (t) {
    var claims = JSON.parse(atob(t.access_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    show("status", "Signed in as " + claims.username + " (" + claims.scope + ")");
  }
  $("signIn").addEventListener("click", function () { signIn(); });
  $("signOut").addEventListener("click", function () {
    store.removeItem("tokens");
    location.assign(cfg.logout + "?client_id=" + encodeURIComponent(cfg.clientId) + "&logout_uri=" + encodeURIComponent(here));
  });
  $("tryIt").addEventListener("submit", send);
})();
