/**
 * The report's explorer in a real browser: Debian's chromium opens a report.html written by the
 * command line from disk. The explorer must start its workers from the page itself with no request
 * and no console error, give figures equal to the command line's summary.json for the command it
 * shows (three settings, set with the keyboard, the controls and a link), reopen its state from the
 * URL fragment, work with the keyboard and name every control, and leave the static report whole
 * without JavaScript. Screenshots go to test-results/explorer*.png.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_FIGURES } from '../../src/explorer/controls.js';
import { formatValue } from '../../src/explorer/format.js';
import { splitCommand } from '../../src/shell.js';
import { MAIN, REPO } from '../cli/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Runs the built CLI; throws with its stderr if it fails. */
function cli(args: readonly string[]): void {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tokenmaxx ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

describe('the explorer in a real browser', () => {
  let dir: string;
  let report: string;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];

  const runsSoFar = async () => Number(await page.locator('#explorer').getAttribute('data-runs'));
  /** Waits for a run later than `after` to finish. */
  const settled = async (after: number) => {
    await page.waitForFunction((n) => {
      const e = document.getElementById('explorer');
      return e?.dataset.status === 'done' && Number(e.dataset.runs) > n;
    }, after, { timeout: 60_000 });
  };
  /** Sets a range input as a user's drag would leave it, firing its input event. */
  const setRange = (id: string, value: string) =>
    page.locator(`#${id}`).evaluate((el: HTMLInputElement, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
  /** The explored summary.json, downloaded as a user would. */
  const downloadedSummary = async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#explorer-summary')]);
    return readFileSync((await download.path())!, 'utf8');
  };
  /** The command line's summary.json for the command the explorer shows. */
  const cliSummary = async () => {
    const args = splitCommand(await page.locator('#explorer-command').innerText());
    expect(args[0]).toBe('tokenmaxx');
    const out = join(mkdtempSync(join(dir, 'cli-')), 'out');
    cli([...args.slice(1), '--out', out, '--quiet']);
    return readFileSync(join(out, 'summary.json'), 'utf8');
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`);
    dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-explorer-'));
    cli(['run', 'mandate-only', 'amazon-2026', 'leaderboard-deprecated', '--employees', '500', '--reps', '2', '--weeks', '104', '--report', '--out', join(dir, 'run'), '--quiet']);
    report = join(dir, 'run', 'report.html');
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tokenmaxx-chromium-')), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    // A blob: URL is the page's own memory (the workers start from the engine's text in the page).
    page.on('request', (r) => {
      if (!/^(file|blob):/.test(r.url())) requests.push(r.url());
    });
    await page.goto(`file://${report}#scenario=amazon-2026&employees=1000&reps=2&weeks=52&from=0`);
    await settled(0);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
  });

  it('starts its workers from file:// with no request and no console error, and runs the model', async () => {
    expect(await page.locator('#explorer').isVisible()).toBe(true);
    expect(await page.locator('#explorer-status').innerText()).toMatch(/^Base amazon-2026: tokens that bought no output \d+\.\d%/);
    expect(await page.locator('.explorer-chart svg.marks').count()).toBe(3);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('setting 1, with the keyboard: manager leak to zero gives the command line summary.json, byte for byte, and its figures', async () => {
    const before = await runsSoFar();
    await page.focus('#x-reviews-managerLeak');
    await page.keyboard.press('Home');
    await settled(before);
    expect(await page.locator('#explorer-command').innerText()).toBe('tokenmaxx run amazon-2026 --employees 1000 --weeks 52 --reps 2 --seed 1 --set reviews.managerLeak@0=0');
    const cliText = await cliSummary();
    expect(await downloadedSummary()).toBe(cliText);
    // The figures on screen are the command line's, as the page writes them.
    const cliFigures = JSON.parse(cliText).scenarios['amazon-2026'];
    const cells = await page.locator('table.explorer-figures tbody tr td:nth-child(3)').allInnerTexts();
    expect(cells).toEqual(EXPLORER_FIGURES.map((f) => formatValue(f, cliFigures[f.metric].weeklyMean)));
    mkdirSync('test-results', { recursive: true });
    await page.locator('#explore').screenshot({ path: 'test-results/explorer.png' });
    // The copy button copies the command, or selects it where the clipboard is closed to the page.
    await page.click('#explorer-copy');
    await expect.poll(() => page.locator('#explorer-notice').innerText()).toMatch(/^The command is (copied|selected)/);
  });

  it('setting 2, with the controls: another base, size and week, choices and ranges', async () => {
    const before = await runsSoFar();
    await page.selectOption('#x-scenario', 'mandate-only');
    await setRange('x-employees', '2000');
    await setRange('x-reps', '3');
    await page.selectOption('#x-weeks', '104');
    await setRange('x-from', '20');
    await page.selectOption('#x-mandate-type', 'token-quota');
    await page.selectOption('#x-leaderboard-visibility', 'org');
    await setRange('x-guardrails-autonomy', '0.2');
    await settled(before);
    expect(await page.locator('#explorer-command').innerText()).toBe(
      'tokenmaxx run mandate-only --employees 2000 --weeks 104 --reps 3 --seed 1 --set mandate.type@20=token-quota --set leaderboard.visibility@20=org --set guardrails.autonomy@20=0.2',
    );
    expect(await downloadedSummary()).toBe(await cliSummary());
  });

  it('setting 3, from a link: the state in the URL fragment reopens, over a scheduled change', async () => {
    const fragment = 'scenario=leaderboard-deprecated&employees=1000&reps=2&weeks=52&from=10&leaderboard.visibility=team&audits.rate=0.02&reviews.officialTokenWeight=0.25';
    await page.goto(`file://${report}#${fragment}`);
    await settled(0);
    expect(await page.locator('#x-scenario').inputValue()).toBe('leaderboard-deprecated');
    expect(await page.locator('#x-leaderboard-visibility').inputValue()).toBe('team');
    expect(await page.locator('#x-audits-rate').inputValue()).toBe('0.02');
    // The page writes the fragment back in its own order (the controls').
    const entries = (f: string) => [...new URLSearchParams(f)].sort();
    expect(entries(new URL(page.url()).hash.slice(1))).toEqual(entries(fragment));
    expect(await downloadedSummary()).toBe(await cliSummary());
    expect(errors).toEqual([]);
  });

  it('keeps a value the base holds only until a scheduled change: it overrides that change, whatever else moves', async () => {
    await page.goto(`file://${report}#scenario=leaderboard-deprecated&employees=1000&reps=2&weeks=52&from=0&leaderboard.visibility=org`);
    await settled(0);
    const before = await runsSoFar();
    await setRange('x-reps', '3');
    await settled(before);
    expect(await page.locator('#explorer-command').innerText()).toBe('tokenmaxx run leaderboard-deprecated --employees 1000 --weeks 52 --reps 3 --seed 1 --set leaderboard.visibility@0=org');
  });

  it('while a run is pending, marks the figures stale and offers no file or command of another state', async () => {
    const before = await runsSoFar();
    const shown = await page.locator('#explorer-command').innerText();
    await setRange('x-employees', '20000');
    expect(await page.locator('.explorer-results').getAttribute('aria-busy')).toBe('true');
    expect(await page.locator('#explorer-summary').getAttribute('href')).toBeNull();
    expect(await page.locator('#explorer-copy').isDisabled()).toBe(true);
    expect(await page.locator('#explorer-command').innerText()).toBe(shown);
    await settled(before);
    expect(await page.locator('#explorer-command').innerText()).toContain('--employees 20000');
    expect(await page.locator('.explorer-results').getAttribute('aria-busy')).toBeNull();
    expect(await page.locator('#explorer-summary').getAttribute('href')).toMatch(/^blob:/);
  });

  it('names every control, keeps them in reading order for the keyboard, and announces the headline', async () => {
    const unnamed = await page.locator('#explorer input, #explorer select, #explorer button').evaluateAll((els) =>
      els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.textContent?.trim() && !el.getAttribute('aria-label')).map((el) => el.id),
    );
    expect(unnamed).toEqual([]);
    await page.focus('#x-scenario');
    const order: string[] = [];
    for (let k = 0; k < 6; k++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    expect(order).toEqual(['x-employees', 'x-reps', 'x-weeks', 'x-from', 'x-mandate-type', 'x-mandate-targetShare']);
    expect(await page.locator('#explorer-status').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#explorer-status').getAttribute('role')).toBe('status');
    expect(await page.locator('#explorer-status').innerText()).toMatch(/^Explored: tokens that bought no output \d+\.\d% against \d+\.\d%/);
  });

  it('without JavaScript, the static report is whole and the explorer says what it needs', async () => {
    const plain = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const p = await (await plain.newContext({ javaScriptEnabled: false })).newPage();
    await p.goto(`file://${report}`);
    expect(await p.locator('#explorer').isVisible()).toBe(false);
    expect(await p.locator('#explore').innerText()).toContain('needs JavaScript');
    expect(await p.locator('ul.headline li').count()).toBeGreaterThan(0);
    expect(await p.locator('table.metrics tbody tr').count()).toBe(3);
    await plain.close();
  });

  it("stays one file under 2.5 MB at npm start's size: every preset, 156 weeks, posterior draws", () => {
    // The size grows with scenarios × weeks (the charts' data and the explorer's parameters), not employees.
    const out = join(dir, 'start');
    cli(['run', '--report', '--posterior', 'calibration/posterior.json', '--draws', '2', '--reps', '1', '--weeks', '156', '--employees', '100', '--out', out, '--quiet']);
    const bytes = statSync(join(out, 'report.html')).size;
    expect(bytes).toBeGreaterThan(statSync(report).size);
    expect(bytes).toBeLessThan(2.5 * 1024 * 1024);
  });
});
