import { createRequire } from 'node:module';
import mjml2html from 'mjml';
import { layoutSourceSha256, type CompiledDigestLayout, type LayoutPieces } from '../../lambda/digest/compiled-layout.js';
import { LAYOUT_BOUNDARIES, LAYOUT_MARKER_PATTERN, layoutMjml, type LayoutBoundary } from '../../lambda/digest/digest-mjml.js';
import type { DigestTemplates } from '../../lambda/digest/template-files.js';

export class LayoutCompileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LayoutCompileError';
  }
}

/**
 * Build time only: loading mjml is what the digest function's cold start avoids. `fonts: {}`:
 * mjml links a Google Fonts stylesheet (a <link> and an @import) for any of its web fonts the
 * font stack names, such as Roboto; a mail loads nothing when opened, so the stack's system
 * fonts are all it uses.
 */
export const MJML_OPTIONS = { validationLevel: 'strict', keepComments: false, fonts: {} } as const;

/**
 * Rules mjml applies to the finished page (inline CSS, attributes by selector) would also have to
 * reach the article text filled in later, so templates that use them cannot be precompiled.
 */
const PAGE_WIDE_RULES = [/<mj-style[^>]*\binline\s*=/, /<mj-html-attributes\b/];

async function compile(source: string): Promise<string> {
  if (PAGE_WIDE_RULES.some((rule) => rule.test(source))) {
    throw new LayoutCompileError('the digest templates use mj-style inline or mj-html-attributes, which apply to the whole page and cannot be precompiled');
  }
  try {
    return (await mjml2html(source, MJML_OPTIONS)).html;
  } catch (error) {
    throw new LayoutCompileError(`the digest templates did not compile: ${(error as Error).message}`, { cause: error });
  }
}

/** The compiled HTML cut at the markers: the text before the first, and the text after each. */
function cutAtMarkers(html: string): { readonly before: string; readonly after: Readonly<Record<LayoutBoundary, string>> } {
  const markers = [...html.matchAll(LAYOUT_MARKER_PATTERN)];
  const found = markers.map((marker) => marker[1]);
  if (found.join() !== LAYOUT_BOUNDARIES.join()) {
    throw new LayoutCompileError(
      `the compiled templates hold their pieces in the order ${found.join(', ')}, expected ${LAYOUT_BOUNDARIES.join(', ')}: {{sections}} and {{more}} belong in the digest's body, {{stories}} between a section's mj-sections, {{link}} in a story's column`,
    );
  }
  const after = (i: number) => html.slice(markers[i]!.index + markers[i]![0].length, markers[i + 1]?.index ?? html.length);
  return { before: html.slice(0, markers[0]!.index), after: Object.fromEntries(LAYOUT_BOUNDARIES.map((at, i) => [at, after(i)])) as Record<LayoutBoundary, string> };
}

/**
 * Compiles the templates once with mjml and cuts the HTML at the layout's boundaries, so a
 * digest is its pieces repeated and filled (fillLayout) instead of a compilation per digest.
 */
export async function compileDigestLayout(templates: DigestTemplates): Promise<CompiledDigestLayout> {
  const { before, after } = cutAtMarkers(await compile(layoutMjml(templates)));
  const withoutPreheader = cutAtMarkers(await compile(layoutMjml(templates, { preheader: '' })));
  const pieces: LayoutPieces = {
    prefix: before,
    prefixWithoutPreheader: withoutPreheader.before,
    section: after.section,
    storyWithLink: after['story-with-link'],
    story: after.story,
    sectionEnd: after['section-end'],
    between: after['sections-end'],
    more: after.more,
    suffix: after['more-end'],
  };
  return { sourceSha256: layoutSourceSha256(templates), mjmlVersion: mjmlVersion(), pieces };
}

function mjmlVersion(): string {
  return (createRequire(import.meta.url)('mjml/package.json') as { version: string }).version;
}

/** The file's text: stable, so a fresh compilation can be compared with the committed one. */
export function serializeLayout(layout: CompiledDigestLayout): string {
  return `${JSON.stringify(layout, null, 2)}\n`;
}
