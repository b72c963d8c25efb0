/**
 * npm run build:cli (also run by `prepare`, so `npm ci` builds it) — bundles the CLI with esbuild,
 * so `npx newsdrop` starts without compiling TypeScript on every run.
 *
 * Two files in dist/cli/, each written whole (a rebuild replaces a file by renaming, so a CLI
 * already running never reads half of one):
 *   newsdrop.mjs        bin/newsdrop.ts: parse, classify, preview and the argument handling;
 *   newsdrop-local.mjs  bin/local/run-local.ts: local mode, with the handlers and the AWS SDK,
 *                       loaded only by `newsdrop local`, so other commands never parse it;
 *   newsdrop-subscribers.mjs  bin/commands/subscribers-command.ts: the subscriber table commands,
 *                       with the DynamoDB, S3 and CloudFormation clients, loaded only by `newsdrop subscribers`.
 * build-manifest.json lists the repository files the bundles were built from; bin/newsdrop.mjs
 * compares their times with it and rebuilds when one changed.
 *
 * Plain JavaScript so that `prepare` and the launcher need neither tsx nor a compile step.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT_DIR = path.join(REPO_ROOT, 'dist', 'cli');
export const CLI_ENTRY = path.join(CLI_OUT_DIR, 'newsdrop.mjs');
const LOCAL_MODE_BUNDLE = 'newsdrop-local.mjs';
const MANIFEST = path.join(CLI_OUT_DIR, 'build-manifest.json');

/**
 * Commands that load the AWS SDK, each its own bundle: their one import in bin/newsdrop.ts loads
 * the bundle beside it, so `parse` and the others never read the SDK.
 */
const SEPARATE_BUNDLES = [
  { importPath: './local/run-local.js', source: 'bin/local/run-local.ts', bundle: LOCAL_MODE_BUNDLE },
  { importPath: './commands/subscribers-command.js', source: 'bin/commands/subscribers-command.ts', bundle: 'newsdrop-subscribers.mjs' },
];

/**
 * Dev dependencies only `local` needs: they stay in node_modules and load from there, as bundling
 * them would only grow the build (and aws-ses-v2-local serves its inbox page from files beside its
 * code, and dynalite reads __dirname, which an ESM bundle does not have).
 */
const EXTERNAL_PACKAGES = ['s3rver', 'aws-ses-v2-local', 'dynalite'];

/**
 * Files besides the bundled sources that change what a build produces: this script, the
 * TypeScript settings esbuild reads, and npm's record of node_modules, which every install rewrites.
 */
const BUILD_SETTINGS = ['tools/build-cli.mjs', 'tsconfig.json', 'node_modules/.package-lock.json'];

const relative = (file) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

/**
 * The sources read the templates and the topic model relative to their own location
 * (`new URL('./model.bin', import.meta.url)`); in a bundle import.meta.url is the bundle's.
 * Each source's import.meta.url becomes its own file's URL again, reached from the bundle's
 * directory, so those files are read where they are in the repository.
 */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (/\bimport\.meta\.(dirname|filename)\b/.test(text)) {
        return { errors: [{ text: `${relative(args.path)} uses import.meta.dirname or import.meta.filename, which the CLI build does not map to the source file; use import.meta.url` }] };
      }
      const fromBundle = path.relative(CLI_OUT_DIR, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/** In the main bundle, `import('./local/run-local.js')` (and the others above) load their bundle beside it instead of inlining it. */
const commandsAsTheirOwnBundles = {
  name: 'commands-as-their-own-bundles',
  setup(build) {
    build.onResolve({ filter: /\.js$/ }, (args) => {
      const separate = SEPARATE_BUNDLES.find((entry) => entry.importPath === args.path);
      return separate && relative(args.importer) === 'bin/newsdrop.ts' ? { path: `./${separate.bundle}`, external: true } : undefined;
    });
  },
};

/** Writes `file` by renaming a finished temporary file over it. */
function writeWhole(file, contents) {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Builds dist/cli/. `clean` first removes what an earlier build left there (an explicit build; the
 * launcher's rebuild keeps the directory, as another CLI may be loading from it).
 */
export async function buildCli({ clean = false } = {}) {
  const esbuild = await import('esbuild');
  // Taken before esbuild reads anything: a source saved during the build is newer, so the next start rebuilds.
  const startedAtMs = Date.now();
  const common = {
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: EXTERNAL_PACKAGES,
    sourcemap: true,
    // Stack traces still name file and line; the map stays a third of its size.
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
    // CommonJS code in dependencies (linkedom's shims, nodemailer, the SDK) calls require() inside the ESM bundle.
    banner: { js: "import { createRequire as newsdropCreateRequire } from 'node:module'; const require = newsdropCreateRequire(import.meta.url);" },
  };
  const [main, ...separate] = await Promise.all([
    esbuild.build({ ...common, entryPoints: ['bin/newsdrop.ts'], outfile: CLI_ENTRY, plugins: [sourceImportMetaUrl, commandsAsTheirOwnBundles] }),
    ...SEPARATE_BUNDLES.map((entry) => esbuild.build({ ...common, entryPoints: [entry.source], outfile: path.join(CLI_OUT_DIR, entry.bundle), plugins: [sourceImportMetaUrl] })),
  ]);
  for (const entry of SEPARATE_BUNDLES) {
    if (entry.source in main.metafile.inputs) {
      throw new Error(`${entry.source} was bundled into newsdrop.mjs: bin/newsdrop.ts no longer imports it as ${entry.importPath}`);
    }
  }

  const sources = new Set([main, ...separate].flatMap((result) => Object.keys(result.metafile.inputs)).filter((input) => !input.startsWith('node_modules/')));
  for (const setting of BUILD_SETTINGS) if (statSync(path.join(REPO_ROOT, setting), { throwIfNoEntry: false })) sources.add(setting);

  if (clean) rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  mkdirSync(CLI_OUT_DIR, { recursive: true });
  // The entry last but one and the manifest last: a CLI starting meanwhile sees the old build or the whole new one.
  const outputs = [...separate.flatMap((result) => result.outputFiles), ...main.outputFiles].sort((a, b) => Number(a.path === CLI_ENTRY) - Number(b.path === CLI_ENTRY));
  for (const output of outputs) writeWhole(output.path, output.contents);
  writeWhole(MANIFEST, `${JSON.stringify({ startedAtMs, sources: [...sources].sort() }, null, 2)}\n`);
  return { files: outputs.map((output) => ({ file: relative(output.path), bytes: output.contents.byteLength })) };
}

/**
 * Why dist/cli/ cannot be run as it is, or null when it is current: missing, or a file it was
 * built from is newer than the build (or gone). Stats only the repository's own ~90 source files.
 */
export function staleCliBuildReason() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    statSync(CLI_ENTRY);
  } catch {
    return `${relative(CLI_ENTRY)} has not been built`;
  }
  for (const source of manifest.sources) {
    const stats = statSync(path.join(REPO_ROOT, source), { throwIfNoEntry: false });
    if (!stats) return `${source}, which it was built from, is gone`;
    if (stats.mtimeMs > manifest.startedAtMs) return `${source} changed since it was built`;
  }
  return null;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const started = performance.now();
  let built;
  try {
    built = await buildCli({ clean: true });
  } catch (error) {
    // `npm ci --omit=dev` runs prepare too, without esbuild; that install has no use for the CLI and should not fail.
    if (process.env.npm_lifecycle_event === 'prepare' && error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes("'esbuild'")) {
      console.warn('newsdrop: esbuild (a dev dependency) is not installed, so the CLI was not built');
      process.exit(0);
    }
    throw error;
  }
  const { files } = built;
  const sizes = files.filter((entry) => entry.file.endsWith('.mjs')).map((entry) => `${entry.file} ${(entry.bytes / 1e6).toFixed(2)} MB`);
  console.log(`built the CLI in ${((performance.now() - started) / 1000).toFixed(1)} s: ${sizes.join(', ')}`);
}
