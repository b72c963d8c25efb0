import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyCommand } from '../../bin/commands/classify-command.js';
import { parseCommand } from '../../bin/commands/parse-command.js';
import { previewCommand, previewSigningKeys } from '../../bin/commands/preview-command.js';
import { formatDigestDate } from '../../lambda/digest/digest-subject.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const launcher = path.join(repoRoot, 'bin', 'newsdrop.mjs');
const articlesDir = path.join(repoRoot, 'examples', 'articles');
/** Plain text, Markdown and HTML: every extractor and its lazily imported parser. */
const articleFiles = readdirSync(articlesDir)
  .sort()
  .map((name) => path.join(articlesDir, name));
const today = () => new Date().toISOString().slice(0, 10);
const workDir = mkdtempSync(path.join(tmpdir(), 'newsdrop-cli-test-'));

/** The CLI as a user runs it: the launcher, which runs the esbuild bundle (building it first if a source changed). */
function newsdrop(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [launcher, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command run from the TypeScript sources in this process. */
async function inProcess(run: (print: (line: string) => void) => Promise<number>): Promise<{ status: number; stdout: string }> {
  const lines: string[] = [];
  const status = await run((line) => lines.push(line));
  return { status, stdout: lines.map((line) => `${line}\n`).join('') };
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A loopback port nobody listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the built CLI (bin/newsdrop.mjs)', () => {
  it('parses files exactly as the sources do, the topic model read from the repository', async () => {
    const built = newsdrop('parse', ...articleFiles, path.join(workDir, 'missing.txt'));
    const sources = await inProcess((print) => parseCommand([...articleFiles, path.join(workDir, 'missing.txt')], print));

    expect(built.status).toBe(0);
    expect(built.stdout).toBe(sources.stdout);
    expect(built.stdout.trim().split('\n')).toHaveLength(articleFiles.length + 1);
  });

  it('classifies files exactly as the sources do', async () => {
    const built = newsdrop('classify', ...articleFiles);
    const sources = await inProcess((print) => classifyCommand(articleFiles, print));

    expect(built.status).toBe(0);
    expect(built.stdout).toBe(sources.stdout);
  });

  it('previews the digest the sources render, from the templates in the repository', async () => {
    const builtDir = path.join(workDir, 'preview-built');
    const sourcesDir = path.join(workDir, 'preview-sources');
    const unsubscribeUrl = 'https://unsub.example.org/';
    const options = { files: articleFiles, topics: ['*'], to: 'reader@example.com', from: 'News Digest <digest@example.com>', unsubscribeUrl, signing: previewSigningKeys({}) };
    const dayBefore = today();

    const built = newsdrop('preview', ...articleFiles, '--out', builtDir, '--unsubscribe-url', unsubscribeUrl);
    const sources = await inProcess((print) => previewCommand({ ...options, outDir: sourcesDir }, print, () => undefined));

    expect(built.status).toBe(0);
    // A digest carries the day it was made, which may turn between the two runs.
    const days = [dayBefore, today()];
    // And its links are signed with a key of its own, at the second it ran.
    const unsigned = (text: string) => text.replace(/\?p=[\w-]+&(amp;)?s=[\w-]+/g, '?<signed>');
    const undated = (text: string) => days.reduce((result, day) => result.replaceAll(formatDigestDate(day, 'long'), '<day>').replaceAll(formatDigestDate(day), '<day>'), unsigned(text));
    const summary = (stdout: string) => {
      const { subject, stories } = JSON.parse(stdout) as { subject: string; stories: unknown[] };
      return { subject: undated(subject), stories };
    };
    expect(summary(built.stdout)).toEqual(summary(sources.stdout));
    for (const file of ['digest.html', 'digest.txt']) {
      expect(undated(readFileSync(path.join(builtDir, file), 'utf8'))).toBe(undated(readFileSync(path.join(sourcesDir, file), 'utf8')));
    }
    const eml = readFileSync(path.join(builtDir, 'digest.eml'), 'utf8');
    expect(eml).toMatch(/^To: reader@example\.com\r$/m);
    expect(eml).toMatch(/^List-Unsubscribe:\s+<https:\/\/unsub\.example\.org\/\?p=[\w-]+&s=[\w-]+>\r$/m);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  });

  it('runs local mode end to end (its emulators stay in node_modules, outside the bundle)', async () => {
    const ports = ['--s3-port', '--ses-port', '--unsubscribe-port', '--dynamodb-port'];
    const portArgs: string[] = [];
    for (const flag of ports) portArgs.push(flag, String(await freePort()));

    const built = newsdrop('local', '--once', '--fresh', '--data-dir', path.join(workDir, 'local'), ...portArgs);

    expect(built.stderr).not.toMatch(/^newsdrop: /m);
    expect(built.status).toBe(0);
    expect(built.stdout).toContain('ingest: 6 article(s) stored, 0 rejected');
    expect(built.stdout).toContain('digest (daily): 1 subscriber(s) in 1 chunk(s), 1 sent, 0 already sent');
  });

  it('refuses a preview --unsubscribe-url that is not http(s), with the usage and exit code 2', () => {
    const built = newsdrop('preview', articleFiles[0]!, '--out', path.join(workDir, 'preview-refused'), '--unsubscribe-url', 'javascript:alert(1)');

    expect(built.status).toBe(2);
    expect(built.stderr).toContain('newsdrop: --unsubscribe-url must be an http(s) URL, got "javascript:alert(1)"');
  });

  it('answers an unknown command with the usage and exit code 2', () => {
    const built = newsdrop('frobnicate');

    expect(built.status).toBe(2);
    expect(built.stderr).toContain('newsdrop: unknown command "frobnicate"');
    expect(built.stderr).toContain('usage:');
  });
});
