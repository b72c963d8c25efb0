/**
 * npm run build:templates — compiles templates/*.mjml with mjml into templates/digest.compiled.json,
 * which renderDigest fills at run time: the digest function never loads mjml (~0.4 s of cold start).
 * Run it after editing a template; tests, `cdk synth` and the renderer refuse a stale file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { COMPILED_LAYOUT_FILE } from '../../lambda/digest/compiled-layout.js';
import { compileDigestLayout, serializeLayout } from './compile-layout.js';
import { readDigestTemplates, templateDir } from '../../lambda/digest/template-files.js';

const dir = templateDir();
const layout = await compileDigestLayout(readDigestTemplates(dir));
const target = path.join(dir, COMPILED_LAYOUT_FILE);
writeFileSync(target, serializeLayout(layout));
console.log(`build:templates: wrote ${target} (mjml ${layout.mjmlVersion}, layout sha256 ${layout.sourceSha256.slice(0, 12)}…)`);
