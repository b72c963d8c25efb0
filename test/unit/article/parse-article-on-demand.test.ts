import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../../lambda/article/article-error.js';
import { parseArticleOnDemand } from '../../../lambda/article/parse-article-on-demand.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';

const examples = path.resolve(import.meta.dirname, '../../../examples/articles');

describe('parseArticleOnDemand', () => {
  it.each(readdirSync(examples))('parses %s exactly as parseArticle does', async (file) => {
    // Prepare
    const bytes = readFileSync(path.join(examples, file));
    const options = { fileName: file, metadata: { source: 'Editor Desk' } };
    // Act
    const onDemand = await parseArticleOnDemand(bytes, options);
    // Assess
    expect(onDemand).toEqual(parseArticle(bytes, options));
  });

  it('covers every format among the examples', () => {
    const formats = new Set(readdirSync(examples).map((file) => parseArticle(readFileSync(path.join(examples, file)), { fileName: file }).format));
    expect([...formats].sort()).toEqual(['html', 'markdown', 'text']);
  });

  it('rejects undecodable input with the same article error', async () => {
    const binary = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await expect(parseArticleOnDemand(binary, { fileName: 'image.png' })).rejects.toBeInstanceOf(ArticleError);
  });
});
