import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/article/parse-article.js';
import { classifyArticle, classifyText } from '../../../lambda/topics/classify.js';
import { TOPIC_LABELS } from '../../../lambda/topics/topic.js';
import { seedFileNames, seedsDir } from '../../support/seed-pages.js';

const modelFile = path.resolve(import.meta.dirname, '../../../lambda/topics/model.bin');

describe('the committed topic model', () => {
  it('is compact', () => {
    expect(statSync(modelFile).size).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it.each([
    ['sport', 'United beat City 3-1 in the derby on Saturday. The striker scored twice in the second half and the manager praised the defence after the league match.'],
    ['business', 'Shares in the retailer fell 8% after it reported quarterly profits below analysts forecasts and cut its dividend, blaming weak sales and higher costs.'],
    ['technology', 'The company unveiled a new smartphone chip that doubles battery life, and said its software update brings faster processors and better security to older phones.'],
    ['entertainment', 'The actress won best film at the awards ceremony on Sunday night, and the director thanked the cast as the movie topped the box office and the album charts.'],
    ['politics', 'Labour and the Conservatives clashed in the Commons as MPs voted on the chancellor\'s budget; the prime minister said the general election would be fought on tax.'],
    ['world', 'Foreign ministers from the United Nations Security Council met in Geneva to discuss a ceasefire in the region, as troops and rebels traded fire near the border.'],
  ])('labels a short %s story', (expected, text) => {
    const prediction = classifyText(text);
    expect(prediction.label).toBe(expected);
    expect(prediction.confidence).toBe(prediction.scores[prediction.label]);
    const total = TOPIC_LABELS.reduce((sum, label) => sum + prediction.scores[label], 0);
    expect(total).toBeCloseTo(1, 6);
  });

  it('labels all five seed pages (international affairs) world', () => {
    for (const file of seedFileNames()) {
      const article = parseArticle(readFileSync(path.join(seedsDir, file)), { fileName: file });
      expect({ file, label: classifyArticle(article).label }).toEqual({ file, label: 'world' });
    }
  });
});
