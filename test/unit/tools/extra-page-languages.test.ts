import { describe, expect, it } from 'vitest';
import { describeExtraLanguages, extraLanguageChosen, parseExtraLanguages } from '../../../tools/article/extra-page-languages.js';

// What import:extra-pages records: a code, null (not clear) or nothing (imported before languages were recorded).
const languages = [undefined, null, 'en', 'de', 'es'] as const;

describe('which extra pages --extra-languages keeps', () => {
  it('keeps every page with all', () => {
    const all = parseExtraLanguages('all');
    expect(languages.map((language) => extraLanguageChosen(all, language, false))).toEqual([true, true, true, true, true]);
    expect(describeExtraLanguages(all)).toBe('all');
  });

  it('keeps only the listed languages with a list, in every collection', () => {
    const listed = parseExtraLanguages('en,de');
    expect(languages.map((language) => extraLanguageChosen(listed, language, false))).toEqual([false, false, true, true, false]);
    expect(languages.map((language) => extraLanguageChosen(listed, language, true))).toEqual([false, false, true, true, false]);
    expect(describeExtraLanguages(listed)).toBe('en,de');
  });

  it('with all-but- drops the listed and the unknown languages of an evaluated collection, keeps a training-only one whole', () => {
    const notEnglish = parseExtraLanguages('all-but-en');
    expect(languages.map((language) => extraLanguageChosen(notEnglish, language, false))).toEqual([false, false, false, true, true]);
    expect(languages.map((language) => extraLanguageChosen(notEnglish, language, true))).toEqual([true, true, true, true, true]);
    expect(describeExtraLanguages(notEnglish)).toBe('all but en');
    expect(extraLanguageChosen(parseExtraLanguages('all-but-en,es'), 'es', false)).toBe(false);
  });

  it('rejects an empty list or anything but language codes', () => {
    for (const text of ['', 'all-but-', '-en', 'en,all-but-fr', 'English']) expect(() => parseExtraLanguages(text)).toThrow(/--extra-languages takes/);
  });
});
