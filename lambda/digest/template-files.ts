import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { slot, TEMPLATE_SLOT_PATTERN } from './slot-syntax.js';

export interface DigestTemplates {
  readonly digest: string;
  readonly section: string;
  readonly story: string;
}

/**
 * Where the templates are: NEWSDROP_TEMPLATE_DIR when set (the Lambda bundle ships templates/
 * beside its code), otherwise the repository's templates/.
 */
export function templateDir(): string {
  return process.env['NEWSDROP_TEMPLATE_DIR'] ?? fileURLToPath(new URL('../../templates/', import.meta.url));
}

/** The MJML sources: digest.mjml and its section and story partials. */
export function readDigestTemplates(dir: string = templateDir()): DigestTemplates {
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  return { digest: read('digest.mjml'), section: read('section.mjml'), story: read('story.mjml') };
}

/**
 * Replaces {{name}} slots. Values must already be safe for where they go (escaped text or markup we
 * built); a slot without a value is a template bug and fails loudly. Values are not scanned again.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(TEMPLATE_SLOT_PATTERN, (_slot, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template slot ${slot(name)} has no value`);
    return value;
  });
}
