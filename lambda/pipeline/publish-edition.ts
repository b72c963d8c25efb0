import { archiveTitle } from '../digest/archive-document.js';
import { atomFeed } from '../digest/archive-feed.js';
import { archiveFrontPage, cadenceIndexPage } from '../digest/archive-listing.js';
import { renderArchivePage } from '../digest/archive-page.js';
import { groupStories } from '../digest/build-stories.js';
import { nextDeliveryState, notYetReceived } from '../digest/delivery-watermark.js';
import { selectArticlesFor } from '../digest/select-articles.js';
import { SameStoryPairs } from '../digest/story-graph.js';
import { compareTopics, topicTitle } from '../digest/topic-order.js';
import type { DigestRun } from '../store/digest-run.js';
import { MAX_LOGGED_EDITIONS, type ArchivedEdition, type EditionLog } from '../store/edition-log.js';
import { sha256Hex } from '../text/sha256-hex.js';
import type { WebArchive } from '../store/web-archive.js';
import { truncateAtWord } from '../text/words.js';
import { firstCurrentDayOf } from './lookback.js';

/** Headlines an edition keeps for its feed entry and index line. */
const EDITION_HEADLINES = 5;
/** Two runs of one cadence saving the log at once: the loser reads it again and retries. */
const MAX_LOG_ATTEMPTS = 3;

export type EditionArchive = Pick<WebArchive, 'loadEditionLog' | 'saveEditionLog' | 'putEditionPage' | 'putListing' | 'cadencesWithEditions' | 'urlOf'>;

export interface EditionSummary {
  /** published: a new page; republished: a retried run found its edition logged and wrote the listings again; nothing-new: no page. */
  readonly edition: 'published' | 'republished' | 'nothing-new';
  readonly editionPath: string | null;
  readonly editionStories: number;
}

/** "daily/2026-11-24-0600-1a2b3c4d.html": sorted by time in a listing; the run id hashed, so any id makes a safe name. */
export function editionPath(run: Pick<DigestRun, 'cadence' | 'runAt' | 'runId'>): string {
  return `${run.cadence}/${run.runAt.slice(0, 10)}-${run.runAt.slice(11, 13)}${run.runAt.slice(14, 16)}-${sha256Hex(run.runId).slice(0, 8)}.html`;
}

/**
 * Publishes one run's edition to the web archive: the stories of every topic that the run brought
 * and no earlier edition of the cadence had (the log's delivery state, as for a reader of every
 * topic mailed by every run), as a page, then the cadence's Atom feed and index page and the
 * archive's front page. Written from the run's snapshot alone: no reader is read, so no reader can
 * appear. A retried run (same id) writes only the listings again; the log is saved with a
 * compare-and-swap, so two runs of a cadence at once cannot lose an edition.
 */
export async function publishEdition(run: DigestRun, archive: EditionArchive): Promise<EditionSummary> {
  const cadence = run.cadence;
  for (let attempt = 1; ; attempt++) {
    const { log, etag } = await archive.loadEditionLog(cadence);
    let next: EditionLog = log;
    let summary: EditionSummary;
    const logged = log.editions.find((edition) => edition.runId === run.runId);
    if (logged) {
      summary = { edition: 'republished', editionPath: logged.path, editionStories: logged.stories };
    } else {
      const fresh = selectArticlesFor({ topics: ['*'] }, run.articles, notYetReceived(log.state));
      if (fresh.length === 0) return { edition: 'nothing-new', editionPath: null, editionStories: 0 };
      const stories = groupStories(fresh, (article) => article.topic.label, SameStoryPairs.fromList(run.sameStoryPairs), {
        firstCurrentDay: firstCurrentDayOf(cadence, run.runAt),
      });
      const title = archiveTitle(cadence, run.runAt);
      const path = editionPath(run);
      await archive.putEditionPage(path, renderArchivePage({ date: run.runAt.slice(0, 10), cadence, topics: ['*'], stories }, { title, noindex: false }));
      const edition: ArchivedEdition = {
        runId: run.runId,
        runAt: run.runAt,
        path,
        title,
        stories: stories.length,
        topics: [...new Set(stories.map((story) => story.topic))].sort(compareTopics).map(topicTitle),
        headlines: stories.slice(0, EDITION_HEADLINES).map((story) => truncateAtWord(story.headline, 200)),
      };
      const byId = new Map(run.articles.map((article) => [article.id, article]));
      next = { cadence, state: nextDeliveryState(log.state, run.watermark, fresh, byId), editions: [edition, ...log.editions].slice(0, MAX_LOGGED_EDITIONS) };
      if ((await archive.saveEditionLog(next, etag)) === 'conflict') {
        if (attempt < MAX_LOG_ATTEMPTS) continue;
        throw new Error(`the ${cadence} edition log changed ${MAX_LOG_ATTEMPTS} times while this run published; the next run's edition holds these stories`);
      }
      summary = { edition: 'published', editionPath: path, editionStories: stories.length };
    }
    await archive.putListing(`${cadence}/feed.xml`, atomFeed(cadence, next.editions, (path) => archive.urlOf(path)));
    await archive.putListing(`${cadence}/index.html`, cadenceIndexPage(cadence, next.editions));
    await archive.putListing('index.html', archiveFrontPage(await archive.cadencesWithEditions()));
    return summary;
  }
}
