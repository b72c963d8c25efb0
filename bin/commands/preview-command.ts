import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildStories } from '../../lambda/digest/build-stories.js';
import { personaliseDigest } from '../../lambda/digest/personalise-digest.js';
import { renderDigest } from '../../lambda/digest/render-digest.js';
import { selectArticlesFor } from '../../lambda/digest/select-articles.js';
import { composeDigestMessage } from '../../lambda/mail/compose-message.js';
import type { StoredArticle } from '../../lambda/store/stored-article.js';
import { analyseFile } from './analyse-file.js';

export interface PreviewOptions {
  readonly files: readonly string[];
  readonly outDir: string;
  readonly topics: readonly string[];
  readonly to: string;
  readonly from: string;
}

/** `newsdrop preview`: the digest these files would make, as HTML, text and the exact MIME for SES. */
export async function previewCommand(options: PreviewOptions, print: (line: string) => void, warn: (line: string) => void): Promise<number> {
  const now = new Date();
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
  const stories = buildStories(selected);
  const rendered = await renderDigest({ date: now.toISOString().slice(0, 10), cadence: 'daily', topics: options.topics, stories });
  const recipient = { email: options.to, name: null };
  const personal = personaliseDigest(rendered, recipient, { topics: options.topics, cadence: 'daily' });
  const eml = await composeDigestMessage({ from: options.from, to: recipient, listId: 'newsdrop preview <newsdrop.preview.localhost>', ...personal });

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
