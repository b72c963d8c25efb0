import { createHash } from 'node:crypto';
import { wordsOf } from '../../lambda/text/words.js';
import { goldHeadlinesOfTextPage, withoutSiteSuffix } from './gold-headline.js';

/**
 * Which pages of an outside collection of news HTML (Postlight parser's fixtures, trafilatura's,
 * goose3's and newspaper4k's test pages) become extra training pages: one page per URL or headline,
 * with a silver body long enough to be an article, and none that is one of the evaluation pages
 * (the AEB pages, Readability's test pages, GN1's: else CV and eval:extract would score a page the
 * ranker was fitted on).
 */

/** A page read from the collection, before selection. */
export interface ExtraPageCandidate {
  /** Where it comes from in the collection ("fixtures/nytimes.com.html"), for messages and as the id of a page with no URL. */
  readonly source: string;
  /** Its canonical URL (or og:url), null when it states none. */
  readonly url: string | null;
  /** goldHeadlinesOfHtml of the page. */
  readonly headlines: readonly string[];
  /** The silver body Readability found, '' when none. */
  readonly body: string;
}

export interface SelectedExtraPage extends ExtraPageCandidate {
  readonly id: string;
}

export const EXTRA_PAGE_DROP_REASONS = ['same URL as an evaluation page', 'same headline as an evaluation page', 'no gold headline', 'short body', 'duplicate'] as const;
export type ExtraPageDropReason = (typeof EXTRA_PAGE_DROP_REASONS)[number];

export interface ExtraPageSelection {
  readonly kept: SelectedExtraPage[];
  readonly dropped: { readonly source: string; readonly reason: ExtraPageDropReason }[];
}

/** Fewer words than this, and Readability found no article (an index, a video page, an error page). */
export const MIN_SILVER_BODY_WORDS = 150;

/**
 * A URL as compared: no scheme, "www.", query, fragment or trailing slash, host in lower case —
 * the same page fetched over http and https, or with tracking parameters, is one page.
 */
export function comparableUrl(url: string): string {
  const trimmed = url.trim();
  try {
    const parsed = new URL(trimmed);
    return `${parsed.hostname.toLowerCase().replace(/^www\./, '')}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed.toLowerCase();
  }
}

/** Headlines as compared: their words, lower case. */
export function comparableHeadline(headline: string): string {
  return wordsOf(headline.toLowerCase()).join(' ');
}

/** A page's id: a hash of its comparable URL, or of its source when it states none. Stable across runs. */
export function extraPageId(candidate: Pick<ExtraPageCandidate, 'source' | 'url'>): string {
  const key = candidate.url ? comparableUrl(candidate.url) : `source:${candidate.source}`;
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The candidates to keep, in the given order (the first of duplicates wins), and why each other one
 * was dropped. `excluded` holds the evaluation pages' URLs and gold headlines: they are compared, never kept.
 */
export function selectExtraPages(
  candidates: readonly ExtraPageCandidate[],
  excluded: { readonly urls: readonly string[]; readonly headlines: readonly string[] },
): ExtraPageSelection {
  const excludedUrls = new Set(excluded.urls.map(comparableUrl));
  const excludedHeadlines = new Set(excluded.headlines.map(comparableHeadline).filter(Boolean));
  const seenUrls = new Set<string>();
  const seenHeadlines = new Set<string>();
  const kept: SelectedExtraPage[] = [];
  const dropped: { source: string; reason: ExtraPageDropReason }[] = [];
  for (const candidate of candidates) {
    const url = candidate.url ? comparableUrl(candidate.url) : null;
    const headlines = candidate.headlines.map(comparableHeadline).filter(Boolean);
    const reason: ExtraPageDropReason | null =
      url && excludedUrls.has(url)
        ? 'same URL as an evaluation page'
        : headlines.some((headline) => excludedHeadlines.has(headline))
          ? 'same headline as an evaluation page'
          : headlines.length === 0
            ? 'no gold headline'
            : wordsOf(candidate.body).length < MIN_SILVER_BODY_WORDS
              ? 'short body'
              : (url && seenUrls.has(url)) || headlines.some((headline) => seenHeadlines.has(headline))
                ? 'duplicate'
                : null;
    if (reason) {
      dropped.push({ source: candidate.source, reason });
      continue;
    }
    if (url) seenUrls.add(url);
    for (const headline of headlines) seenHeadlines.add(headline);
    kept.push({ ...candidate, id: extraPageId(candidate) });
  }
  return { kept, dropped };
}

/**
 * The headlines a Readability test page (readability-pages-dev.jsonl: text, with its <title> and
 * Readability's gold title) is known by, to keep it out of the extra pages: it has no URL, and an
 * extra page's og:title or <h1> may name it by either title, less its site suffix, or by the line
 * its text shows (goldHeadlinesOfTextPage, as eval:extract scores it).
 */
export function readabilityPageHeadlines(page: { readonly rawText: string; readonly htmlTitle: string | null; readonly goldTitle: string | null }): string[] {
  const titles = [page.goldTitle, page.htmlTitle].filter((title): title is string => Boolean(title?.trim()));
  return [...new Set([...titles, ...titles.map((title) => withoutSiteSuffix(title)), ...goldHeadlinesOfTextPage(page.rawText, page.goldTitle)])];
}
