import { sha256Hex } from '../text/sha256-hex.js';
import type { ArchivedEdition } from '../store/edition-log.js';
import type { Cadence } from '../store/subscriber.js';
import { cadenceTitle } from './archive-document.js';
import { escapeHtml } from './escape-html.js';
import { escapeXml } from './escape-xml.js';

/** Entries in a feed: a month of daily editions; older ones stay on the index page. */
export const MAX_FEED_ENTRIES = 30;

const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

/** A stable urn:uuid for an edition (RFC 4287 wants ids that never change, whatever URL serves the archive). */
function entryId(cadence: Cadence, runId: string): string {
  const hex = sha256Hex(`newsdrop edition\n${cadence}\n${runId}`);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function entry(cadence: Cadence, edition: ArchivedEdition, urlOf: (path: string) => string): string {
  const url = urlOf(edition.path);
  // The entry's content is HTML carried as text: escaped for HTML first, then the whole for XML.
  const html = [
    `<p>${edition.stories} ${edition.stories === 1 ? 'story' : 'stories'}${edition.topics.length > 0 ? ` in ${escapeHtml(edition.topics.join(', '))}` : ''}</p>`,
    `<ul>${edition.headlines.map((headline) => `<li>${escapeHtml(headline)}</li>`).join('')}</ul>`,
    `<p><a href="${escapeHtml(url)}">Read this digest</a></p>`,
  ].join('');
  return [
    '  <entry>',
    `    <id>${entryId(cadence, edition.runId)}</id>`,
    `    <title>${escapeXml(edition.title)}</title>`,
    `    <updated>${escapeXml(edition.runAt)}</updated>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
    `    <summary type="text">${escapeXml(`${edition.stories} ${edition.stories === 1 ? 'story' : 'stories'}: ${edition.headlines.join(' · ')}`)}</summary>`,
    `    <content type="html">${escapeXml(html)}</content>`,
    '  </entry>',
  ].join('\n');
}

/**
 * A cadence's Atom feed (RFC 4287) of its latest editions, newest first. Every value from an
 * article is escaped for XML, with the characters XML forbids dropped, so a hostile headline
 * cannot break the feed.
 */
export function atomFeed(cadence: Cadence, editions: readonly ArchivedEdition[], urlOf: (path: string) => string): string {
  const shown = editions.slice(0, MAX_FEED_ENTRIES);
  const updated = shown[0]?.runAt ?? new Date(0).toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="${ATOM_NAMESPACE}">`,
    `  <id>${escapeXml(urlOf(`${cadence}/feed.xml`))}</id>`,
    `  <title>newsdrop ${cadenceTitle(cadence).toLowerCase()} digests</title>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    '  <author><name>newsdrop</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(urlOf(`${cadence}/feed.xml`))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(urlOf(`${cadence}/index.html`))}"/>`,
    ...shown.map((edition) => entry(cadence, edition, urlOf)),
    '</feed>',
    '',
  ].join('\n');
}
