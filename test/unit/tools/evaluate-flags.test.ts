import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// eval:extract prints the never-read totals on a full run, so a flag it does not know must stop it
// before it reads a page rather than fall through to that run.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const evaluate = (...flags: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'tools/article/evaluate.ts', ...flags], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });

describe('eval:extract flags', () => {
  it('stops with exit code 2 and the usage on an unknown flag', () => {
    const run = evaluate('--dev-only', '--dev-erors');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--dev-erors'");
    expect(run.stderr).toContain('usage: npm run eval:extract');
    expect(run.stdout).toBe('');
  });

  it('prints the usage for --help and evaluates nothing', () => {
    const run = evaluate('--help');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('usage: npm run eval:extract -- [--dev-only] [--dev-errors] [--dev-body-errors] [--dev-reach]');
  });
});
