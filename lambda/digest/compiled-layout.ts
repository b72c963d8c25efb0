import { sha256Hex } from '../text/sha256-hex.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { layoutMjml } from './digest-mjml.js';
import type { DigestSlots, StorySlots } from './digest-slots.js';
import { fillTemplate, readDigestTemplates, templateDir, type DigestTemplates } from './template-files.js';

/** Written by `npm run build:templates` beside the .mjml it was compiled from. */
export const COMPILED_LAYOUT_FILE = 'digest.compiled.json';

/** The digest's HTML cut at every boundary of layoutMjml, slots still in place. */
export interface LayoutPieces {
  /** From the top of the page to the first section. */
  readonly prefix: string;
  /** The same for an empty preheader: mjml then leaves out the hidden preview text altogether. */
  readonly prefixWithoutPreheader: string;
  /** A section's heading, before its stories. */
  readonly section: string;
  readonly storyWithLink: string;
  readonly story: string;
  /** After a section's stories: its "stop this topic" line. */
  readonly sectionEnd: string;
  /** After the last section, before the "+N more" line. */
  readonly between: string;
  readonly more: string;
  /** From the "+N more" line to the end of the page. */
  readonly suffix: string;
}

export interface CompiledDigestLayout {
  /** sha256 of the layout MJML compiled, to notice templates edited since. */
  readonly sourceSha256: string;
  readonly mjmlVersion: string;
  readonly pieces: LayoutPieces;
}

export class CompiledLayoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CompiledLayoutError';
  }
}

export function layoutSourceSha256(templates: DigestTemplates): string {
  return sha256Hex(layoutMjml(templates));
}

/** The compiled layout in `dir`; refuses one compiled from other templates than the .mjml files beside it. */
export function readCompiledLayout(dir: string): CompiledDigestLayout {
  const file = path.join(dir, COMPILED_LAYOUT_FILE);
  let layout: CompiledDigestLayout;
  try {
    layout = JSON.parse(readFileSync(file, 'utf8')) as CompiledDigestLayout;
  } catch (error) {
    throw new CompiledLayoutError(`${file} is missing or unreadable; run \`npm run build:templates\``, { cause: error });
  }
  if (layout.sourceSha256 !== layoutSourceSha256(readDigestTemplates(dir))) {
    throw new CompiledLayoutError(`${file} was compiled from other templates than the .mjml files beside it; run \`npm run build:templates\``);
  }
  return layout;
}

let cached: CompiledDigestLayout | undefined;

/** The compiled layout of templateDir(), read once per process. */
export function compiledLayout(): CompiledDigestLayout {
  cached ??= readCompiledLayout(templateDir());
  return cached;
}

/** mjml merges adjacent Outlook conditional comments after rendering; pieces joined here meet the same way. */
const mergeOutlookConditionals = (html: string) => html.replace(/(<!\[endif]-->\s*?<!--\[if mso \| IE]>)/gm, '');

function storyHtml(pieces: LayoutPieces, story: StorySlots): string {
  const values = { headlineHtml: story.headlineHtml, meta: story.meta, summary: story.summary };
  return story.url === null ? fillTemplate(pieces.story, values) : fillTemplate(pieces.storyWithLink, { ...values, url: story.url });
}

/** The digest's HTML: the compiled pieces, repeated and filled as the slots say, without running mjml. */
export function fillLayout(layout: CompiledDigestLayout, slots: DigestSlots): string {
  const { pieces } = layout;
  const html = [fillTemplate(slots.page.preheader === '' ? pieces.prefixWithoutPreheader : pieces.prefix, slots.page)];
  for (const section of slots.sections) {
    const values = { topicTitle: section.topicTitle, stopTopic: section.stopTopic };
    html.push(fillTemplate(pieces.section, values), ...section.stories.map((story) => storyHtml(pieces, story)), fillTemplate(pieces.sectionEnd, values));
  }
  html.push(fillTemplate(pieces.between, slots.page));
  if (slots.more !== null) html.push(fillTemplate(pieces.more, { more: slots.more }));
  html.push(fillTemplate(pieces.suffix, slots.page));
  return mergeOutlookConditionals(html.join(''));
}
