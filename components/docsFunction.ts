/**
 * The CloudFront Function on the `/docs` and `/docs/*` cache behaviors (viewer request). The assets bucket is an
 * S3 REST origin through origin access control, which has no index document: `/docs/` would ask S3 for the key
 * `docs/`, which does not exist, and S3 answers 403 to a reader without `s3:ListBucket`. So:
 *
 * - `/docs` is redirected (301) to `/docs/`, not rewritten: the portal links its pages and styles relatively
 *   (`assets/portal.css`), and from `/docs` those would resolve under `/`, which is the API. Local mode's portal
 *   handler answers the same 301.
 * - `/docs/` and any other path under `/docs/` ending in `/` get `index.html` appended.
 * - Everything else passes unchanged.
 *
 * Written for the `cloudfront-js-2.0` runtime (ES5 syntax plus a few newer features; no modules, no `require`),
 * and kept to ES5 so it also runs as is in Node for the tests.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 */
export const DOCS_FUNCTION_CODE = `function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri === "/docs") {
        return { statusCode: 301, statusDescription: "Moved Permanently", headers: { location: { value: "/docs/" } } };
    }
    if (uri.indexOf("/docs/") === 0 && uri.charAt(uri.length - 1) === "/") {
        request.uri = uri + "index.html";
    }
    return request;
}
`;

/** The runtime the code above is written for. */
export const DOCS_FUNCTION_RUNTIME = "cloudfront-js-2.0";

/** Path patterns the function is attached to: both reach the assets bucket. */
export const DOCS_PATH_PATTERNS = ["/docs", "/docs/*"] as const;
