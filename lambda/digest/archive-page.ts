import { httpUrlOrNull } from '../text/http-url.js';
import { archiveDocument, cadenceTitle, feedLink } from './archive-document.js';
import type { DigestContent, DigestStory } from './digest-content.js';
import { escapeHtml } from './escape-html.js';
import { cappedStory } from './render-digest.js';
import { metaHtml } from './story-meta.js';
import { compareTopics, topicTitle } from './topic-order.js';

/** A page has no mail client's size limit, but stays bounded: past this many stories the rest are counted. */
export const MAX_ARCHIVE_STORIES = 500;

export interface ArchivePageOptions {
  /** "Daily news digest, 24 November 2026" (archiveTitle). */
  readonly title: string;
  /** Keeps search engines off a page (a sent digest's web version is for its readers, not for search). */
  readonly noindex: boolean;
}

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** A section's id in the page: topics are [a-z0-9-] (validated config), anything else becomes "-". */
const sectionId = (topic: string) => `topic-${topic.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;

function storyHtml(story: DigestStory): string {
  const url = httpUrlOrNull(story.url);
  const headline = escapeHtml(story.headline.trim());
  return [
    '<article>',
    `<h3>${url ? `<a href="${escapeHtml(url)}">${headline}</a>` : headline}</h3>`,
    `<p class="meta">${metaHtml(story)}</p>`,
    `<p>${escapeHtml(story.summary.trim())}</p>`,
    '</article>',
  ].join('\n');
}

/**
 * A digest as a web page, for the archive: the stories, sections and order of the mail, and
 * nothing about who received it. Built from DigestContent alone (no recipient slots, no links
 * signed for a reader), so no address, name or token can reach it; every field is escaped and cut
 * to the mail's bounds. Links go to the cadence's index and feed, one level up.
 */
export function renderArchivePage(content: DigestContent, options: ArchivePageOptions): string {
  const stories = content.stories.slice(0, MAX_ARCHIVE_STORIES).map(cappedStory);
  const hidden = content.stories.length - stories.length;
  const sections = new Map<string, DigestStory[]>();
  for (const story of stories) sections.set(story.topic, [...(sections.get(story.topic) ?? []), story]);
  const topics = [...sections.keys()].sort(compareTopics);
  const cadence = cadenceTitle(content.cadence);
  const body = [
    '<header>',
    `<p class="meta">newsdrop · <a href="../${content.cadence}/index.html">All ${cadence.toLowerCase()} digests</a> · <a href="../${content.cadence}/feed.xml">Atom feed</a></p>`,
    '</header>',
    '<main class="card">',
    `<h1>${escapeHtml(options.title)}</h1>`,
    `<p class="meta">${plural(content.stories.length, 'story', 'stories')} in ${plural(new Set(content.stories.map((story) => story.topic)).size, 'topic', 'topics')}</p>`,
    ...topics.map((topic) =>
      [`<section aria-labelledby="${sectionId(topic)}">`, `<h2 id="${sectionId(topic)}">${escapeHtml(topicTitle(topic))}</h2>`, ...sections.get(topic)!.map(storyHtml), '</section>'].join('\n'),
    ),
    hidden > 0 ? `<p class="meta">+${plural(hidden, 'more story', 'more stories')} not shown on this page.</p>` : '',
    '</main>',
    '<footer><p>The web version of a newsdrop digest: the stories as they were mailed, without anything about who received them.</p></footer>',
  ].filter(Boolean);
  return archiveDocument({
    title: options.title,
    head: [options.noindex ? '<meta name="robots" content="noindex">' : '', feedLink(content.cadence)].filter(Boolean).join('\n'),
    body: body.join('\n'),
  });
}
