import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import type { ParsedArticle } from '../../../lambda/article/parsed-article.js';
import { buildStories } from '../../../lambda/digest/build-stories.js';
import { renderDigest } from '../../../lambda/digest/render-digest.js';
import type { StoredArticle } from '../../../lambda/store/stored-article.js';
import { encodeSingleByte, encodeUtf16 } from '../../support/legacy-encoding.js';
import { digestContent } from '../../support/story-factory.js';

/** A Russian outlet's article page, saved in UTF-8 without any charset declaration. */
const PAGE = readFileSync(new URL('../../fixtures/charset/russian-article.html', import.meta.url), 'utf8');
const HEADLINE = 'Лавров и Райс договорились продолжить консультации по ПРО в декабре';

const withMeta = (page: string, meta: string) => page.replace('<head>', `<head>\n    ${meta}`);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Cyrillic decoded as Windows-1252 ("Ëàâðîâ") leaves runs of Latin-1 letters; damage leaves U+FFFD. */
const MOJIBAKE = /[\u00c0-\u00ff]{3}|\ufffd/;

function textOf(article: ParsedArticle) {
  return { headline: article.headline, body: article.body, source: article.source, byline: article.byline, language: article.language };
}

const reference = parseArticle(utf8(PAGE), { fileName: 'lavrov.html' });

describe('a Russian newsroom\'s article in every encoding it comes in', () => {
  it('reads the UTF-8 original as the reference', () => {
    expect(reference.headline).toBe(HEADLINE);
    expect(reference.source).toBe('РИА Новости');
    expect(reference.body).toHaveLength(6);
    expect(reference.language).toBe('ru');
    expect(JSON.stringify(reference)).not.toMatch(MOJIBAKE);
  });

  it.each([
    ['Windows-1251, undeclared', encodeSingleByte(PAGE, 'windows-1251'), undefined],
    ['KOI8-R, undeclared', encodeSingleByte(PAGE, 'koi8-r'), undefined],
    ['Windows-1251 with <meta charset>', encodeSingleByte(withMeta(PAGE, '<meta charset="windows-1251">'), 'windows-1251'), undefined],
    [
      'KOI8-R with <meta http-equiv="Content-Type">',
      encodeSingleByte(withMeta(PAGE, '<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">'), 'koi8-r'),
      undefined,
    ],
    ['KOI8-R declared by the object\'s Content-Type', encodeSingleByte(PAGE, 'koi8-r'), 'text/html; charset=koi8-r'],
    ['Windows-1251 declared by the object\'s Content-Type', encodeSingleByte(PAGE, 'windows-1251'), 'text/html;charset="windows-1251"'],
    ['UTF-16LE without a BOM', encodeUtf16(PAGE, 'le'), undefined],
    ['UTF-16BE without a BOM', encodeUtf16(PAGE, 'be'), undefined],
    ['UTF-16BE with a BOM', encodeUtf16(PAGE, 'be', true), undefined],
    ['UTF-8 with <meta charset>', utf8(withMeta(PAGE, '<meta charset="utf-8">')), undefined],
    ['UTF-8 declared by the object\'s Content-Type', utf8(PAGE), 'text/html; charset=UTF-8'],
  ])('%s gives the same stored text', (_encoding, bytes, contentType) => {
    const article = parseArticle(bytes, { fileName: 'lavrov.html', contentType });

    expect(textOf(article)).toEqual(textOf(reference));
  });

  it('gives the same text for a plain-text file in Windows-1251 and KOI8-R', () => {
    // KOI8-R has no « » —: a plain-text file from a KOI8-R system writes " and -.
    const plain = `${HEADLINE}\n\n${reference.body.join('\n\n')}\n`.replace(/[«»]/g, '"').replace(/—/g, '-');
    const original = parseArticle(utf8(plain), { fileName: 'lavrov.txt' });

    for (const label of ['windows-1251', 'koi8-r']) {
      expect(textOf(parseArticle(encodeSingleByte(plain, label), { fileName: 'lavrov.txt' }))).toEqual(textOf(original));
    }
    expect(original.headline).toBe(HEADLINE);
  });
});

describe('charset precedence: BOM, Content-Type, <meta> or XML declaration, valid UTF-8, detector', () => {
  const koi8WithStaleMeta = encodeSingleByte(withMeta(PAGE, '<meta charset="windows-1251">'), 'koi8-r');

  it('the object\'s Content-Type beats a <meta charset> left over from another encoding', () => {
    expect(parseArticle(koi8WithStaleMeta, { fileName: 'a.html', contentType: 'text/html; charset=koi8-r' }).headline).toBe(HEADLINE);
  });

  it('a <meta charset> is followed when nothing else is declared, even against the detector', () => {
    // The meta is wrong here, on purpose: that the output follows it shows it was read.
    expect(parseArticle(koi8WithStaleMeta, { fileName: 'a.html' }).headline).toBe(new TextDecoder('windows-1251').decode(encodeSingleByte(HEADLINE, 'koi8-r')));
  });

  it('a byte-order mark beats the Content-Type', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(PAGE)]);
    expect(parseArticle(bytes, { fileName: 'a.html', contentType: 'text/html; charset=windows-1251' }).headline).toBe(HEADLINE);
  });

  it('reads the XML declaration of an XHTML page', () => {
    const xhtml = (encoding: string) => `<?xml version="1.0" encoding="${encoding}"?>\n${PAGE.replace('<!DOCTYPE html>\n', '')}`;
    const asKoi8 = (text: string) => encodeSingleByte(text, 'koi8-r');

    expect(parseArticle(asKoi8(xhtml('koi8-r')), { fileName: 'a.xhtml' }).headline).toBe(HEADLINE);
    // A wrong declaration is followed too: that shows it was read.
    expect(parseArticle(asKoi8(xhtml('windows-1251')), { fileName: 'a.xhtml' }).headline).toBe(new TextDecoder('windows-1251').decode(asKoi8(HEADLINE)));
  });

  it('ignores an unknown charset label and a malformed Content-Type and detects instead', () => {
    const bytes = encodeSingleByte(PAGE, 'windows-1251');
    expect(parseArticle(bytes, { fileName: 'a.html', contentType: 'text/html; charset=x-no-such-thing' }).headline).toBe(HEADLINE);
    expect(parseArticle(bytes, { fileName: 'a.html', contentType: ';;;==' }).headline).toBe(HEADLINE);
  });

  it('valid UTF-8 beats a declared legacy charset: the bytes prove the declaration stale', () => {
    expect(parseArticle(utf8(withMeta(PAGE, '<meta charset="windows-1251">')), { fileName: 'a.html' }).headline).toBe(HEADLINE);
  });
});

describe('a file mixing UTF-8 and Windows-1251', () => {
  const [first, second, ...rest] = reference.body;
  // A UTF-8 template with the second paragraph pasted in from a Windows-1251 source.
  const mixed = Buffer.concat([
    utf8(`<html><head><meta charset="utf-8"><title>${HEADLINE}</title></head><body><article><h1>${HEADLINE}</h1><p>${first}</p><p>`),
    encodeSingleByte(second!, 'windows-1251'),
    utf8(`</p>${rest.map((paragraph) => `<p>${paragraph}</p>`).join('')}</article></body></html>`),
  ]);

  it('keeps the UTF-8 part intact and decodes the Windows-1251 part', () => {
    const article = parseArticle(mixed, { fileName: 'mixed.html' });

    expect(article.headline).toBe(HEADLINE);
    expect(article.body).toEqual(reference.body);
  });
});

describe('the digest of a Windows-1251 article', () => {
  it('shows the Cyrillic headline and summary, not mojibake', async () => {
    const parsed = parseArticle(encodeSingleByte(PAGE, 'windows-1251'), { fileName: 'lavrov.html' });
    const stored: StoredArticle = {
      ...parsed,
      id: 'ru1',
      topic: { label: 'world', confidence: 0.4, lowConfidence: true },
      origin: { bucket: 'news', key: 'incoming/lavrov.html', versionId: null, etag: null },
      storedAt: '2026-11-24T08:00:00.000Z',
    };

    const digest = await renderDigest(digestContent(buildStories([stored])));

    expect(digest.html).toContain(HEADLINE);
    expect(digest.text).toContain(HEADLINE);
    expect(digest.text).toContain('РИА Новости');
    expect(digest.subject).toContain('Лавров');
    expect(digest.html).not.toMatch(MOJIBAKE);
    expect(digest.text).not.toMatch(MOJIBAKE);
  });
});
