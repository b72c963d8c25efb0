import type { ArchivedEdition } from '../store/edition-log.js';
import type { Cadence } from '../store/subscriber.js';
import { archiveDocument, cadenceTitle, feedLink } from './archive-document.js';
import { escapeHtml } from './escape-html.js';

/** Headlines an index page names per edition. */
const INDEX_HEADLINES = 3;

/** archive/<cadence>/index.html: every logged edition, newest first, with its feed. */
export function cadenceIndexPage(cadence: Cadence, editions: readonly ArchivedEdition[]): string {
  const title = `newsdrop ${cadenceTitle(cadence).toLowerCase()} digests`;
  const items = editions.map((edition) =>
    [
      '<li>',
      // Edition paths are "<cadence>/<name>.html": from this page, one level down, the name alone.
      `<a href="${escapeHtml(edition.path.slice(edition.path.indexOf('/') + 1))}">${escapeHtml(edition.title)}</a>`,
      `<p class="meta">${edition.stories} ${edition.stories === 1 ? 'story' : 'stories'}${edition.topics.length > 0 ? ` in ${escapeHtml(edition.topics.join(', '))}` : ''}</p>`,
      edition.headlines.length > 0 ? `<p>${edition.headlines.slice(0, INDEX_HEADLINES).map(escapeHtml).join(' · ')}</p>` : '',
      '</li>',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return archiveDocument({
    title,
    head: feedLink(cadence),
    body: [
      '<header><p class="meta"><a href="../index.html">newsdrop archive</a> · <a href="feed.xml">Atom feed</a></p></header>',
      '<main class="card">',
      `<h1>${escapeHtml(title)}</h1>`,
      items.length > 0 ? `<ul class="editions">\n${items.join('\n')}\n</ul>` : '<p>No digest yet.</p>',
      '</main>',
    ].join('\n'),
  });
}

/** archive/index.html: the cadences that have editions, with their feeds. */
export function archiveFrontPage(cadences: readonly Cadence[]): string {
  const items = cadences.map(
    (cadence) => `<li><a href="${cadence}/index.html">${cadenceTitle(cadence)} digests</a> · <a href="${cadence}/feed.xml">Atom feed</a></li>`,
  );
  return archiveDocument({
    title: 'newsdrop archive',
    body: [
      '<main class="card">',
      '<h1>newsdrop archive</h1>',
      '<p>Each digest run\'s stories in every topic, as a web page, with an Atom feed per cadence. Nothing here names a reader.</p>',
      items.length > 0 ? `<ul class="editions">\n${items.join('\n')}\n</ul>` : '<p>No digest yet.</p>',
      '</main>',
    ].join('\n'),
  });
}
