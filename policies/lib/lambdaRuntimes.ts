/**
 * Lambda's managed runtimes and the day each is (or was) deprecated: from then on AWS applies no security patch
 * to it and blocks creating functions on it. From AWS's "Lambda runtimes" page
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html and the per-language pages such as
 * lambda-java.html and lambda-python.html, supported and deprecated runtime tables), as listed in early 2026. Update it when AWS adds a runtime or moves a date; an identifier missing from the
 * table is accepted, so a runtime newer than the table is never a false positive.
 */

/** The date the table was last checked against AWS's page, for messages and the README. */
export const RUNTIME_TABLE_DATE = "2026-02";

/** Runtime identifier to deprecation date (ISO, phase 1: no more patches, no new functions). */
export const RUNTIME_DEPRECATION: Readonly<Record<string, string>> = Object.freeze({
    // Node.js
    "nodejs24.x": "2028-04-30", "nodejs22.x": "2027-04-30", "nodejs20.x": "2026-04-30", "nodejs18.x": "2025-09-01",
    "nodejs16.x": "2024-06-12", "nodejs14.x": "2023-12-04", "nodejs12.x": "2023-03-31", "nodejs10.x": "2021-07-30",
    "nodejs8.10": "2020-03-06", "nodejs6.10": "2019-08-12", "nodejs4.3": "2020-03-06", "nodejs4.3-edge": "2019-04-30", nodejs: "2016-10-31",
    // Python
    "python3.14": "2029-06-30", "python3.13": "2029-06-30", "python3.12": "2028-10-31", "python3.11": "2027-06-30",
    "python3.10": "2026-10-31", "python3.9": "2025-12-15", "python3.8": "2024-10-14", "python3.7": "2023-12-04",
    "python3.6": "2022-07-18", "python2.7": "2021-07-15",
    // Java
    java25: "2029-06-30", java21: "2029-06-30", java17: "2027-06-30", java11: "2027-06-30", "java8.al2": "2027-06-30", java8: "2024-01-08",
    // .NET
    dotnet10: "2028-11-14", dotnet8: "2026-11-10", dotnet7: "2024-05-14", dotnet6: "2024-12-20", "dotnet5.0": "2022-05-10",
    "dotnetcore3.1": "2023-04-03", "dotnetcore2.1": "2022-01-05", "dotnetcore2.0": "2019-05-30", "dotnetcore1.0": "2019-07-30",
    // Ruby
    "ruby3.4": "2028-03-31", "ruby3.3": "2027-03-31", "ruby3.2": "2026-03-31", "ruby2.7": "2023-12-07", "ruby2.5": "2021-07-30",
    // OS-only runtimes (Go, Rust, custom runtimes). provided.al2 is assumed to have moved to 2027-06-30 with the other
    // Amazon Linux 2 runtimes (java8.al2, java11, java17, python3.11) when AWS extended AL2; its own row was not seen.
    "provided.al2023": "2029-06-30", "provided.al2": "2027-06-30", provided: "2024-01-08", "go1.x": "2024-01-08",
});

/** The supported runtimes on `day` (ISO date) that share the runtime's language, newest deprecation first. */
export function successorsOf(runtime: string, day: string): string[] {
    const family = /^[a-z]+/.exec(runtime)?.[0] ?? runtime;
    const sameFamily = family === "go" ? "provided" : family === "dotnetcore" ? "dotnet" : family;
    return Object.entries(RUNTIME_DEPRECATION)
        .filter(([id, date]) => id.startsWith(sameFamily) && date > day)
        .sort(([, a], [, b]) => b.localeCompare(a)).map(([id]) => id);
}
