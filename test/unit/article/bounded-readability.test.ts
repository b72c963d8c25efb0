import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { MAX_READABILITY_STEPS, READABILITY_HOT_METHODS, ReadabilityOverBudgetError, readabilityArticle } from '../../../lambda/article/bounded-readability.js';
import { TooComplexError } from '../../../lambda/article/article-error.js';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { NO_DEADLINE, ParseDeadline } from '../../../lambda/article/parse-deadline.js';

const HEADLINE = 'Harbour council approves the new terminal after talks';
/** Tables nested 63 deep, 52 of them, each with a sentence of its own: ~10,000 nodes that took Readability 2.2 s. */
const NESTED_TABLES = `<!doctype html><html><head><title>${HEADLINE}</title></head><body>${Array.from(
  { length: 52 },
  (_, i) => `${'<table><tr><td>'.repeat(63)}The harbour authority said on day ${i + 1} that the new container terminal would open in March.${'</td></tr></table>'.repeat(63)}`,
).join('')}</body></html>`;
const example = readFileSync(path.resolve(import.meta.dirname, '../../../examples/articles/chipmaker-results.html'), 'utf8');

const documentOf = (html: string) => parseHTML(html).document as unknown as Document;

describe('readabilityArticle', () => {
  it('wraps methods that Readability has', () => {
    for (const name of READABILITY_HOT_METHODS) expect({ name, type: typeof (Readability.prototype as unknown as Record<string, unknown>)[name] }).toEqual({ name, type: 'function' });
  });

  it('gives what Readability gives on an ordinary page', () => {
    expect(readabilityArticle(documentOf(example), NO_DEADLINE)).toEqual(new Readability(documentOf(example), { charThreshold: 200 }).parse());
  });

  it(`stops after ${MAX_READABILITY_STEPS.toLocaleString('en')} steps, the same way on any machine`, () => {
    const started = performance.now();

    expect(() => readabilityArticle(documentOf(NESTED_TABLES), NO_DEADLINE)).toThrow(ReadabilityOverBudgetError);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("stops when the file's deadline passes", () => {
    // A clock that reads 0 when the deadline is set and 2,000 ms at every check after.
    let readings = 0;
    const clock = () => {
      readings++;
      return readings === 1 ? 0 : 2_000;
    };
    const deadline = new ParseDeadline(1_000, clock);

    expect(() => readabilityArticle(documentOf(NESTED_TABLES), deadline)).toThrow(TooComplexError);
  });
});

describe('a page Readability cannot finish', () => {
  it('is read as text blocks instead, quickly', () => {
    const started = performance.now();

    const article = parseArticle(Buffer.from(NESTED_TABLES), { fileName: 'tables.html' });

    expect(performance.now() - started).toBeLessThan(1_500);
    expect(article.headline).toBe(HEADLINE);
  });
});
