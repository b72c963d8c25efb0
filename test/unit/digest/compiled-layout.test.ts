import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mjml2html from 'mjml';
import { afterEach, describe, expect, it } from 'vitest';
import { compileDigestLayout, LayoutCompileError, MJML_OPTIONS, serializeLayout } from '../../../tools/digest/compile-layout.js';
import { COMPILED_LAYOUT_FILE, CompiledLayoutError, compiledLayout, fillLayout, readCompiledLayout } from '../../../lambda/digest/compiled-layout.js';
import type { DigestContent } from '../../../lambda/digest/digest-content.js';
import { digestMjml } from '../../../lambda/digest/digest-mjml.js';
import { digestSlots, renderDigest } from '../../../lambda/digest/render-digest.js';
import { readDigestTemplates, templateDir } from '../../../lambda/digest/template-files.js';
import { digestContent, story } from '../../support/story-factory.js';

/** What mjml makes of the same digest today: the reference the compiled layout must match. */
async function liveMjmlHtml(content: DigestContent, shownCount = content.stories.length): Promise<string> {
  return (await mjml2html(digestMjml(readDigestTemplates(), digestSlots(content, shownCount)), MJML_OPTIONS)).html;
}

const DIGESTS: Record<string, DigestContent> = {
  'one story': digestContent([story()]),
  'several topics, sources, links and a custom topic': digestContent(
    [
      story({ topic: 'sport', headline: 'Cup final goes to extra time', url: 'https://example.com/cup' }),
      story({ topic: 'world', headline: 'Summit ends with a deal', sources: ['Jctrans.com', 'CCTV.com'], published: '2007-05-16' }),
      story({ topic: 'world', headline: 'Ministers meet again', url: 'https://example.com/a?b=1&c=2' }),
      story({ topic: 'missile-defence', headline: 'Shield talks resume', sources: [], published: null }),
    ],
    { cadence: 'weekly', topics: ['world', 'sport', 'missile-defence'] },
  ),
  'hostile text with stray whitespace': digestContent([
    story({
      headline: '  Tom & Jerry <script>alert("x")</script> <mj-raw>raw</mj-raw> {{title}} ',
      summary: ' A & B <img src=x onerror=alert(1)>\n second line ',
      sources: ['"Quotes" & <b>Co</b> '],
      url: 'https://example.com/"><script>',
    }),
  ]),
  'no stories': digestContent([]),
};

describe('compiled digest layout', () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is committed as build:templates writes it from templates/*.mjml (run `npm run build:templates` if this fails)', async () => {
    // Act
    const fresh = serializeLayout(await compileDigestLayout(readDigestTemplates()));
    // Assess
    expect(readFileSync(path.join(templateDir(), COMPILED_LAYOUT_FILE), 'utf8')).toBe(fresh);
  });

  it.each(Object.entries(DIGESTS))('renders %s exactly as mjml compiles the same digest', async (_name, content) => {
    // Act
    const rendered = await renderDigest(content);
    // Assess
    expect(rendered.html).toBe(await liveMjmlHtml(content));
  });

  it('renders a digest with stories left out ("+N more") exactly as mjml does', async () => {
    // Prepare
    const content = digestContent(Array.from({ length: 12 }, (_, i) => story({ topic: ['world', 'business', 'sport'][i % 3]!, url: i % 2 ? `https://example.com/${i}` : null })));
    // Act
    const html = fillLayout(compiledLayout(), digestSlots(content, 5));
    // Assess
    expect(html).toContain('+7 more stories not shown in this email.');
    expect(html).toBe(await liveMjmlHtml(content, 5));
  });

  it('refuses a compiled file older than the templates beside it', () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'newsdrop-templates-'));
    scratch.push(dir);
    cpSync(templateDir(), dir, { recursive: true });
    writeFileSync(path.join(dir, 'story.mjml'), readFileSync(path.join(dir, 'story.mjml'), 'utf8').replace('font-size="19px"', 'font-size="21px"'));
    // Act
    const read = () => readCompiledLayout(dir);
    // Assess
    expect(read).toThrow(CompiledLayoutError);
    expect(read).toThrow(/npm run build:templates/);
  });

  it('refuses templates whose pieces it cannot cut apart', async () => {
    // Prepare
    const templates = readDigestTemplates();
    const swapped = { ...templates, digest: templates.digest.replace('{{sections}}', '@@').replace('{{more}}', '{{sections}}').replace('@@', '{{more}}') };
    const inlined = { ...templates, digest: templates.digest.replace('<mj-style>', '<mj-style inline="inline">') };
    // Act + Assess
    await expect(compileDigestLayout(swapped)).rejects.toThrow(LayoutCompileError);
    await expect(compileDigestLayout(inlined)).rejects.toThrow(/cannot be precompiled/);
  });
});
