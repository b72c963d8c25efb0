import { truncateAtWord } from '../text/words.js';
import type { DigestStory } from './digest-content.js';
import { formatDigestDate } from './digest-subject.js';
import { escapeHtml } from './escape-html.js';

const MAX_SOURCE_LENGTH = 80;
/** The lead source and up to this many others are named; the rest are counted. */
const MAX_OTHER_SOURCES = 4;

const countFormat = new Intl.NumberFormat('en');

function publishedLabel(story: DigestStory): string | null {
  if (!story.published) return null;
  const date = /^\d{4}-\d{2}-\d{2}/.exec(story.published)?.[0];
  return date ? formatDigestDate(date) : null;
}

/**
 * A story's meta line in two parts: what must stand out (an old story's date, an update's notice; bold in HTML) and
 * the rest, "CCTV.com · 16 May 2007 · Also reported by Jctrans". Each source name is cut, at most
 * MAX_OTHER_SOURCES others are named. Plain text, not yet escaped.
 */
function metaParts(story: DigestStory): { readonly notice: string | null; readonly rest: string } {
  const [first, ...others] = story.sources.slice(0, MAX_OTHER_SOURCES + 1).map((source) => truncateAtWord(source, MAX_SOURCE_LENGTH));
  const unnamed = story.sources.length - 1 - others.length;
  const date = publishedLabel(story);
  // A story from before the look-back window leads with its date, so nobody takes it for today's news.
  const notice = story.publishedBeforeWindow
    ? date
      ? `Older story, published ${date}`
      : 'Older story'
    : // A report of a story the reader already got says so, so nobody takes it for news of another event.
      story.continuesEarlier
      ? 'Update to an earlier story'
      : null;
  const parts = [first, story.publishedBeforeWindow ? null : date].filter((part): part is string => Boolean(part));
  if (unnamed > 0) parts.push(`Also reported by ${others.join(', ')} and ${countFormat.format(unnamed)} ${unnamed === 1 ? 'other' : 'others'}`);
  else if (others.length > 0) parts.push(`Also reported by ${others.join(', ')}`);
  return { notice, rest: parts.join(' · ') };
}

/** The meta line as plain text (the text part of the mail). */
export function metaLine(story: DigestStory): string {
  const { notice, rest } = metaParts(story);
  return [notice, rest].filter(Boolean).join(' · ');
}

/** The meta line as HTML, every part escaped; an old story's date in bold. Trimmed as mjml trims an element's content. */
export function metaHtml(story: DigestStory): string {
  const { notice, rest } = metaParts(story);
  return [notice ? `<strong>${escapeHtml(notice.trim())}</strong>` : '', escapeHtml(rest.trim())].filter(Boolean).join(' · ');
}
