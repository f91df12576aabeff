// Builds the Node bot into dist/ with esbuild: `npm run build`, and `npm start`'s prestart step with
// `--if-stale`, which builds only when dist/ is missing or older than a source, so every start after the
// first starts at once (SPEC §17.21). Plain JavaScript on purpose: it runs before anything is built and
// must not need a TypeScript loader. The bot's own packages stay in node_modules (packages: "external"):
// only our sources are bundled, so better-sqlite3's native module and migrations/ are found as before.
//
// esbuild is a devDependency: `npm ci` / `npm install` install devDependencies unless NODE_ENV=production
// (or --omit=dev) is set. A production image that omits them must run `npm run build` before pruning
// (README, "Operating it").
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
/** The file whose time stands for the whole build; written last, so a half-done build counts as missing. */
const stamp = join(dist, "main.js");
/** Besides src/: what changes what esbuild emits. */
const INPUTS = ["package.json", "package-lock.json", "tsconfig.json", "scripts/build.mjs"];

function newestSource() {
  let newest = 0;
  let newestPath = "";
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
      newestPath = path;
    }
  };
  visit(join(root, "src"));
  for (const input of INPUTS) if (existsSync(join(root, input))) visit(join(root, input));
  return { newest, newestPath };
}

/** Why a build is needed, or null when dist/ is up to date. */
export function staleReason() {
  if (!existsSync(stamp)) return "dist/ is missing";
  const { newest, newestPath } = newestSource();
  return newest > statSync(stamp).mtimeMs ? `${newestPath.slice(root.length + 1)} is newer than dist/` : null;
}

export async function build() {
  let esbuild;
  try {
    ({ build: esbuild } = await import("esbuild"));
  } catch {
    throw new Error(
      "esbuild is not installed (npm install without devDependencies?): run `npm run build` where they are installed, then start with `node dist/main.js`",
    );
  }
  // Built beside dist/ and swapped in whole: a start that is interrupted mid-build, or a second start
  // building at the same time, never runs a mix of old and new files.
  const staging = join(root, `dist.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  await esbuild({
    absWorkingDir: root,
    entryPoints: {
      main: "src/runtime/node/main.ts",
      // The Inbox side's worker thread boots from its own file (pipeline.ts finds it beside main.js).
      "inbox-thread": "src/runtime/node/inbox-thread.ts",
    },
    outdir: staging,
    bundle: true,
    // Shared code (and the sandbox, loaded only without secrets) goes into chunks beside the entries.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
  rmSync(dist, { recursive: true, force: true });
  renameSync(staging, dist);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes("--if-stale");
  const reason = ifStale ? staleReason() : "asked to";
  if (reason !== null) {
    const startedAt = Date.now();
    process.stderr.write(`Building dist/ (${reason})…\n`);
    try {
      await build();
    } catch (error) {
      process.stderr.write(`Could not build dist/: ${error instanceof Error ? error.message : error}\n`);
      process.exit(1);
    }
    process.stderr.write(`Built dist/ in ${Date.now() - startedAt} ms.\n`);
  }
}
