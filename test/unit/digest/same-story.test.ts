import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { buildStories } from '../../../lambda/digest/build-stories.js';
import { storyFeaturesOf } from '../../../lambda/digest/story-features.js';
import { compareStories, namedEntities } from '../../../lambda/digest/story-similarity.js';
import { storedArticle } from '../../support/article-factory.js';
import { seedFileNames, seedsDir } from '../../support/seed-pages.js';


function comparable(paragraphs: string[], published: string | null) {
  return { ...storyFeaturesOf({ headline: paragraphs[0]!, body: paragraphs.slice(1) }), published };
}

describe('same-story grouping', () => {
  it('takes no function word, month or weekday for a name, capitalised at a sentence start', () => {
    expect(namedEntities(['More talks in Moscow on Monday, officials said. Will Condoleezza Rice attend in December?'])).toEqual(new Set(['moscow', 'condoleezza rice', 'rice']));
  });

  it('extracts capitalised names and their surnames', () => {
    const names = namedEntities(['US Secretary of State Condoleezza Rice met Sergei Lavrov in Moscow on Tuesday.']);
    expect(names).toContain('rice');
    expect(names).toContain('lavrov');
    expect(names).toContain('moscow');
    expect(names).not.toContain('tuesday');
  });

  it('keeps two similar reports apart when they were published weeks apart, unless they are copies', () => {
    const text = ['Ministers from Chile and Peru signed a fishing accord in Lima on Monday.', 'The accord sets quotas for anchovy catches along the coast for five years.'];
    const copy = comparable(text, '2026-01-01');
    expect(compareStories(comparable(text, '2026-01-02'), copy).sameStory).toBe(true);
    expect(compareStories(comparable(text, '2026-03-01'), copy).sameStory).toBe(true);
    const reworded = comparable(['Chile and Peru agreed new anchovy quotas in Lima, ministers said.', 'Fishing crews along the coast criticised the accord.'], '2026-03-01');
    expect(compareStories(reworded, copy).sameStory).toBe(false);
  });

  it('keeps two steps of one running story apart: talks called on Monday, a pay deal on Thursday, from two agencies', () => {
    const talks = comparable(
      [
        'Valparaiso port operator and dockers to hold pay talks',
        "VALPARAISO (Reuters) - The operator of Chile's Valparaiso port, TPS, will meet striking dockworkers on Monday to discuss their demand for a pay rise, union leader Jorge Bustos said.",
        'The strike, now in its ninth day, has left more than 30 ships waiting at anchor, according to the Chilean Exporters Association.',
        'Bustos said the union would not accept less than a 10 percent rise.',
      ],
      '2026-11-23',
    );
    const deal = comparable(
      [
        'Chile port strike over as dockers accept 7.5 percent rise',
        'Striking dockers in Valparaiso returned to work on Thursday, accepting a 7.5 percent wage increase from operator TPS and ending a walkout that lasted 12 days, their leader Jorge Bustos told AFP.',
        'Some 40 vessels had queued off the Chilean port during the dispute, which exporters say cost them around $60 million.',
        'Fruit exporters, who ship grapes and cherries through Valparaiso at this time of year, welcomed the end of the strike.',
      ],
      '2026-11-26',
    );

    const comparison = compareStories(talks, deal);

    expect(comparison.weekdayConflict).toBe(true);
    expect(comparison.sameStory).toBe(false);
  });

  it('pairs two agencies\u2019 reports of one mine collapse, worded apart, by the words they both quote; not when they quote other words', () => {
    const said = '"We will not reopen the mine until every tunnel has been inspected," Santos told reporters at the site.';
    const reuters = (quote: string) =>
      comparable(
        [
          'Bolivian tin mine shut after collapse kills four',
          'POTOSI, Bolivia (Reuters) - Bolivia closed the Huanuni tin mine on Tuesday after a tunnel collapse killed four miners, mining minister Ramiro Santos said.',
          quote,
          "Huanuni, the country's largest tin mine, employs about 4,000 workers.",
        ],
        '2026-11-24',
      );
    const afp = comparable(
      [
        'Four miners die as tunnel caves in at Huanuni',
        'Four workers were crushed to death when a gallery gave way at Huanuni on Tuesday, and the state-run operation has been halted, minister Ramiro Santos announced.',
        said,
        'Rescue teams recovered the bodies overnight, according to the Federation of Mine Workers.',
      ],
      '2026-11-24',
    );

    const sameQuote = compareStories(reuters(said), afp);
    const otherQuote = compareStories(reuters('"The families deserve answers, and they will get them," Santos said, adding that an inquiry would begin next month.'), afp);

    expect(sameQuote.quoteOverlap).toBe(1);
    expect(sameQuote.sameStory).toBe(true);
    expect(otherQuote.quoteOverlap).toBe(0);
    expect(otherQuote.sameStory).toBe(false);
  });

  it('compares what happened by meaning ("blast" and "explosion" agree), and an entry stored without it by its event words', () => {
    const explosion = comparable(['Explosion kills soldiers at checkpoint', 'An explosion killed four soldiers at a checkpoint near Mosul on Tuesday, police said.'], '2026-11-24');
    const blast = comparable(['Blast leaves troops dead', 'A blast left four troops dead at a checkpoint near Mosul on Tuesday, officials said.'], '2026-11-24');
    const vote = comparable(['Mosul votes in council election', 'Voters in Mosul went to the polls on Tuesday to elect a new provincial council, officials said.'], '2026-11-24');

    expect(compareStories(explosion, blast).eventMeaningCosine).toBeGreaterThan(compareStories(explosion, vote).eventMeaningCosine + 0.2);
    const storedBefore = { ...blast, eventMeaning: { indices: new Uint32Array(0), values: new Float32Array(0) } };
    const withoutMeaning = compareStories(explosion, storedBefore);
    expect(withoutMeaning.eventMeaningCosine).toBe(withoutMeaning.eventCosine);
  });

  it('groups seeds 001 and 002 (one meeting) and keeps 000, 003 and 004 apart', () => {
    const articles = seedFileNames()
      .map((file) => {
        const parsed = parseArticle(readFileSync(path.join(seedsDir, file)), { fileName: file });
        return storedArticle({ ...parsed, id: file.slice(0, 3), topic: { label: 'world', confidence: 0.9 } });
      });

    const stories = buildStories(articles);

    expect(stories.map((story) => [...story.articleIds].sort())).toEqual(
      expect.arrayContaining([['000'], ['001', '002'], ['003'], ['004']]),
    );
    expect(stories).toHaveLength(4);
    const meeting = stories.find((story) => story.articleIds.length === 2)!;
    expect([...meeting.sources].sort()).toEqual(['CCTV.com', 'Jctrans.com']);
  });
});
