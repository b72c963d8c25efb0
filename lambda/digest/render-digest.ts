import { httpUrlOrNull } from '../text/http-url.js';
import { truncateAtWord } from '../text/words.js';
import { compiledLayout, fillLayout } from './compiled-layout.js';
import type { DigestContent, DigestStory, RenderedDigest } from './digest-content.js';
import { digestSubject, formatDigestDate } from './digest-subject.js';
import type { DigestSlots, StorySlots } from './digest-slots.js';
import { escapeHtml } from './escape-html.js';
import { RECIPIENT_SLOTS, stopTopicSlot } from './recipient-slots.js';
import { metaHtml, metaLine } from './story-meta.js';
import { compareTopics, topicTitle } from './topic-order.js';

/** At most this many stories per email; the rest are counted as "+N more". */
export const MAX_RENDERED_STORIES = 40;
/** Gmail clips messages past ~102 KB; personalisation adds a few hundred bytes on top. */
export const MAX_HTML_BYTES = 96 * 1024;

class DigestRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DigestRenderError';
  }
}

/**
 * Every field of a story comes from an article or its metadata, so each is cut before rendering:
 * one story then stays a few kilobytes however hostile (escaping at most sextuples a character),
 * and dropping stories always reaches the budget. Headlines past 200 characters are cut at a word
 * boundary (a scraped "headline" can be a whole paragraph); summaries are ~300 from the parser.
 */
const MAX_HEADLINE_LENGTH = 200;
const MAX_SUMMARY_LENGTH = 400;
/** Past this a link is not followed by mail clients anyway; the story is shown without it. */
const MAX_URL_LENGTH = 2_048;

const CADENCE_LABEL = { instant: 'Instant', daily: 'Daily', weekly: 'Weekly' } as const;

function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  return `${count} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

function groupByTopic(stories: readonly DigestStory[]): [string, DigestStory[]][] {
  const byTopic = new Map<string, DigestStory[]>();
  for (const story of stories) byTopic.set(story.topic, [...(byTopic.get(story.topic) ?? []), story]);
  return [...byTopic.entries()].sort(([a], [b]) => compareTopics(a, b));
}

/** Untrusted text for HTML. Trimmed as mjml trims an element's content, so the compiled layout renders what mjml would. */
const htmlText = (text: string) => escapeHtml(text.trim());

function storySlots(story: DigestStory): StorySlots {
  const url = httpUrlOrNull(story.url);
  const headline = htmlText(story.headline);
  return {
    headlineHtml: url ? `<a href="${escapeHtml(url)}">${headline}</a>` : headline,
    meta: metaHtml(story),
    summary: htmlText(story.summary),
    url: url ? escapeHtml(url) : null,
  };
}

function countsLine(shown: number, topics: number, hidden: number): string {
  return `${plural(shown + hidden, 'story')} in ${plural(topics, 'topic')}`;
}

/** What a digest with its first `shownCount` stories shows; the others are counted as "+N more". */
interface DigestOutline {
  readonly sections: [string, DigestStory[]][];
  readonly hidden: number;
  readonly heading: string;
  readonly counts: string;
  readonly preheader: string;
}

function outline(content: DigestContent, shownCount: number): DigestOutline {
  const shown = content.stories.slice(0, shownCount);
  const hidden = content.stories.length - shown.length;
  return {
    sections: groupByTopic(shown),
    hidden,
    heading: `Your ${CADENCE_LABEL[content.cadence].toLowerCase()} news digest, ${formatDigestDate(content.date, 'long')}`,
    counts: countsLine(shown.length, groupByTopic(content.stories).length, hidden),
    preheader: shown
      .slice(0, 3)
      .map((story) => story.headline)
      .join(' · '),
  };
}

function moreLine(hidden: number): string {
  return `+${plural(hidden, 'more story')} not shown in this email.`;
}

function textVersion(digest: DigestOutline, webVersionUrl: string | null): string {
  const lines = [digest.heading, digest.counts, ...(webVersionUrl ? [`View in browser: ${webVersionUrl}`] : []), ''];
  for (const [topic, stories] of digest.sections) {
    lines.push(topicTitle(topic).toUpperCase(), '');
    for (const story of stories) {
      lines.push(story.headline);
      const meta = metaLine(story);
      if (meta) lines.push(meta);
      lines.push(story.summary);
      const url = httpUrlOrNull(story.url);
      if (url) lines.push(`Read the original: ${url}`);
      lines.push('');
    }
  }
  if (digest.hidden > 0) lines.push(moreLine(digest.hidden), '');
  lines.push('--', `You receive this because ${RECIPIENT_SLOTS.email} is subscribed to ${RECIPIENT_SLOTS.subscription}.`, RECIPIENT_SLOTS.unsubscribe);
  return `${lines.join('\n')}\n`;
}

function slotsOf(content: DigestContent, digest: DigestOutline, webVersionUrl: string | null = null): DigestSlots {
  return {
    page: {
      title: htmlText(digest.heading),
      preheader: htmlText(digest.preheader),
      cadenceLabel: CADENCE_LABEL[content.cadence],
      webVersion: webVersionUrl ? ` · <a href="${escapeHtml(webVersionUrl)}">View in browser</a>` : '',
      heading: htmlText(digest.heading),
      counts: htmlText(digest.counts),
      recipientEmail: RECIPIENT_SLOTS.email,
      subscription: RECIPIENT_SLOTS.subscription,
      unsubscribe: RECIPIENT_SLOTS.unsubscribe,
    },
    sections: digest.sections.map(([topic, stories]) => ({
      topicTitle: htmlText(topicTitle(topic)),
      stopTopic: stopTopicSlot(topic),
      stories: stories.map(storySlots),
    })),
    more: digest.hidden > 0 ? htmlText(moreLine(digest.hidden)) : null,
  };
}

/** The escaped values a digest with its first `shownCount` stories puts into the templates. */
export function digestSlots(content: DigestContent, shownCount: number): DigestSlots {
  return slotsOf(content, outline(content, shownCount));
}

function renderWith(content: DigestContent, shownCount: number, webVersionUrl: string | null): RenderedDigest {
  const digest = outline(content, shownCount);
  let html: string;
  try {
    html = fillLayout(compiledLayout(), slotsOf(content, digest, webVersionUrl));
  } catch (error) {
    throw new DigestRenderError(`the digest could not be rendered: ${(error as Error).message}`, { cause: error });
  }
  return { subject: digestSubject(content), html, text: textVersion(digest, webVersionUrl) };
}

export interface RenderOptions {
  /** The digest's page in the web archive ("View in browser"); only an http(s) URL is linked. @default none */
  readonly webVersionUrl?: string | null;
}

/** A story with every untrusted field cut to its bound (sources where the meta line names them). */
export function cappedStory(story: DigestStory): DigestStory {
  return {
    ...story,
    headline: truncateAtWord(story.headline, MAX_HEADLINE_LENGTH),
    summary: truncateAtWord(story.summary, MAX_SUMMARY_LENGTH),
    url: story.url !== null && story.url.length <= MAX_URL_LENGTH ? story.url : null,
  };
}

/**
 * Renders a digest once for every subscriber with the same selection: the templates' layout,
 * compiled by mjml at build time, filled here; the recipient's address, subscription and
 * unsubscribe text left as slots for personaliseDigest.
 * Stories are dropped from the end (and counted as "+N more") until the HTML fits the budget,
 * down to none if need be: the budget holds whatever the articles hold.
 */
export async function renderDigest(content: DigestContent, options: RenderOptions = {}): Promise<RenderedDigest> {
  const capped: DigestContent = { ...content, stories: content.stories.map(cappedStory) };
  const webVersionUrl = httpUrlOrNull(options.webVersionUrl);
  let shownCount = Math.min(capped.stories.length, MAX_RENDERED_STORIES);
  let rendered = renderWith(capped, shownCount, webVersionUrl);
  while (Buffer.byteLength(rendered.html) > MAX_HTML_BYTES && shownCount > 0) {
    const ratio = MAX_HTML_BYTES / Buffer.byteLength(rendered.html);
    shownCount = Math.max(0, Math.min(shownCount - 1, Math.floor(shownCount * ratio * 0.95)));
    rendered = renderWith(capped, shownCount, webVersionUrl);
  }
  return rendered;
}
