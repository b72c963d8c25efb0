import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DigestTemplates {
  readonly digest: string;
  readonly section: string;
  readonly story: string;
}

let cached: DigestTemplates | undefined;

/**
 * The MJML templates, read once per process. From NEWSDROP_TEMPLATE_DIR when set (the Lambda
 * bundle ships templates/ beside its code), otherwise from the repository's templates/.
 */
export function digestTemplates(): DigestTemplates {
  if (cached) return cached;
  const dir = process.env['NEWSDROP_TEMPLATE_DIR'] ?? fileURLToPath(new URL('../../templates/', import.meta.url));
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  cached = { digest: read('digest.mjml'), section: read('section.mjml'), story: read('story.mjml') };
  return cached;
}

/**
 * Replaces {{name}} slots. Values must already be safe for where they go (escaped text or MJML we
 * built); a slot without a value is a template bug and fails loudly.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_slot, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template slot {{${name}}} has no value`);
    return value;
  });
}
