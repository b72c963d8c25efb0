import { chooseHeadline, rankedCandidatesOf } from '../../lambda/article/headline-ranker.js';
import { segmentPage } from '../../lambda/article/text-extraction.js';
import { NoArticleFoundError } from '../../lambda/article/article-error.js';

/** Where a plain-text page's gold headline is lost: not on the page as a line, or not among the lines the ranker chooses from. */
export interface HeadlineReach {
  /** A line of the page (as the extractor splits and joins it) is a gold headline. */
  readonly onPage: boolean;
  /** The ranker's candidates, or the title the page repeats (which is taken without ranking), hold a gold headline. */
  readonly candidate: boolean;
}

/**
 * The ceiling of a set's headline accuracy and where it is lost (eval:extract --dev-reach): a
 * page whose headline no candidate holds is lost before ranking, by the body span or the
 * candidate rules; one where a candidate holds it, by the ranker. `normal` is the caller's
 * comparison of a line with a gold headline.
 */
export function headlineReach(text: string, goldHeadlines: readonly string[], normal: (text: string) => string): HeadlineReach {
  const wanted = new Set(goldHeadlines.map(normal).filter(Boolean));
  const isGold = (line: string) => wanted.has(normal(line));
  let page: ReturnType<typeof segmentPage>;
  try {
    page = segmentPage(text.replace(/\r\n?/g, '\n'));
  } catch (error) {
    if (error instanceof NoArticleFoundError) return { onPage: false, candidate: false };
    throw error;
  }
  const onPage = page.lines.some((line) => isGold(line.text));
  const { candidates } = rankedCandidatesOf(page.lines, page.start, page.end, page.body);
  const chosen = chooseHeadline(page.lines, page.start, page.end, page.body);
  const candidate = candidates.some((entry) => isGold(page.lines[entry.index]!.text)) || (chosen !== null && isGold(page.lines[chosen]!.text));
  return { onPage, candidate };
}
