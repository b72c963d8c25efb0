import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewCommand } from '../../bin/commands/preview-command.js';
import { parseSigningKeys } from '../../lambda/mail/signing-keys.js';
import { seedFileNames, seedsDir } from '../support/seed-pages.js';

/** At most this SpamAssassin score for any digest (its spam threshold is 5.0). */
const MAX_SCORE = 1.0;

const SPAMASSASSIN = process.env['SPAMASSASSIN_PATH'] ?? 'spamassassin';
// CI installs Debian's spamassassin and sets this, so a missing one fails there instead of skipping.
const required = process.env['NEWSDROP_REQUIRE_SPAMASSASSIN'] === '1';
const available = spawnSync(SPAMASSASSIN, ['-V'], { encoding: 'utf8' }).status === 0;
if (!available && !required) {
  console.warn(`deliverability: skipped, no SpamAssassin (${SPAMASSASSIN}; apt-get install spamassassin, or NEWSDROP_REQUIRE_SPAMASSASSIN=1 to fail instead)`);
}

const examplesDir = path.resolve(import.meta.dirname, '../../examples/articles');
const exampleFiles = readdirSync(examplesDir)
  .sort()
  .map((name) => path.join(examplesDir, name));
const seedFiles = seedFileNames().map((name) => path.join(seedsDir, name));

/** Every preview scored: each seed page and example article alone, and each set as one digest. */
const PREVIEWS: Record<string, readonly string[]> = {
  ...Object.fromEntries([...seedFiles, ...exampleFiles].map((file) => [path.basename(file), [file]])),
  'all seed pages': seedFiles,
  'all examples': exampleFiles,
};

interface Score {
  readonly score: number;
  /** "points RULE description", one per rule that fired. */
  readonly rules: readonly string[];
}

/**
 * The reports `spamassassin -t` appends, one per message in the order given, each matched to its
 * message by the Message-ID printed before it.
 */
function reportsByMessageId(rawOutput: string, messageIds: readonly string[]): Map<string, Score> {
  // The messages keep their CRLFs in the output; the reports end lines in LF.
  const output = rawOutput.replaceAll('\r\n', '\n');
  const scores = new Map<string, Score>();
  const reports = [...output.matchAll(/^Content analysis details: +\((-?[\d.]+) points, [\d.]+ required\)\n\n.*\n-+ -+ -+\n((?:.+\n)*)/gm)];
  let from = 0;
  for (const report of reports) {
    const before = output.slice(from, report.index);
    const messageId = messageIds.find((id) => before.includes(id));
    if (!messageId) throw new Error(`a SpamAssassin report belongs to none of the previews: ${report[0].slice(0, 200)}`);
    // A description too long for one line goes on below the rule's, indented.
    const rules = report[2]!.replace(/\n {20,}/g, ' ').trim().split('\n').map((line) => line.trim().replace(/\s+/, ' ').replace(/\s{2,}/, ' '));
    scores.set(messageId, { score: Number(report[1]), rules });
    from = report.index + report[0].length;
  }
  return scores;
}

describe.skipIf(!available && !required)('deliverability: SpamAssassin scores every preview', () => {
  let workDir: string;
  const emlOf = new Map<string, string>();

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'newsdrop-spamassassin-'));
    // Signed as production signs, for a Lambda Function URL as deployed (local mode's 127.0.0.1:8006 adds WEIRD_PORT, 0.001).
    const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 's'.repeat(48) }));
    const unsubscribeUrl = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/';
    for (const [name, files] of Object.entries(PREVIEWS)) {
      const outDir = path.join(workDir, name.replace(/[^\w.-]+/g, '-'));
      const status = await previewCommand(
        { files, outDir, topics: ['*'], to: 'reader@example.com', from: 'News Digest <digest@news.example.org>', unsubscribeUrl, signing, now: new Date('2026-11-24T07:00:00Z') },
        () => undefined,
        (line) => console.warn(line),
      );
      if (status !== 0) throw new Error(`newsdrop preview of ${name} exited with ${status}`);
      emlOf.set(name, path.join(outDir, 'digest.eml'));
    }
  });

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it(`scores each at most ${MAX_SCORE.toFixed(1)} with local tests only (-L), printing the rules that fired`, () => {
    // Prepare: one SpamAssassin process reads them all (its start-up is most of its time).
    const messageIdOf = new Map([...emlOf].map(([name, file]) => [name, /^Message-ID: (<[^>\r\n]+>)\r?$/im.exec(readFileSync(file, 'latin1'))?.[1] ?? name]));
    const home = path.join(workDir, 'home');
    // Nothing learnt or written outside workDir: no Bayes, preferences in a fresh home.
    const args = ['-L', '-t', '--cf=use_bayes 0', '--cf=bayes_auto_learn 0', `--prefspath=${path.join(home, 'user_prefs')}`, ...emlOf.values()];
    // Act
    const run = spawnSync(SPAMASSASSIN, args, { encoding: 'latin1', env: { ...process.env, HOME: home }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    // Assess
    expect(run.error).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const reports = reportsByMessageId(run.stdout, [...messageIdOf.values()]);
    const scores = [...messageIdOf].map(([name, id]) => ({ name, ...(reports.get(id) ?? { score: Number.NaN, rules: ['no report'] }) }));
    console.info(`SpamAssassin (-L), score per preview:\n${scores.map(({ name, score, rules }) => `  ${score.toFixed(1).padStart(5)}  ${name}: ${rules.join('; ')}`).join('\n')}`);
    for (const { name, score, rules } of scores) {
      expect(score, `${name}: ${rules.join('; ')}`).toBeLessThanOrEqual(MAX_SCORE);
      // Hidden text in a colour near its background (mjml's mj-preview did that) is a spam sign of its own.
      expect(rules.filter((rule) => rule.includes('HTML_FONT_LOW_CONTRAST')), name).toEqual([]);
    }
  });
});
