import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildStories } from '../../lambda/digest/build-stories.js';
import { renderDigest } from '../../lambda/digest/render-digest.js';
import { selectArticlesFor } from '../../lambda/digest/select-articles.js';
import { parseSigningKeys } from '../../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../../lambda/mail/unsubscribe-links.js';
import type { SigningKeys } from '../../lambda/mail/unsubscribe-token.js';
import { composeDigestMail } from '../../lambda/pipeline/digest-mail.js';
import { firstCurrentDayOf } from '../../lambda/pipeline/lookback.js';
import type { StoredArticle } from '../../lambda/store/stored-article.js';
import { DEFAULT_LOCAL_UNSUBSCRIBE_PORT } from '../local/local-environment.js';
import { analyseFile } from './analyse-file.js';

/** Where local mode (`newsdrop local`) serves its unsubscribe endpoint by default. */
export const DEFAULT_PREVIEW_UNSUBSCRIBE_URL = `http://127.0.0.1:${DEFAULT_LOCAL_UNSUBSCRIBE_PORT}/`;

export interface PreviewOptions {
  readonly files: readonly string[];
  readonly outDir: string;
  readonly topics: readonly string[];
  readonly to: string;
  readonly from: string;
  /** The unsubscribe endpoint the mail's links and List-Unsubscribe point at. */
  readonly unsubscribeUrl: string;
  /** Key the links are signed with, as production signs them with its secret's. */
  readonly signing: SigningKeys;
  /** @default the time of the run */
  readonly now?: Date;
}

/**
 * NEWSDROP_UNSUBSCRIBE_KEYS when set (the variable local mode and the tests sign with), else a
 * fresh key for this preview: its links have production's shape and verify only under that key.
 */
export function previewSigningKeys(env: NodeJS.ProcessEnv = process.env): SigningKeys {
  const keys = env['NEWSDROP_UNSUBSCRIBE_KEYS'];
  return parseSigningKeys(keys ?? JSON.stringify({ current: '1', key1: randomBytes(32).toString('hex') }));
}

/**
 * `newsdrop preview`: the digest these files would make, as HTML, text and the exact MIME for SES:
 * composed by the digest sender's own code (composeDigestMail), signed links and headers included.
 */
export async function previewCommand(options: PreviewOptions, print: (line: string) => void, warn: (line: string) => void): Promise<number> {
  const now = options.now ?? new Date();
  const articles: StoredArticle[] = [];
  const fileOf = new Map<string, string>();
  for (const file of options.files) {
    const analysis = await analyseFile(file);
    if (!analysis.ok) {
      warn(`newsdrop preview: skipped ${file}: ${analysis.error.code}: ${analysis.error.message}`);
      continue;
    }
    fileOf.set(analysis.id, file);
    articles.push({
      ...analysis.article,
      id: analysis.id,
      topic: { label: analysis.prediction.label, confidence: analysis.prediction.confidence },
      origin: { bucket: 'local', key: path.resolve(file), versionId: null, etag: null },
      storedAt: now.toISOString(),
    });
  }
  const selected = selectArticlesFor({ topics: [...options.topics] }, articles);
  if (selected.length === 0) {
    warn(`newsdrop preview: no article matches the topics ${options.topics.join(', ')}; nothing to render`);
    return 1;
  }
  // As the sender groups them: stories published before the daily look-back are dated up front.
  const stories = buildStories(selected, undefined, { firstCurrentDay: firstCurrentDayOf('daily', now) });
  const rendered = await renderDigest({ date: now.toISOString().slice(0, 10), cadence: 'daily', topics: options.topics, stories });
  const links = unsubscribeLinks(options.unsubscribeUrl, options.signing, () => now);
  const { personal, raw: eml } = await composeDigestMail(rendered, { email: options.to, name: null }, { from: options.from, topics: options.topics, cadence: 'daily', links });

  await mkdir(options.outDir, { recursive: true });
  await writeFile(path.join(options.outDir, 'digest.html'), personal.html);
  await writeFile(path.join(options.outDir, 'digest.txt'), personal.text);
  await writeFile(path.join(options.outDir, 'digest.eml'), eml);
  print(
    JSON.stringify({
      subject: personal.subject,
      htmlBytes: Buffer.byteLength(personal.html),
      stories: stories.map((story) => ({
        headline: story.headline,
        topic: story.topic,
        sources: story.sources,
        files: story.articleIds.map((id) => fileOf.get(id) ?? id),
      })),
    }),
  );
  return 0;
}
