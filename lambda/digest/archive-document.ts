import type { Cadence } from '../store/subscriber.js';
import { formatDigestDate } from './digest-subject.js';
import { escapeHtml } from './escape-html.js';

/**
 * The Content-Security-Policy the archive is served with (the CloudFront response headers policy and
 * local mode's server): its pages carry their styles inline and load nothing else.
 */
export const ARCHIVE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CADENCE_TITLES: Readonly<Record<Cadence, string>> = { instant: 'Instant', daily: 'Daily', weekly: 'Weekly' };

export const cadenceTitle = (cadence: Cadence) => CADENCE_TITLES[cadence];

/**
 * A page's title: "Daily news digest, 24 November 2026". Instant runs come several a day, so
 * theirs carry the time too. No "your": an archive page belongs to nobody.
 */
export function archiveTitle(cadence: Cadence, runAt: string): string {
  const day = formatDigestDate(runAt.slice(0, 10), 'long');
  const time = cadence === 'instant' ? `, ${runAt.slice(11, 16)} UTC` : '';
  return `${cadenceTitle(cadence)} news digest, ${day}${time}`;
}

/**
 * Inline styles only: the pages load nothing from anywhere (the distribution's Content-Security-Policy
 * allows no other source). System fonts. Every colour pair passes WCAG AA (4.5:1), the lowest
 * being grey on the page background: 5.76:1 light (#52606d on #f0f2f5), 6.60:1 dark (#9aa5b1 on #1c1f24).
 */
const STYLE = `
:root { color-scheme: light dark; --text: #1f2933; --muted: #52606d; --link: #0b5cad; --rule: #d9e2ec; --page: #f0f2f5; --card: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --text: #e4e7eb; --muted: #9aa5b1; --link: #8fc1ff; --rule: #3e4c59; --page: #0f1114; --card: #1c1f24; } }
body { margin: 0; background: var(--page); color: var(--text); font: 16px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
.page { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem 2rem; }
.card { background: var(--card); border-radius: 8px; padding: 1.5rem; }
a { color: var(--link); }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 0.25rem; }
h2 { font-size: 0.8125rem; letter-spacing: 0.08em; text-transform: uppercase; color: var(--link); border-top: 1px solid var(--rule); padding-top: 0.75rem; margin: 1.5rem 0 0.25rem; }
h3 { font-size: 1.1875rem; line-height: 1.3; margin: 0.75rem 0 0.25rem; }
h3 a { color: inherit; text-decoration: none; }
h3 a:hover, h3 a:focus { text-decoration: underline; }
p { margin: 0 0 0.5rem; }
.meta { font-size: 0.8125rem; color: var(--muted); }
footer { font-size: 0.8125rem; color: var(--muted); margin-top: 1rem; }
ul.editions { list-style: none; padding: 0; }
ul.editions li { margin: 0 0 1rem; }
`;

export interface ArchiveDocument {
  readonly title: string;
  /** Markup for <head> besides charset, viewport, title and style (feed links, robots). */
  readonly head?: string;
  /** The page's content, already HTML. */
  readonly body: string;
}

/** A whole archive page: a standalone HTML document, nothing fetched when it is opened. */
export function archiveDocument(page: ArchiveDocument): string {
  return `${[
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(page.title)}</title>`,
    ...(page.head ? [page.head] : []),
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    page.body,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n')}\n`;
}

/** The <link> that lets a browser or feed reader find a cadence's feed from a page one level down. */
export function feedLink(cadence: Cadence): string {
  return `<link rel="alternate" type="application/atom+xml" title="newsdrop ${cadenceTitle(cadence).toLowerCase()} digests" href="../${cadence}/feed.xml">`;
}
