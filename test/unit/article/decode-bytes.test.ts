import { describe, expect, it } from 'vitest';
import { ArticleTooLargeError, EmptyArticleError, UnsupportedContentError } from '../../../lambda/article/article-error.js';
import { decodeArticleBytes } from '../../../lambda/article/decode.js';

const TEXT = 'Zürich – “quoted” café';

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  return bom ? Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body;
}

describe('decodeArticleBytes', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')])],
    ['UTF-16LE with BOM', utf16(TEXT, 'le', true)],
    ['UTF-16BE with BOM', utf16(TEXT, 'be', true)],
    ['UTF-16LE without BOM', utf16(TEXT, 'le', false)],
    ['UTF-16BE without BOM', utf16(TEXT, 'be', false)],
  ])('decodes %s', (_encoding, bytes) => {
    expect(decodeArticleBytes(bytes)).toBe(TEXT);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8 (smart quotes, accents)', () => {
    const cp1252 = Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94, 0x20, 0x96, 0x20, 0x6f, 0x6b]);
    expect(decodeArticleBytes(cp1252)).toBe('“Café” – ok');
  });

  it('reads a French paragraph in Windows-1252 as Windows-1252 (its accents inside ASCII words, not Cyrillic)', () => {
    const french = 'Le gouvernement a annoncé mardi un plan de soutien aux agriculteurs touchés par la sécheresse. « C’est un geste fort », a déclaré le ministre.';
    const bytes = Uint8Array.from([...french].map((character) => (character === '’' ? 0x92 : character.charCodeAt(0))));

    expect(decodeArticleBytes(bytes)).toBe(french);
  });

  it('reads Latin-1 lines pasted into a UTF-8 file as Latin-1 and keeps the UTF-8 lines', () => {
    const utf8Line = 'Zürich – “quoted” café, naïve résumé';
    const latin1Line = 'Les élèves ont préféré le théâtre à la télévision, déclare l’étude.';
    const bytes = Buffer.concat([Buffer.from(`${utf8Line}\n`), Buffer.from(latin1Line.replace('’', "'"), 'latin1'), Buffer.from(`\n${utf8Line}`)]);

    expect(decodeArticleBytes(bytes)).toBe(`${utf8Line}\n${latin1Line.replace('’', "'")}\n${utf8Line}`);
  });

  it('keeps UTF-8 text with one damaged byte sequence as UTF-8, marking only the damage', () => {
    const damaged = Buffer.concat([Buffer.from(TEXT, 'utf8'), Buffer.from([0x20, 0xc3, 0x28])]);

    expect(decodeArticleBytes(damaged)).toBe(`${TEXT} \ufffd(`);
  });

  it('normalises line endings and drops zero-width characters', () => {
    expect(decodeArticleBytes(Buffer.from('a\r\nb\rc\u200bd\u00a0e'))).toBe('a\nb\ncd e');
  });

  it.each([
    ['0 bytes', new Uint8Array(), EmptyArticleError],
    ['NULs in a regular pattern that is not UTF-16 text', Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0 : (i * 37) % 256))), UnsupportedContentError],
    ['only whitespace', Buffer.from(' \n\t \n'), EmptyArticleError],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), UnsupportedContentError],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), UnsupportedContentError],
    ['gzip data', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), UnsupportedContentError],
    ['text with NUL bytes', Buffer.from('headline\u0000\u0000\u0001body text that is binary'), UnsupportedContentError],
    ['control-character noise', Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x02 : 0x41))), UnsupportedContentError],
  ])('refuses %s with a clear error', (_case, bytes, errorClass) => {
    expect(() => decodeArticleBytes(bytes)).toThrow(errorClass);
  });

  it('refuses input above the size cap, naming both sizes', () => {
    const attempt = () => decodeArticleBytes(Buffer.alloc(2048, 0x61), 1024);
    expect(attempt).toThrow(ArticleTooLargeError);
    expect(attempt).toThrow('the file is 2048 bytes; the limit is 1024 bytes');
  });
});
