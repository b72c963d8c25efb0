import { editionLogSchema, emptyEditionLog, type EditionLog } from './edition-log.js';
import { readJsonVersion } from './json-object.js';
import { sha256Hex } from '../text/sha256-hex.js';
import { PREFIX } from './keys.js';
import type { ObjectStore } from './object-store.js';
import { CorruptRecordError, StoreError } from './store-error.js';
import { CADENCES, type Cadence } from './subscriber.js';

/** A page named by its own bytes, or an edition's page, never changes: caches may keep it a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Feeds and index pages change with every run: five minutes at most in a cache. */
const LISTING = 'public, max-age=300';

/** What may be written under archive/: lower-case names, .html or .xml; nothing else reaches the public prefix. */
export const ARCHIVE_PATH = /^(?:[a-z0-9-]+\/)*[a-z0-9-]+\.(?:html|xml)$/;

const CONTENT_TYPES = { html: 'text/html; charset=utf-8', xml: 'application/atom+xml; charset=utf-8' } as const;

/**
 * The web archive in the bucket: everything under archive/ is public through the CloudFront
 * distribution (and local mode's server), so only pages rendered without any reader's details are
 * written here. Each cadence's edition log stays private under state/archive/.
 */
export class WebArchive {
  /** Where archive/ is served, ending in "/": https://d1234.cloudfront.net/ when deployed. */
  readonly baseUrl: string;

  constructor(
    private readonly store: ObjectStore,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  /** The public URL of a path under archive/. */
  urlOf(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /**
   * A sent digest's web version, named by the hash of its bytes: every sender that renders the same
   * digest names the same object, so the first write stands and the others find it (If-None-Match).
   * Returns its public URL.
   */
  async publishDigestPage(html: string): Promise<string> {
    const path = `${PREFIX.archiveDigests.slice(PREFIX.archive.length)}${sha256Hex(html).slice(0, 32)}.html`;
    await this.write(path, html, { ifNoneMatch: true, cacheControl: IMMUTABLE });
    return this.urlOf(path);
  }

  /** An edition's page: written again only by a retry of its run, with the same bytes. */
  async putEditionPage(path: string, html: string): Promise<void> {
    await this.write(path, html, { cacheControl: IMMUTABLE });
  }

  /** An index page or a feed, rewritten by every run. */
  async putListing(path: string, body: string): Promise<void> {
    await this.write(path, body, { cacheControl: LISTING });
  }

  private async write(path: string, body: string, options: { ifNoneMatch?: boolean; cacheControl: string }): Promise<void> {
    if (!ARCHIVE_PATH.test(path)) throw new StoreError('invalid-key', `not a web archive path: ${path}`);
    const contentType = CONTENT_TYPES[path.endsWith('.xml') ? 'xml' : 'html'];
    await this.store.put(`${PREFIX.archive}${path}`, body, { contentType, ...options });
  }

  static logKey(cadence: Cadence): string {
    return `${PREFIX.archiveState}${cadence}.json`;
  }

  /** The cadence's edition log with its ETag (null: none yet, the archive starts empty). */
  async loadEditionLog(cadence: Cadence): Promise<{ log: EditionLog; etag: string | null }> {
    const key = WebArchive.logKey(cadence);
    const found = await readJsonVersion<unknown>(this.store, key);
    if (!found) return { log: emptyEditionLog(cadence), etag: null };
    const parsed = editionLogSchema.safeParse(found.value);
    if (!parsed.success || parsed.data.cadence !== cadence) throw new CorruptRecordError(key, { cause: parsed.error });
    return { log: parsed.data, etag: found.etag };
  }

  /**
   * Saves the log only if nobody saved another since it was read (If-Match its ETag, or
   * If-None-Match for the first): two runs of one cadence at once cannot lose an edition.
   */
  async saveEditionLog(log: EditionLog, etag: string | null): Promise<'saved' | 'conflict'> {
    const body = `${JSON.stringify(log)}\n`;
    const options = etag === null ? { ifNoneMatch: true } : { ifMatch: etag };
    const outcome = await this.store.put(WebArchive.logKey(log.cadence), body, { contentType: 'application/json', ...options });
    return outcome === 'written' ? 'saved' : 'conflict';
  }

  /** The cadences whose archive has an edition, for the archive's front page. */
  async cadencesWithEditions(): Promise<Cadence[]> {
    const found = await Promise.all(CADENCES.map(async (cadence) => ((await this.store.head(WebArchive.logKey(cadence))) ? cadence : null)));
    return found.filter((cadence): cadence is Cadence => cadence !== null);
  }
}
