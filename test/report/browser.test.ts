/**
 * The report in a real browser: Debian's chromium driven by playwright-core opens report.html from
 * disk and must draw every chart, log no error, request nothing from the network, and show text from
 * scenario files as text. A screenshot is saved to test-results/report.png.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../../src/plots/index.js';
import { buildReport } from '../../src/report/build.js';
import { readRunTexts } from '../../src/report/readRun.js';
import { smallRunFiles } from '../fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ATTACK = '</script><script>alert(1)</script><img src=x onerror=alert(2)>';

describe('report in a real browser', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
    const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-report-'));
    const report = await buildReport(readRunTexts(smallRunFiles(ATTACK)));
    writeFileSync(join(dir, 'report.html'), report['report.html']);
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tokenmaxx-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    // A blob: URL is the page's own memory: the explorer starts its workers from the engine's text
    // embedded in the page. Anything else would be a request.
    page.on('request', (r) => {
      if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`file://${join(dir, 'report.html')}`);
    await page.waitForFunction((n) => document.querySelectorAll('.chart svg.marks').length === n, CHARTS.length, { timeout: 60_000 });
  });

  afterAll(async () => {
    await context?.close();
  });

  it('draws every chart from disk, with no console error and no network request', async () => {
    expect(await page.locator('.chart svg.marks').count()).toBe(CHARTS.length);
    for (let k = 0; k < CHARTS.length; k++) expect(await page.locator(`#chart-${k} .mark-group`).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/report.png', fullPage: true });
  });

  it('keeps its interactivity: tooltips on hover and legends that highlight scenarios', async () => {
    const frontier = page.locator(`#chart-${CHARTS.findIndex((c) => c.name === 'frontier')}`);
    await frontier.scrollIntoViewIfNeeded();
    // The scenario means are the last symbol layer drawn (legend symbols are role-legend-symbol).
    const box = await frontier.locator('.mark-symbol.role-mark').last().locator('path').first().boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await expect.poll(async () => page.locator('#vg-tooltip-element.visible').count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await page.locator('#vg-tooltip-element').innerText()).toMatch(/Scenario/);
    expect(await frontier.locator('.role-legend').count()).toBeGreaterThan(0);
  });

  it('shows a description holding script tags as text, and runs nothing from it', async () => {
    expect(dialogs).toEqual([]);
    expect(await page.locator('dl.scenarios').innerText()).toContain(ATTACK);
  });
});
