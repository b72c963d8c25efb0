import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { detectLanguage, LANGUAGE_SAMPLE_CHARACTERS } from '../../../lambda/text/language.js';
import { seedFileNames, seedsDir } from '../../support/seed-pages.js';

const russian = parseArticle(readFileSync(new URL('../../fixtures/charset/russian-article.html', import.meta.url)), { fileName: 'lavrov.html' });

describe('detectLanguage', () => {
  it('names Russian for the Russian newsroom article, headline alone included', () => {
    expect(detectLanguage([russian.headline, ...russian.body])).toBe('ru');
    expect(detectLanguage([russian.headline])).toBe('ru');
  });

  it.each(seedFileNames())('names English for seed page %s', (file) => {
    const article = parseArticle(readFileSync(path.join(seedsDir, file)), { fileName: file });

    expect(detectLanguage([article.headline, ...article.body])).toBe('en');
  });

  it.each([
    ['de', 'Die Bundesregierung hat am Dienstag beschlossen, die Förderung für Elektroautos bis Ende nächsten Jahres zu verlängern.'],
    ['fr', 'Le gouvernement a annoncé mardi un nouveau plan de soutien aux agriculteurs touchés par la sécheresse.'],
    ['es', 'El Gobierno aprobó este martes una nueva ley de vivienda que limitará el precio de los alquileres.'],
  ])('names %s for a news sentence in it', (language, sentence) => {
    expect(detectLanguage([sentence])).toBe(language);
  });

  it.each([
    ['it', 'Il governo ha approvato martedì una nuova legge sulla casa che limiterà il prezzo degli affitti nelle grandi città. La misura entrerà in vigore il primo gennaio e riguarderà anche i contratti già firmati, secondo quanto annunciato dal ministro.'],
    ['nl', 'De regering heeft dinsdag een nieuwe woningwet goedgekeurd die de huurprijzen in de grote steden zal beperken. De maatregel gaat op één januari in en geldt ook voor contracten die al zijn getekend, zei de minister in een verklaring.'],
  ])('names %s for a paragraph long enough for the English shortcut to look at', (language, paragraph) => {
    expect(paragraph.split(' ').length).toBeGreaterThan(20);
    expect(detectLanguage([paragraph])).toBe(language);
  });

  it('names no language for text without words', () => {
    expect(detectLanguage([])).toBeNull();
    expect(detectLanguage(['12 345 — 2026-11-24'])).toBeNull();
  });

  it('reads only a prefix: 5 MiB of English after the Russian article still reads as Russian', () => {
    const russianText = [russian.headline, ...russian.body, ...russian.body];
    expect(russianText.join('\n').length).toBeGreaterThan(LANGUAGE_SAMPLE_CHARACTERS);
    const english = 'The ministers agreed on Friday to cut tariffs on farm goods after talks that ran through the night. ';
    const paragraphs = [...russianText, ...Array.from({ length: 1024 }, () => english.repeat(50))];

    expect(detectLanguage(paragraphs)).toBe('ru');
    // One paragraph of 5 MiB is cut too, not read whole.
    expect(detectLanguage([english.repeat(52_000)])).toBe('en');
  });
});
