import mjml2html from 'mjml';
import { truncateAtWord } from '../article/summary.js';
import type { DigestContent, DigestStory, RenderedDigest } from './digest-content.js';
import { digestSubject, formatDigestDate } from './digest-subject.js';
import { escapeHtml } from './escape-html.js';
import { RECIPIENT_SLOTS, stopTopicSlot } from './recipient-slots.js';
import { digestTemplates, fillTemplate } from './template-files.js';
import { compareTopics, topicTitle } from './topic-order.js';

/** At most this many stories per email; the rest are counted as "+N more". */
export const MAX_RENDERED_STORIES = 40;
/** Gmail clips messages past ~102 KB; personalisation adds a few hundred bytes on top. */
export const MAX_HTML_BYTES = 96 * 1024;

export class DigestRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DigestRenderError';
  }
}

/** Headlines past this are cut at a word boundary (a scraped "headline" can be a whole paragraph). */
const MAX_HEADLINE_LENGTH = 200;

const CADENCE_LABEL = { instant: 'Instant', daily: 'Daily', weekly: 'Weekly' } as const;

function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  return `${count} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

function publishedLabel(story: DigestStory): string | null {
  if (!story.published) return null;
  const date = /^\d{4}-\d{2}-\d{2}/.exec(story.published)?.[0];
  return date ? formatDigestDate(date) : null;
}

/** "CCTV.com · 16 May 2007 · Also reported by Jctrans" */
function metaLine(story: DigestStory): string {
  const [first, ...others] = story.sources;
  const parts = [first, publishedLabel(story)].filter((part): part is string => Boolean(part));
  if (others.length > 0) parts.push(`Also reported by ${others.join(', ')}`);
  return parts.join(' · ');
}

function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function groupByTopic(stories: readonly DigestStory[]): [string, DigestStory[]][] {
  const byTopic = new Map<string, DigestStory[]>();
  for (const story of stories) byTopic.set(story.topic, [...(byTopic.get(story.topic) ?? []), story]);
  return [...byTopic.entries()].sort(([a], [b]) => compareTopics(a, b));
}

function storyMjml(template: string, story: DigestStory): string {
  const url = safeUrl(story.url);
  const headline = escapeHtml(story.headline);
  return fillTemplate(template, {
    headlineHtml: url ? `<a href="${escapeHtml(url)}">${headline}</a>` : headline,
    meta: escapeHtml(metaLine(story)),
    summary: escapeHtml(story.summary),
    link: url
      ? `<mj-text font-size="14px" padding="6px 24px 0 24px"><a href="${escapeHtml(url)}">Read the original</a></mj-text>`
      : '',
  });
}

function countsLine(shown: number, topics: number, hidden: number): string {
  return `${plural(shown + hidden, 'story')} in ${plural(topics, 'topic')}`;
}

function textVersion(content: DigestContent, sections: [string, DigestStory[]][], hidden: number, heading: string, counts: string): string {
  const lines = [heading, counts, ''];
  for (const [topic, stories] of sections) {
    lines.push(topicTitle(topic).toUpperCase(), '');
    for (const story of stories) {
      lines.push(story.headline);
      const meta = metaLine(story);
      if (meta) lines.push(meta);
      lines.push(story.summary);
      const url = safeUrl(story.url);
      if (url) lines.push(`Read the original: ${url}`);
      lines.push('');
    }
  }
  if (hidden > 0) lines.push(`+${plural(hidden, 'more story')} not shown in this email.`, '');
  lines.push('--', `You receive this because ${RECIPIENT_SLOTS.email} is subscribed to ${RECIPIENT_SLOTS.subscription}.`, RECIPIENT_SLOTS.unsubscribe);
  return `${lines.join('\n')}\n`;
}

async function compileMjml(mjml: string): Promise<string> {
  try {
    return (await mjml2html(mjml, { validationLevel: 'strict', keepComments: false })).html;
  } catch (error) {
    throw new DigestRenderError(`the digest template did not compile: ${(error as Error).message}`, { cause: error });
  }
}

/** The digest with its first `shownCount` stories; the others are counted as "+N more". */
async function renderWith(content: DigestContent, shownCount: number): Promise<RenderedDigest> {
  const templates = digestTemplates();
  const shown = content.stories.slice(0, shownCount);
  const hidden = content.stories.length - shown.length;
  const sections = groupByTopic(shown);
  const heading = `Your ${CADENCE_LABEL[content.cadence].toLowerCase()} news digest, ${formatDigestDate(content.date, 'long')}`;
  const counts = countsLine(shown.length, groupByTopic(content.stories).length, hidden);
  const preheader = shown
    .slice(0, 3)
    .map((story) => story.headline)
    .join(' · ');

  const mjml = fillTemplate(templates.digest, {
    title: escapeHtml(heading),
    preheader: escapeHtml(preheader),
    cadenceLabel: CADENCE_LABEL[content.cadence],
    heading: escapeHtml(heading),
    counts: escapeHtml(counts),
    sections: sections
      .map(([topic, stories]) =>
        fillTemplate(templates.section, {
          topicTitle: escapeHtml(topicTitle(topic)),
          stopTopic: stopTopicSlot(topic),
          stories: stories.map((story) => storyMjml(templates.story, story)).join('\n'),
        }),
      )
      .join('\n'),
    more:
      hidden > 0
        ? `<mj-section padding="16px 0 0 0"><mj-column><mj-text font-size="14px" color="#52606d" css-class="meta">+${plural(hidden, 'more story')} not shown in this email.</mj-text></mj-column></mj-section>`
        : '',
    recipientEmail: RECIPIENT_SLOTS.email,
    subscription: RECIPIENT_SLOTS.subscription,
    unsubscribe: RECIPIENT_SLOTS.unsubscribe,
  });
  const html = await compileMjml(mjml);
  return { subject: digestSubject(content), html, text: textVersion(content, sections, hidden, heading, counts) };
}

/**
 * Renders a digest once for every subscriber with the same selection: MJML compiled here, the
 * recipient's address, subscription and unsubscribe text left as slots for personaliseDigest.
 * Stories are dropped from the end (and counted as "+N more") until the HTML fits the budget.
 */
export async function renderDigest(content: DigestContent): Promise<RenderedDigest> {
  const capped: DigestContent = {
    ...content,
    stories: content.stories.map((story) => ({ ...story, headline: truncateAtWord(story.headline, MAX_HEADLINE_LENGTH) })),
  };
  let shownCount = Math.min(capped.stories.length, MAX_RENDERED_STORIES);
  let rendered = await renderWith(capped, shownCount);
  while (Buffer.byteLength(rendered.html) > MAX_HTML_BYTES && shownCount > 1) {
    const ratio = MAX_HTML_BYTES / Buffer.byteLength(rendered.html);
    shownCount = Math.max(1, Math.min(shownCount - 1, Math.floor(shownCount * ratio * 0.95)));
    rendered = await renderWith(capped, shownCount);
  }
  return rendered;
}
