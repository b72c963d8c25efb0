#!/usr/bin/env node
// Runs the CLI as esbuild bundled it (tools/build-cli.mjs: `npm run build:cli`, also run by `npm ci`).
// When a source changed since that build, or there is none, it builds first (about a second, said on
// stderr): `npx newsdrop` after an edit runs the edited code, as it did when tsx compiled every start.
import { pathToFileURL } from 'node:url';
import { buildCli, CLI_ENTRY, staleCliBuildReason } from '../tools/build-cli.mjs';

process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';

const staleBecause = staleCliBuildReason();
if (staleBecause !== null) {
  process.stderr.write(`newsdrop: building the CLI first: ${staleBecause}\n`);
  try {
    await buildCli();
  } catch (error) {
    // esbuild has printed its errors (a BuildFailure carries them in `errors`); anything else says why here.
    const reason = Array.isArray(error?.errors)
      ? 'see the errors above'
      : error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes("'esbuild'")
        ? 'esbuild, a dev dependency, is not installed; run `npm ci`'
        : String(error?.message ?? error);
    process.stderr.write(`newsdrop: the CLI did not build: ${reason}\n`);
    process.exit(1);
  }
}
await import(pathToFileURL(CLI_ENTRY).href);
