import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigest } from '../../../lambda/digest/render-digest.js';
import { parseSigningKeys } from '../../../lambda/mail/signing-keys.js';
import { unsubscribeLinks } from '../../../lambda/mail/unsubscribe-links.js';
import { composeDigestMail } from '../../../lambda/pipeline/digest-mail.js';
import { digestContent, story } from '../../support/story-factory.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// CI installs Chromium and sets this, so a missing browser fails there instead of skipping.
const required = process.env['NEWSDROP_REQUIRE_BROWSER'] === '1';
const available = existsSync(CHROMIUM);
if (!available && !required) {
  // The only test allowed to skip, and only where no browser is installed; one line says so.
  console.warn(`browser-layout: skipped, no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or NEWSDROP_REQUIRE_BROWSER=1 to fail instead)`);
}
const screenshots = path.resolve(import.meta.dirname, '../../../.newsdrop/screenshots');
/** axe-core's browser build, put into the page as a script: nothing is fetched for it. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Every request the page makes, answered by nobody: opening a mail must not tell a third party
 * (a font server, a tracker) who read it and when. Routed, so none reaches the network.
 */
async function recordRequests(page: Page): Promise<string[]> {
  const requests: string[] = [];
  await page.route('**/*', async (route) => {
    requests.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  return requests;
}

/** One line per accessibility violation: rule, impact, how many elements, and axe's summary of the first. */
function describeViolations(results: AxeResults): string[] {
  return results.violations.map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length}×): ${violation.nodes[0]?.failureSummary?.replace(/\s+/g, ' ') ?? violation.help}`);
}

describe.skipIf(!available && !required)('digest layout in headless Chromium', () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    const rendered = await renderDigest(
      digestContent([
        story({ headline: 'Russia, US agree to improve ties, differences remain', sources: ['Jctrans.com', 'CCTV.com'], published: '2007-05-16', url: 'https://example.com/a' }),
        story({ headline: 'Supercalifragilisticexpialidociouslylongunbrokenheadlinewordthatmustwrap and more', summary: `See https://example.com/${'x'.repeat(120)} for the full text.` }),
        story({ topic: 'business', headline: 'Chipmaker beats forecasts as data-centre demand soars', sources: ['The Ledger'] }),
        story({ topic: 'sport', headline: 'Late header seals cup final after extra time', sources: ['Sports Desk Weekly'], url: 'https://example.com/cup' }),
      ]),
      // The "View in browser" link above the card: its contrast is checked in dark mode too.
      { webVersionUrl: 'https://archive.example.org/archive/digests/0123abcd.html' },
    );
    // The mail production sends: signed unsubscribe and stop-topic links in the footer and sections.
    const signing = parseSigningKeys(JSON.stringify({ current: '1', key1: 'k'.repeat(48) }));
    const links = unsubscribeLinks('https://unsub.example.org/', signing, () => new Date('2026-11-24T12:00:00Z'));
    const reader = { email: 'reader.with.a.rather.long.address@subscribers.example.org', name: null };
    html = (await composeDigestMail(rendered, reader, { from: 'News Digest <digest@example.org>', topics: ['*'], cadence: 'daily', links })).personal.html;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const views = [375, 600].flatMap((width) => (['light', 'dark'] as const).map((colorScheme) => ({ width, colorScheme })));

  it.each(views)('at $width px in $colorScheme mode: fits without horizontal scrolling, loads nothing, passes axe-core, headlines one colour', async ({ width, colorScheme }) => {
    // Prepare
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
    const requests = await recordRequests(page);
    await page.setContent(html, { waitUntil: 'load' });
    // Act
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    const headlineColours = await page.$$eval('.headline h3', (headings) => [...new Set(headings.map((heading) => getComputedStyle(heading.querySelector('a') ?? heading).color))]);
    const png = await page.screenshot({ path: path.join(screenshots, `digest-${width}-${colorScheme}.png`), fullPage: true });
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
    await page.close();
    // Assess
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(requests, 'requests the opened mail made').toEqual([]);
    // Moderate ones stay: landmark-one-main and region ask for a <main>, which mjml's layout has no place for (it marks the mail role="article").
    const serious = axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => violation.id), `axe-core violations:\n  ${describeViolations(axe).join('\n  ')}`).toEqual([]);
    expect(headlineColours, 'colours of linked and unlinked headlines').toHaveLength(1);
    expect(png.byteLength).toBeGreaterThan(10_000);
  });
});
