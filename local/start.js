// @ts-check
"use strict";
/**
 * `npm start`'s entry: runs local/cli.ts from one JavaScript bundle cached on disk, rather than through ts-node.
 *
 * Why: ts-node type-strips every local module on every start, which was the largest part of a warm start (seconds
 * under load). esbuild bundles the local sources once (packages stay `require`s of node_modules); the bundle is
 * reused while every source it was built from is byte for byte the same, and rebuilt (well under a second) when
 * one changed. Stack traces point at the TypeScript sources through the bundle's source map.
 *
 * Plain JavaScript on purpose: it runs before anything can compile TypeScript.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** Where `npm start`'s bundles live: inside node_modules, so never committed, and emptied by `npm ci` like the other caches. */
const START_CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "portcullis-start");

/**
 * @typedef {object} Manifest
 * @property {string} bundle - file name of the bundle in the cache directory.
 * @property {string[]} inputs - every source the bundle was built from, relative to the root.
 * @property {string} digest - {@link digest} of those inputs when it was built.
 */

/**
 * One SHA-256 over the inputs (path and content), esbuild's version and this file, whose text stands for the
 * build options: a change to any of them makes a different digest.
 *
 * @param {string} root
 * @param {string[]} inputs
 * @returns {string | undefined} undefined when an input no longer exists.
 */
function digest(root, inputs) {
    const hash = crypto.createHash("sha256");
    hash.update(fs.readFileSync(__filename)).update(fs.readFileSync(require.resolve("esbuild/package.json")));
    for (const input of inputs) {
        const file = path.join(root, input);
        if (!fs.existsSync(file)) return undefined;
        hash.update(input).update("\0").update(fs.readFileSync(file)).update("\0");
    }
    return hash.digest("hex");
}

/**
 * Bundled modules all share the bundle's `__dirname`; each source that asks for its own (to find the repository
 * root, the portal's assets, ...) gets its original directory and file name declared at its top instead.
 *
 * @type {import("esbuild").Plugin}
 */
const ownDirname = {
    name: "own-dirname",
    setup(build) {
        // Packages stay external, so every file loaded here is one of ours (this one included, for worker bundles).
        build.onLoad({ filter: /\.[jt]s$/ }, (args) => {
            const source = fs.readFileSync(args.path, "utf8");
            if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
            // On the first line, so the source map's lines stay the file's own.
            const own = `const __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)}; `;
            return { contents: own + source, loader: args.path.endsWith(".ts") ? "ts" : "js" };
        });
    },
};

/**
 * The path of a CommonJS bundle of `entry` (TypeScript; packages stay `require`s), from `cacheDir` when it was
 * built from today's sources, else built now (writing the bundle, its source map and the manifest, each
 * atomically, so a concurrent start never reads half a file). Also what runs a worker thread's TypeScript entry
 * (local/storesWorker.ts), from `npm start` and from tests alike.
 *
 * @param {string} entry - the entry file.
 * @param {string} cacheDir - where bundles and each entry's `<name>.manifest.json` are kept.
 * @param {string} root - inputs are recorded relative to it.
 * @returns {Promise<string>}
 */
async function bundledEntry(entry, cacheDir, root) {
    const manifestFile = path.join(cacheDir, `${path.basename(entry, ".ts")}.manifest.json`);
    try {
        /** @type {Manifest} */
        const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
        const bundle = path.join(cacheDir, manifest.bundle);
        if (digest(root, manifest.inputs) === manifest.digest && fs.existsSync(bundle)) return bundle;
    } catch {
        // No manifest yet, or a torn one: build below.
    }
    const esbuild = require("esbuild");
    const result = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        packages: "external",
        platform: "node",
        target: `node${process.versions.node.split(".")[0]}`,
        format: "cjs",
        sourcemap: "external",
        write: false,
        metafile: true,
        outfile: path.join(cacheDir, "bundle.js"),
        plugins: [ownDirname],
        // Errors come back in the rejection, whose message names file, line and column of each.
        logLevel: "silent",
    });
    for (const w of result.warnings) console.warn(`${w.location?.file}:${w.location?.line}: ${w.text}`);
    const inputs = Object.keys(result.metafile.inputs).map((input) => path.relative(root, path.resolve(input))).sort();
    const code = result.outputFiles.find((f) => f.path.endsWith(".js"));
    const map = result.outputFiles.find((f) => f.path.endsWith(".js.map"));
    if (code === undefined || map === undefined) throw new Error(`esbuild returned no bundle of ${entry}`);
    const name = `${path.basename(entry, ".ts")}-${crypto.createHash("sha256").update(code.contents).digest("hex").slice(0, 16)}.js`;
    const bundle = path.join(cacheDir, name);
    writeAtomically(`${bundle}.map`, map.contents);
    writeAtomically(bundle, `${code.text}//# sourceMappingURL=${name}.map\n`);
    writeAtomically(manifestFile, JSON.stringify({ bundle: name, inputs, digest: digest(root, inputs) }));
    return bundle;
}

/**
 * As local/atomicFile.ts, which is TypeScript and so cannot load here.
 *
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeAtomically(file, data) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
}

module.exports = { bundledEntry, START_CACHE_DIR };

if (require.main === module) {
    process.setSourceMapsEnabled(true);
    bundledEntry(path.join(__dirname, "cli.ts"), START_CACHE_DIR, ROOT)
        .then((bundle) => require(bundle))
        .catch((err) => {
            // A build failure's message lists each error with its file and line; its stack is esbuild's own.
            console.error(Array.isArray(err?.errors) ? err.message : err);
            process.exit(1);
        });
}
