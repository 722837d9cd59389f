/**
 * `npm run bench -- --only explorer`: how long the report's policy explorer takes to run the model
 * again in a real browser, against its target (5,000 employees × 52 weeks × 5 replicates redrawn in
 * under 1 s), and against the CLI doing the same simulation on the same machine, in the same run.
 *
 * One report (`run amazon-2026 mandate-only --employees 2000 --reps 2 --report`; its size printed) is
 * opened from file:// in Debian's chromium (playwright-core). Each round starts a fresh browser with a
 * fresh profile, so the first run is cold (workers started, their code not yet optimised), then:
 * 1. cold: the page opened at 5,000 × 52 × 5 with reviews.managerLeak=0 in its fragment (a shared
 *    link): both arms, base and explored, are simulated;
 * 2. policy: POLICY_CHANGES key presses on the manager-leak slider (0.05 more each): the base is
 *    cached, only the explored arm's 5 replicates run. The headline;
 * 3. both arms: the fragment changed to 6,000 employees, a size not yet seen: both arms run;
 * 4. large: the fragment changed to 20,000 × 52 × 10 (both arms), then one policy key press there;
 * 5. the CLI: the page's own command for case 2 (read from the page, so the same seeds and
 *    values), with `--workers 1`, in a fresh process (CPU from bench/peakRss.ts).
 *
 * Per case: `page`, the page's own measure (dataset.seconds: from the run's start to the figures
 * table written and the charts handed to vega-embed, which draws them asynchronously afterwards);
 * `wall`, in the page's clock, from the change (the slider's input event, or setting location.hash)
 * to status done, less the 200 ms debounce where a slider starts it (on opening: from navigation
 * start); `drawn`, the same to the last change to the charts' DOM (vega's SVG); `CPU`, every chromium
 * process's user + system time from just before the change to just after the charts are drawn
 * (/proc, 10 ms ticks); `others`, cores other processes kept busy meanwhile (the machine is shared).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { splitCommand } from '../src/shell.js';
import { machineBusySeconds } from './machine.js';

const CHROMIUM = '/usr/bin/chromium';
const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./peakRss.js', import.meta.url));
/** The page's debounce after a control changes (src/explorer/browser/page.ts). */
const DEBOUNCE_S = 0.2;
/** Policy changes per round at 5,000 × 52 × 5. */
const POLICY_CHANGES = 2;
const OPEN = 'scenario=amazon-2026&employees=5000&reps=5&weeks=52&from=0&reviews.managerLeak=0';
const SLIDER = '#x-reviews-managerLeak';

/** One measured change. */
interface Sample {
  page: number;
  wall: number;
  drawn: number;
  cpu: number;
  others?: number;
}
type Case = 'cold' | 'policy' | 'both' | 'large' | 'large policy';
const CASES: { name: Case; label: string; agentWeeks: number }[] = [
  { name: 'cold', label: 'first run on opening, both arms, 5,000 × 52 × 5', agentWeeks: 2 * 5_000 * 52 * 5 },
  { name: 'policy', label: 'policy change, explored arm, 5,000 × 52 × 5', agentWeeks: 5_000 * 52 * 5 },
  { name: 'both', label: 'new size, both arms, 6,000 × 52 × 5', agentWeeks: 2 * 6_000 * 52 * 5 },
  { name: 'large', label: 'new size, both arms, 20,000 × 52 × 10', agentWeeks: 2 * 20_000 * 52 * 10 },
  { name: 'large policy', label: 'policy change, explored arm, 20,000 × 52 × 10', agentWeeks: 20_000 * 52 * 10 },
];

/** User + system seconds of every live process descended from this one (chromium and its children), from /proc. */
function chromiumCpuSeconds(): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
      procs.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid; p !== undefined && p > 1; p = procs.get(p)?.ppid) if (p === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (isOurs(pid)) ticks += p.ticks;
  return ticks / 100;
}

/** What the page's probe records, in the page's clock (ms from navigation start). */
interface Probe {
  input: number;
  running: number;
  done: number;
  drawn: number;
}

/** Installed before the page's scripts: when an input event and each done status happened, and when the charts' DOM last changed. */
function probe(): void {
  const w = window as unknown as { bench: Probe };
  w.bench = { input: 0, running: 0, done: 0, drawn: 0 };
  document.addEventListener('input', () => (w.bench.input = performance.now()), true);
  new MutationObserver((records) => {
    for (const r of records) {
      const t = r.target as Element;
      const status = r.type === 'attributes' && t.id === 'explorer' ? t.getAttribute('data-status') : null;
      if (status === 'running') w.bench.running = performance.now();
      if (status === 'done') w.bench.done = performance.now();
      if (r.type === 'childList' && (t.closest?.('.explorer-chart') ?? t.parentElement?.closest('.explorer-chart'))) w.bench.drawn = performance.now();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
}

/** Makes a change with `act`, waits for run number `run` to be done and its charts drawn; the sample. */
async function measure(page: Page, run: number, act: () => Promise<unknown>, from: 'input' | 'navigation', debounce: number): Promise<Sample> {
  const busy = machineBusySeconds();
  const cpu = chromiumCpuSeconds();
  const t0 = process.hrtime.bigint();
  await act();
  await page.waitForFunction((n) => document.getElementById('explorer')?.dataset.runs === String(n), run, { timeout: 120_000, polling: 20 });
  // The charts are drawn asynchronously after the status: wait until their DOM has changed during this run and been still for 300 ms since.
  await page.waitForFunction(() => {
    const b = (window as unknown as { bench: Probe }).bench;
    return b.drawn > b.running && performance.now() - b.drawn > 300;
  }, undefined, { polling: 50, timeout: 60_000 });
  const used = chromiumCpuSeconds() - cpu;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = machineBusySeconds();
  const got = await page.evaluate(() => ({ ...(window as unknown as { bench: Probe }).bench, seconds: Number(document.getElementById('explorer')!.dataset.seconds) }));
  const start = from === 'navigation' ? 0 : got.input;
  return {
    page: got.seconds,
    wall: (got.done - start) / 1000 - debounce,
    drawn: (got.drawn - start) / 1000 - debounce,
    cpu: used,
    others: busy !== undefined && after !== undefined ? Math.max(0, (after - busy - used) / wall) : undefined,
  };
}

/** `tokenmaxx ARGS`, measured: wall seconds around the process, CPU seconds (user + system, every thread) from inside it. */
function cli(args: readonly string[]): Promise<{ wall: number; cpu: number }> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PRELOAD, MAIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const m = /cpuSeconds=([\d.]+)/.exec(stderr);
      if (code !== 0 || !m) fail(new Error(`tokenmaxx ${args.join(' ')} failed (exit ${code}):\n${stderr}`));
      else done({ wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: Number(m[1]) });
    });
  });
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}
/** Median and range, in seconds. */
const mr = (xs: readonly number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

/** The explorer part of `npm run bench`: `rounds` rounds (5 by default), each in a fresh browser. */
export async function measureExplorer(roundsOverride: number | undefined): Promise<void> {
  const rounds = roundsOverride ?? 5;
  if (!existsSync(CHROMIUM)) throw new Error(`explorer: ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-bench-explorer-'));
  try {
    const built = await cli(['run', 'amazon-2026', 'mandate-only', '--employees', '2000', '--reps', '2', '--report', '--out', join(dir, 'report'), '--quiet']);
    const report = join(dir, 'report', 'report.html');
    const samples = new Map<Case, Sample[]>(CASES.map((c) => [c.name, []]));
    const clis: { wall: number; cpu: number }[] = [];
    let hardware = 0;
    let engine = 0;
    let agent = '';
    for (let r = 0; r < rounds; r++) {
      const context = await chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: 1280, height: 900 },
      });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.addInitScript(probe);
        const add = (c: Case, s: Sample) => samples.get(c)!.push(s);
        let run = 0;
        add('cold', await measure(page, ++run, () => page.goto(`file://${report}#${OPEN}`), 'navigation', 0));
        ({ hardware, engine, agent } = await page.evaluate(() => ({ hardware: navigator.hardwareConcurrency, engine: document.getElementById('explorer-engine')!.textContent!.length, agent: navigator.userAgent })));
        await page.focus(SLIDER);
        for (let k = 0; k < POLICY_CHANGES; k++) add('policy', await measure(page, ++run, () => page.keyboard.press('ArrowRight'), 'input', DEBOUNCE_S));
        const command = await page.locator('#explorer-command').innerText();
        // A new fragment: the change is the moment it is set (the page runs on hashchange, with no debounce).
        const hash = (h: string) => () =>
          page.evaluate((x) => {
            (window as unknown as { bench: Probe }).bench.input = performance.now();
            location.hash = x;
          }, h);
        add('both', await measure(page, ++run, hash(OPEN.replace('employees=5000', 'employees=6000')), 'input', 0));
        add('large', await measure(page, ++run, hash(OPEN.replace('employees=5000&reps=5', 'employees=20000&reps=10')), 'input', 0));
        await page.focus(SLIDER);
        add('large policy', await measure(page, ++run, () => page.keyboard.press('ArrowRight'), 'input', DEBOUNCE_S));
        if (errors.length > 0) throw new Error(`explorer: the page failed: ${errors.join('; ')}`);
        // The CLI: the page's own command for its last 5,000-employee policy change, on one thread.
        const args = splitCommand(command).slice(1);
        clis.push(await cli([...args, '--workers', '1', '--out', join(dir, `cli-${r}`), '--quiet']));
        if (r === 0) console.log(`explorer: the CLI runs the page's command: tokenmaxx ${args.join(' ')} --workers 1 --out TMP --quiet`);
      } finally {
        await context.close();
      }
    }

    const size = statSync(report).size;
    console.log(
      `explorer: report.html ${(size / 1e6).toFixed(2)} MB (${size.toLocaleString('en-US')} bytes; the engine's text ${(engine / 1e3).toFixed(0)} kB of it), built in ${built.wall.toFixed(1)} s; ` +
        `${/(?:Headless)?Chrome\/[\d.]+/.exec(agent)?.[0] ?? agent}, navigator.hardwareConcurrency ${hardware} (${Math.min(hardware, 8)} workers), ${availableParallelism()} cores here; ${rounds} round${rounds === 1 ? '' : 's'}, each a fresh browser`,
    );
    console.log('seconds, median (range) over the samples; wall less the 200 ms debounce where a slider starts the run; cold wall from navigation start');
    console.log(['case'.padEnd(48), ' n', ...['page', 'wall', 'drawn', 'CPU (chromium)'].map((h) => h.padEnd(19)), 'others', 'Magent-weeks/s (page)'].join('  '));
    for (const c of CASES) {
      const xs = samples.get(c.name)!;
      const others = xs.map((x) => x.others).filter((x): x is number => x !== undefined);
      console.log(
        [
          c.label.padEnd(48),
          String(xs.length).padStart(2),
          mr(xs.map((x) => x.page)).padEnd(19),
          mr(xs.map((x) => x.wall)).padEnd(19),
          mr(xs.map((x) => x.drawn)).padEnd(19),
          mr(xs.map((x) => x.cpu)).padEnd(19),
          (others.length > 0 ? median(others).toFixed(1) : '–').padStart(6),
          (c.agentWeeks / median(xs.map((x) => x.page)) / 1e6).toFixed(1).padStart(8),
        ].join('  '),
      );
    }
    console.log(`${'CLI, the same simulation as "policy", --workers 1'.padEnd(48)}  ${String(clis.length).padStart(2)}  ${''.padEnd(19)}  ${mr(clis.map((x) => x.wall)).padEnd(19)}  ${''.padEnd(19)}  ${mr(clis.map((x) => x.cpu)).padEnd(19)}  (process CPU)`);
    // Paired by round: each round's policy changes (their median) against that round's CLI run.
    const policy = samples.get('policy')!;
    const perRound = clis.map((cli, r) => {
      const mine = policy.slice(r * POLICY_CHANGES, (r + 1) * POLICY_CHANGES);
      const m = (k: 'page' | 'wall' | 'drawn' | 'cpu') => median(mine.map((x) => x[k]));
      return { cli, page: m('page'), wall: m('wall'), drawn: m('drawn'), cpu: m('cpu') };
    });
    const ratio = (f: (x: (typeof perRound)[number]) => number) => `${median(perRound.map(f)).toFixed(2)}× (${Math.min(...perRound.map(f)).toFixed(2)}–${Math.max(...perRound.map(f)).toFixed(2)})`;
    console.log(
      `explorer: policy change ÷ CLI, medians of the rounds' paired ratios: page ÷ CLI wall ${ratio((x) => x.page / x.cli.wall)}, wall ÷ CLI wall ${ratio((x) => x.wall / x.cli.wall)}, ` +
        `drawn ÷ CLI wall ${ratio((x) => x.drawn / x.cli.wall)}, chromium CPU ÷ CLI CPU ${ratio((x) => x.cpu / x.cli.cpu)}`,
    );
    const headline = median(policy.map((x) => x.drawn));
    console.log(`explorer: target, a policy change at 5,000 × 52 × 5 redrawn in under 1 s: median ${headline.toFixed(2)} s from the change to the charts drawn (debounce excluded): ${headline < 1 ? 'met' : 'not met'} here`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
