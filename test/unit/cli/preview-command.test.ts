import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREVIEW_UNSUBSCRIBE_URL, previewCommand, previewSigningKeys } from '../../../bin/commands/preview-command.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { verifyUnsubscribeToken } from '../../../lambda/mail/unsubscribe-token.js';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples/articles');
const NOW = new Date('2026-11-24T07:00:00Z');
const signing = parseSigningKeys(JSON.stringify({ current: '3', key3: 'p'.repeat(40) }));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'newsdrop-preview-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A header as sent, unfolded (RFC 5322 folds long ones at a space). */
function headerLine(mail: ParsedMail, key: string): string | undefined {
  return mail.headerLines.find((line) => line.key === key)?.line.replace(/\r\n(?=[ \t])/g, '');
}

async function preview(name: string, unsubscribeUrl: string) {
  const files = (await readdir(examplesDir)).sort().map((file) => path.join(examplesDir, file));
  const outDir = path.join(dir, name);
  const status = await previewCommand(
    { files, outDir, topics: ['*'], to: 'reader@example.com', from: 'News Digest <digest@example.com>', unsubscribeUrl, signing, now: NOW },
    () => undefined,
    () => undefined,
  );
  const read = (file: string) => readFile(path.join(outDir, file));
  return { status, html: (await read('digest.html')).toString('utf8'), text: (await read('digest.txt')).toString('utf8'), eml: await read('digest.eml') };
}

/** The claim a signed link carries, checked with the preview's key as the unsubscribe endpoint checks it. */
function claimOf(link: string) {
  const url = new URL(link);
  return verifyUnsubscribeToken(url.searchParams.get('p') ?? '', url.searchParams.get('s') ?? '', signing, NOW.getTime() / 1000);
}

describe('newsdrop preview writes the mail production sends', () => {
  it('with List-Unsubscribe, one-click and the footer link, signed for the reader and pointing at --unsubscribe-url', async () => {
    // Act
    const { status, eml, html, text } = await preview('signed', 'https://unsub.example.org/u');
    const mail = await simpleParser(eml);
    // Assess
    expect(status).toBe(0);
    const listUnsubscribe = /^List-Unsubscribe: <(.+)>$/.exec(headerLine(mail, 'list-unsubscribe') ?? '')?.[1];
    expect(listUnsubscribe).toMatch(/^https:\/\/unsub\.example\.org\/u\?p=[\w-]+&s=[\w-]+$/);
    expect(claimOf(listUnsubscribe!)).toEqual({ email: 'reader@example.com', scope: '*', issuedAt: NOW.getTime() / 1000 });
    expect(headerLine(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headerLine(mail, 'list-id')).toBe('List-ID: newsdrop digest <newsdrop.example.com>');
    expect(html).toContain(`<a href="${listUnsubscribe!.replaceAll('&', '&amp;')}">Unsubscribe or change your topics</a>`);
    expect(text).toContain(`Unsubscribe or change your topics: ${listUnsubscribe}`);
    const stopLinks = [...html.matchAll(/<a href="([^"]+)">Stop (\w+) stories<\/a>/g)];
    expect(stopLinks.length).toBeGreaterThan(0);
    for (const [, href] of stopLinks) expect(claimOf(href!.replaceAll('&amp;', '&')).scope).not.toBe('*');
    expect(`${html}\n${text}`).not.toMatch(/reply to this message/i);
    // The .eml carries exactly the HTML and text written beside it.
    expect(mail.html).toBe(html);
    expect(mail.text).toBe(text);
  });

  it("signs for local mode's unsubscribe server unless told otherwise", async () => {
    // Act
    const { eml } = await preview('default-url', DEFAULT_PREVIEW_UNSUBSCRIBE_URL);
    // Assess
    expect(DEFAULT_PREVIEW_UNSUBSCRIBE_URL).toBe('http://127.0.0.1:8006/');
    expect(headerLine(await simpleParser(eml), 'list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:8006\/\?p=/);
  });

  it('signs with NEWSDROP_UNSUBSCRIBE_KEYS when set (as local mode and the tests do), else with a fresh key of its own', () => {
    // Act
    const fromEnvironment = previewSigningKeys({ NEWSDROP_UNSUBSCRIBE_KEYS: JSON.stringify({ current: '3', key3: 'p'.repeat(40) }) });
    const fresh = [previewSigningKeys({}), previewSigningKeys({})];
    // Assess
    expect(fromEnvironment).toEqual(signing);
    expect(fresh[0]!.keys.get(fresh[0]!.current)).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh[0]!.keys.get(fresh[0]!.current)).not.toBe(fresh[1]!.keys.get(fresh[1]!.current));
  });
});
