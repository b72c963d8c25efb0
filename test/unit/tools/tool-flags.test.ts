import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { numberFlag, parseToolFlags } from '../../../tools/tool-flags.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = (script: string, ...flags: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...flags], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

/** process.exit stopped where it is called, with the code it was given. */
function exitsWith(act: () => unknown): number {
  const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`exit ${code}`);
  });
  try {
    act();
  } catch (error) {
    const match = /^exit (\d+)$/.exec((error as Error).message);
    if (match) return Number(match[1]);
    throw error;
  } finally {
    exit.mockRestore();
  }
  throw new Error('did not exit');
}

describe('parseToolFlags', () => {
  afterEach(() => vi.restoreAllMocks());
  const options = { 'fold-salt': { type: 'string' }, 'no-write': { type: 'boolean' } } as const;

  it('reads `--flag value` and `--flag=value` alike', () => {
    expect(parseToolFlags('tool', 'usage', options, ['--fold-salt', 's1', '--no-write'])).toEqual({ 'fold-salt': 's1', 'no-write': true });
    expect(parseToolFlags('tool', 'usage', options, ['--fold-salt=s1'])).toEqual({ 'fold-salt': 's1' });
  });

  it('stops with 2 and the usage on an unknown flag, a missing value or a stray word', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(exitsWith(() => parseToolFlags('tool', 'usage: tool', options, ['--fold-slat=s1']))).toBe(2);
    expect(exitsWith(() => parseToolFlags('tool', 'usage: tool', options, ['--fold-salt']))).toBe(2);
    expect(exitsWith(() => parseToolFlags('tool', 'usage: tool', options, ['s1']))).toBe(2);
    expect(errors.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringMatching(/^tool: Unknown option '--fold-slat'.*\nusage: tool$/s),
      expect.stringMatching(/^tool: Option '--fold-salt <value>' argument missing\nusage: tool$/),
      expect.stringMatching(/^tool: Unexpected argument 's1'.*\nusage: tool$/s),
    ]);
  });

  it('prints the usage for --help and -h and exits 0', () => {
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(exitsWith(() => parseToolFlags('tool', 'usage: tool', options, ['--help']))).toBe(0);
    expect(exitsWith(() => parseToolFlags('tool', 'usage: tool', options, ['-h']))).toBe(0);
    expect(printed.mock.calls).toEqual([['usage: tool'], ['usage: tool']]);
  });
});

describe('numberFlag', () => {
  it('gives undefined when the flag is absent and the number when it is in range', () => {
    expect(numberFlag('tool', 'usage', 'splits', undefined, (value) => value >= 1, 'a number >= 1')).toBeUndefined();
    expect(numberFlag('tool', 'usage', 'splits', '2', (value) => value >= 1, 'a number >= 1')).toBe(2);
  });

  it('stops with 2 on a value out of range, not a number, or empty', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const value of ['0', 'two', '', ' ']) expect(exitsWith(() => numberFlag('tool', 'usage: tool', 'splits', value, (number) => number >= 1, 'a number >= 1'))).toBe(2);
    expect(String(errors.mock.calls[1]?.[0])).toBe("tool: --splits takes a number >= 1, not 'two'\nusage: tool");
    errors.mockRestore();
  });
});

// The training tools read their flags before any page: a typo used to run the default instead
// (`--fold-salt s1` without "=" was no salt at all), passing for a check that never ran. A clean
// clone has no ../shared, where the tools exit 0 early: a flag must be refused before that exit.
describe('training and evaluation tools stop on a flag they do not know', () => {
  it.each([
    ['tools/article/train-body.ts', ['--fold-salt'], "Option '--fold-salt <value>' argument missing", 'usage: npm run train:body'],
    ['tools/article/train-body.ts', ['--extra-weight=0'], "--extra-weight takes a positive number, not '0'", 'usage: npm run train:body'],
    ['tools/article/train-headline.ts', ['--split', '1'], "Unknown option '--split'", 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--splits', 'one'], "--splits takes a whole number >= 1, not 'one'", 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--extra-languages', 'english'], '--extra-languages takes all, a list of language codes', 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--extra-weights', 'trafilatura'], "--extra-weights takes collection=weight pairs, weights >= 0, not 'trafilatura'", 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--extra-weights=goose3=-1'], "not 'goose3=-1'", 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--cv-unseen-english', 'all'], "--cv-unseen-english takes a number >= 0, not 'all'", 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--ranker', 'forest'], "--ranker takes linear or trees, not 'forest'", 'usage: npm run train:headline'],
    ['tools/article/train-headline.ts', ['--ranker', 'trees'], '--ranker trees has no weights file to write: add --no-write', 'usage: npm run train:headline'],
    ['tools/digest/evaluate-stories.ts', ['--dev-olny'], "Unknown option '--dev-olny'", 'usage: npm run eval:stories'],
    ['tools/article/extraction-fingerprint.ts', ['--output', 'f.txt'], "Unknown option '--output'", 'usage: npx tsx tools/article/extraction-fingerprint.ts'],
    ['bench/extraction-versus.ts', [], '--base is required', 'usage: npm run bench:extract:versus'],
    ['bench/extraction-versus.ts', ['--base', 'no-such-revision'], 'git archive no-such-revision failed', 'usage: npm run bench:extract:versus'],
    ['bench/extraction-versus.ts', ['--base', 'HEAD', '--seconds', '0'], '--seconds must be a number of seconds from 1 to 600', 'usage: npm run bench:extract:versus'],
  ])('%s %j', (script, flags, message, usage) => {
    const result = run(script, ...flags);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(usage);
    expect(result.stdout).toBe('');
  });
});
