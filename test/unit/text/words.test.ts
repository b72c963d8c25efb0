import { describe, expect, it } from 'vitest';
import { countWords, truncateAtWord, wordsOf } from '../../../lambda/text/words.js';

describe('words', () => {
  it('are runs of letters and digits, with inner apostrophes and hyphens', () => {
    expect(wordsOf("The minister's pre-war plan — 3 steps | »more")).toEqual(['The', "minister's", 'pre-war', 'plan', '3', 'steps', 'more']);
    expect(wordsOf('Größe café naïve')).toEqual(['Größe', 'café', 'naïve']);
    expect(countWords('  — | » ')).toBe(0);
    expect(countWords('')).toBe(0);
  });

  it('count a Chinese or Japanese character as a word, and Latin words among them as one each', () => {
    expect(wordsOf('俄美同意合作')).toEqual(['俄', '美', '同', '意', '合', '作']);
    expect(countWords('東京で会談した。')).toBe(7);
    expect(wordsOf('赖斯说 US 和俄罗斯')).toEqual(['赖', '斯', '说', 'US', '和', '俄', '罗', '斯']);
  });
});

describe('truncateAtWord', () => {
  it('leaves text that fits', () => {
    expect(truncateAtWord('alpha beta', 10)).toBe('alpha beta');
  });

  it('cuts at the last space and marks the cut, within maxLength', () => {
    const cut = truncateAtWord('alpha beta gamma delta epsilon', 14);
    expect(cut).toBe('alpha beta…');
    expect(cut.length).toBeLessThanOrEqual(14);
  });

  it('leaves no comma or dash dangling before the mark', () => {
    expect(truncateAtWord('Russia, US agree to talk, differences remain', 27)).toBe('Russia, US agree to talk…');
    expect(truncateAtWord('Talks resume — both sides hopeful', 16)).toBe('Talks resume…');
  });

  it('cuts inside the word when the first half holds no space, as in Chinese', () => {
    expect(truncateAtWord('Supercalifragilisticexpialidocious is long', 12)).toBe('Supercalifr…');
    expect(truncateAtWord('俄美两国同意在叙利亚问题上加强合作', 8)).toBe('俄美两国同意在…');
  });

  it('never splits a character made of two UTF-16 units', () => {
    const cut = truncateAtWord('😀😀😀😀😀😀', 6);
    expect(cut).toBe('😀😀…');
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
