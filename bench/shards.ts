/**
 * `npm run bench -- --only shards`: what splitting a study into shards (`--shard I/N`, then
 * `tokenmaxx merge`) costs against running it whole, and what a cluster would do with the
 * sensitivity analysis that needs one. Every figure is measured here, in this run; the cluster
 * estimate at the end is computed from them.
 *
 * 1. One sweep, four ways, in interleaved rounds (the order rotates each round, so a drift in the
 *    machine's speed falls on every way): amazon-2026, a 3 × 3 grid of audits.rate and
 *    reviews.managerLeak × 6 replicates = 54 runs of 5,000 employees × 52 weeks, `--workers 1`,
 *    run (a) whole in one process, and (b) as 1, 2 and 4 shards, each shard a process of its own,
 *    at most two at a time (this machine has 2 cores), then the merge. Each round also runs an empty
 *    shard (a shard index past the study's last run: it starts, loads, checks the study and writes
 *    its files, but simulates nothing). Every merged folder is compared with the whole study's,
 *    file by file, byte for byte; a difference stops the bench.
 * 2. The estimate's inputs: the CPU time per agent-week of one run at 100,000 employees × 156
 *    weeks (in a fresh process, after three 10k-employee years of warm-up, as the model part does);
 *    the CPU of an empty shard of the Sobol' analysis itself (every plausible range, at two sizes of
 *    N, so its growth with the design's points is measured, not assumed: every shard checks every
 *    point of the study); and the merge of that analysis at two sizes of N, on runs of 8 employees
 *    × 4 weeks (the merge simulates nothing, so the runs' size does not change it), beside an empty
 *    shard of the same study, with its CPU time, peak memory and file sizes.
 * 3. The estimate for a 1,000-core cluster, each figure computed from those above and printed with
 *    its arithmetic: runs, CPU, wall time with 1,000 and 4,000 shards, the merge, the files.
 *
 * CPU time is user + system of each process from its start to its exit, every thread, read by
 * bench/peakRss.ts inside the process (`process.resourceUsage()`, the same counters as getrusage),
 * with its peak resident memory; wall time is taken around each process and around each way of
 * running the study. Record the figures in docs/PERFORMANCE.md ("Studies across machines").
 */
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateReplicate } from '../src/model/simulate.js';
import { presetsPath } from '../src/paths.js';
import { plausibleRanges } from '../src/scenarios/schema.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import { resolveScenario } from '../src/scenarios/resolve.js';
import { DESIGN_DEFAULTS, designPoints, MAX_DESIGN_POINTS, type DesignSpec } from '../src/experiment/design.js';
import { csvField } from '../src/experiment/outputs.js';
import { replicateSeeds } from '../src/experiment/run.js';
import { MAX_SHARDS } from '../src/experiment/shard.js';
import { SWEEP_RUN_WIDTH } from '../src/experiment/sweep.js';
import { machineBusySeconds } from './machine.js';

const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./peakRss.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** Shard processes running at once: this machine has 2 cores, and one shard uses one (`--workers 1`). */
const AT_ONCE = 2;

/** The sweep of part 1: 9 points × 6 replicates = 54 runs. */
const SWEEP_EMPLOYEES = 5_000;
const SWEEP_ARGS = [
  'sweep', 'amazon-2026',
  '--vary', 'audits.rate=0,0.02,0.05',
  '--vary', 'reviews.managerLeak=0,0.25,0.5',
  '--reps', '6', '--employees', String(SWEEP_EMPLOYEES), '--weeks', '52',
  '--seed', 'bench', '--workers', '1', '--quiet',
];
const SWEEP_RUNS = 54;
const SHARD_COUNTS = [1, 2, 4] as const;

/**
 * The analysis the estimate is for: Sobol' over every plausible range at 100,000 employees × 156
 * weeks, on 1,000 cores. N = 1024 base samples: the largest power of two (Saltelli's design wants
 * one) whose N(k + 2) points the CLI accepts (MAX_DESIGN_POINTS; checked below). R = 2 replicates
 * per point: the fewest that give each point a spread (sweep-summary's sd and interval), so the
 * noise's share of the variance can be read beside the indices; the seeds are common to every
 * point, so the noise largely cancels in the differences the estimators take, and a third
 * replicate would add half the cost again.
 */
const SOBOL = { samples: 1024, replicates: 2, employees: 100_000, weeks: 156, cores: 1000 };
/** Smaller N at which the analysis's empty shard and its merge are measured; N is a power of two, as Saltelli's design wants. */
const CHECK_SAMPLES = [16, 64] as const;
const MERGE_SAMPLES = [16, 64] as const;
const sobolArgs = (samples: number, employees: number, weeks: number) => [
  'sensitivity', 'amazon-2026', '--method', 'sobol',
  '--samples', String(samples), '--reps', String(SOBOL.replicates),
  '--employees', String(employees), '--weeks', String(weeks),
  '--seed', 'bench', '--workers', '1', '--quiet',
];

/** One process: CPU seconds (user + system, every thread), wall seconds, peak resident memory. */
interface Proc {
  cpu: number;
  wall: number;
  peakMiB: number;
}

/** Runs `tokenmaxx ARGS` in `cwd`, measured; throws with its stderr if it fails. */
function cli(args: readonly string[], cwd: string): Promise<Proc> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PRELOAD, MAIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      const m = /peakRssKiB=(\d+) cpuSeconds=([\d.]+)/.exec(stderr);
      if (code !== 0 || !m) fail(new Error(`tokenmaxx ${args.join(' ')} failed (exit ${code}) in ${cwd}:\n${stderr}`));
      else done({ cpu: Number(m[2]), wall, peakMiB: Number(m[1]) / 1024 });
    });
  });
}

/** Runs `jobs` with at most `limit` at a time; results in the jobs' order. */
async function atMost<T>(limit: number, jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const k = next++;
      results[k] = await jobs[k]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  return results;
}

/** One way of running a study: its processes, and the wall time from the first start to the last exit. */
interface Way {
  shards: Proc[];
  merge?: Proc;
  whole?: Proc;
  wall: number;
  /** Cores other processes kept busy meanwhile (a rough figure: clock ticks, and this process's own work). */
  others?: number;
}

const cpuOf = (w: Way) => [...w.shards, ...(w.merge ? [w.merge] : []), ...(w.whole ? [w.whole] : [])].reduce((s, p) => s + p.cpu, 0);
const shardCpuOf = (w: Way) => w.shards.reduce((s, p) => s + p.cpu, 0);

/** Runs `body` (which starts the processes of one way), timing it and the machine's other load. */
async function timed(body: () => Promise<Omit<Way, 'wall' | 'others'>>): Promise<Way> {
  const busy = machineBusySeconds();
  const start = process.hrtime.bigint();
  const way = await body();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const after = machineBusySeconds();
  const others = busy !== undefined && after !== undefined ? Math.max(0, (after - busy - cpuOf({ ...way, wall })) / wall) : undefined;
  return { ...way, wall, others };
}

/**
 * Shards 0 … n − 1 of `args` into `cwd`/shard-i (at most AT_ONCE at a time), then their merge into
 * `cwd`/study: the same relative --out as the whole study's, so the merged manifest's command is the
 * same text and every file can be compared byte for byte.
 */
async function shardsAndMerge(args: readonly string[], n: number, cwd: string): Promise<Omit<Way, 'wall' | 'others'>> {
  mkdirSync(cwd, { recursive: true });
  const shards = await atMost(
    AT_ONCE,
    Array.from({ length: n }, (_, i) => () => cli([...args, '--shard', `${i}/${n}`, '--out', `shard-${i}`], cwd)),
  );
  const merge = await cli(['merge', ...Array.from({ length: n }, (_, i) => `shard-${i}`), '--out', 'study', '--quiet'], cwd);
  return { shards, merge };
}

/** Every file under `dir`, by path relative to it. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** Throws unless the folders hold the same files with the same bytes. */
function assertSameFiles(whole: string, merged: string, label: string): number {
  const a = tree(whole);
  const b = tree(merged);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const differ = names.filter((f) => !a.has(f) || !b.has(f) || !a.get(f)!.equals(b.get(f)!));
  if (differ.length > 0) throw new Error(`shards: ${label}: the merged study differs from the whole study in ${differ.join(', ')} (${merged} against ${whole})`);
  return names.length;
}

/** Bytes of every file under `dir`. */
function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** Bytes per data row of a CSV file (its header left out), and its rows; read in chunks, as it may exceed a string's limit. */
function csvRowBytes(path: string): { rows: number; bytesPerRow: number } {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1 << 20);
  let lines = 0;
  let header = -1;
  let offset = 0;
  try {
    for (let got; (got = readSync(fd, chunk, 0, chunk.length, offset)) > 0; offset += got) {
      for (let at = chunk.indexOf(10); at !== -1 && at < got; at = chunk.indexOf(10, at + 1)) {
        if (header < 0) header = offset + at + 1;
        lines++;
      }
    }
  } finally {
    closeSync(fd);
  }
  return { rows: lines - 1, bytesPerRow: (offset - header) / (lines - 1) };
}

/** Mean bytes per data row of a small CSV file's last `cells` cells, each with the comma before it (the files' cells here hold no commas). */
function tailBytes(path: string, cells: number): number {
  const rows = readFileSync(path, 'utf8').split('\n').slice(1).filter((l) => l.length > 0);
  return rows.reduce((sum, l) => sum + l.split(',').slice(-cells).join(',').length + 1, 0) / rows.length;
}

/**
 * The Sobol' design over every plausible range at N base samples, as `tokenmaxx sensitivity` builds
 * it by default, and the mean bytes of the cells that key a row of its CSV files: the point's number
 * and its parameters' values (each with its comma; they take more digits as N grows), and the
 * replicate's number and seed.
 */
function analysisKeys(samples: number): { points: number; point: number; parameters: number; replicate: number } {
  const spec: DesignSpec = {
    method: 'sobol',
    levels: DESIGN_DEFAULTS.levels,
    samples,
    trajectories: DESIGN_DEFAULTS.trajectories,
    parameters: plausibleRanges().map((r) => ({ path: r.path, source: 'the plausible ranges', range: [r.lo, r.hi], integer: r.integer })),
  };
  const { values } = designPoints(spec, 'bench');
  const mean = (xs: readonly string[]) => xs.reduce((sum, x) => sum + csvField(x).length + 1, 0) / xs.length;
  const parameters = values.reduce((sum, v) => sum + v.reduce<number>((s2, x) => s2 + csvField(String(x)).length + 1, 0), 0) / values.length;
  const seeds = replicateSeeds('bench', SOBOL.replicates);
  return {
    points: values.length,
    point: mean(values.map((_, p) => String(p))),
    parameters,
    replicate: mean(seeds.map((_, r) => String(r))) + mean(seeds),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Least-squares line through (x, y): the intercept and the slope. */
function line(xs: readonly number[], ys: readonly number[]): { at0: number; slope: number } {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((s, x, k) => s + (x - mx) * (ys[k] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return { at0: my - slope * mx, slope };
}

/**
 * In a fresh process (this file run with `--agent-week`): CPU nanoseconds per agent-week of one run
 * of amazon-2026 at `employees` × `weeks`, its defaults, after three 10k-employee years so the
 * model's code is optimised, as in every run of a shard after its first.
 */
function agentWeek(employees: number, weeks: number): { cpuNsPerAgentWeek: number; wallNsPerAgentWeek: number } {
  const file = loadScenarioFile(presetsPath());
  const warm = resolveScenario(file, 'amazon-2026', [{ source: 'bench', patch: { population: { employees: 10_000 } } }]);
  for (let k = 0; k < 3; k++) simulateReplicate(warm.weekly, `warm-up-${k}`);
  const scenario = resolveScenario(file, 'amazon-2026', [{ source: 'bench', patch: { population: { employees }, weeks } }]);
  if (scenario.weekly.length !== weeks) throw new Error(`agent-week: ${scenario.weekly.length} weeks resolved, ${weeks} asked`);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  simulateReplicate(scenario.weekly, 'bench');
  const wall = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  const agentWeeks = employees * weeks;
  return { cpuNsPerAgentWeek: ((used.user + used.system) * 1e3) / agentWeeks, wallNsPerAgentWeek: wall / agentWeeks };
}

const s = (x: number, digits = 1) => `${x.toFixed(digits)} s`;
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const hms = (seconds: number) => (seconds >= 3600 ? `${(seconds / 3600).toFixed(2)} h` : `${(seconds / 60).toFixed(1)} min`);

/** The shards part of `npm run bench`: `rounds` interleaved rounds of the sweep, then the estimate's inputs and the estimate. */
export async function measureShards(roundsOverride: number | undefined): Promise<void> {
  const rounds = roundsOverride ?? 2;
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-bench-shards-'));
  try {
    // ---- 1. One sweep, whole and in 1, 2 and 4 shards. ----
    console.log(
      `shards: sweep amazon-2026, 3 × 3 grid (audits.rate × reviews.managerLeak) × 6 replicates = ${SWEEP_RUNS} runs of ${n0(SWEEP_EMPLOYEES)} employees × 52 weeks, --workers 1; ` +
        `shards at most ${AT_ONCE} at a time (${availableParallelism()} cores), then the merge; Node ${process.version}`,
    );
    type Kind = 'whole' | (typeof SHARD_COUNTS)[number] | 'empty';
    const kinds: Kind[] = ['whole', ...SHARD_COUNTS, 'empty'];
    const byKind = new Map<Kind, Way[]>(kinds.map((k) => [k, []]));
    let csvPerRun = 0;
    let runsBinPerRun = 0;
    // Bytes of a run's metric cells in sweep.csv, and of a summary row's cells after its parameters
    // (metric, statistic, n, mean, sd, interval), from runs of realistic size: the analysis's own
    // runs of 8 employees × 4 weeks give shorter numbers (many are 0 or a small fraction).
    let metricCells = 0;
    let summaryCells = 0;
    for (let r = 0; r < rounds; r++) {
      const order = kinds.map((_, j) => kinds[(j + r) % kinds.length]);
      const roundDir = join(dir, `round-${r}`);
      for (const kind of order) {
        const cwd = join(roundDir, String(kind));
        mkdirSync(cwd, { recursive: true });
        const way =
          kind === 'whole'
            ? await timed(async () => ({ shards: [], whole: await cli([...SWEEP_ARGS, '--out', 'study'], cwd) }))
            : kind === 'empty'
              ? await timed(async () => ({ shards: [await cli([...SWEEP_ARGS, '--shard', `${SWEEP_RUNS + 9}/${SWEEP_RUNS + 10}`, '--out', 'shard'], cwd)] }))
              : await timed(() => shardsAndMerge(SWEEP_ARGS, kind, cwd));
        byKind.get(kind)!.push(way);
      }
      const whole = join(roundDir, 'whole', 'study');
      let files = 0;
      for (const n of SHARD_COUNTS) files = assertSameFiles(whole, join(roundDir, String(n), 'study'), `round ${r + 1}, ${n} shard${n === 1 ? '' : 's'}`);
      const csv = csvRowBytes(join(whole, 'sweep.csv'));
      if (csv.rows !== SWEEP_RUNS) throw new Error(`shards: sweep.csv has ${csv.rows} runs, ${SWEEP_RUNS} expected`);
      csvPerRun = csv.bytesPerRow;
      metricCells = tailBytes(join(whole, 'sweep.csv'), SWEEP_RUN_WIDTH);
      summaryCells = tailBytes(join(whole, 'sweep-summary.csv'), 7);
      runsBinPerRun = statSync(join(roundDir, '1', 'shard-0', 'runs.bin')).size / SWEEP_RUNS;
      const line1 = order.map((k) => {
        const w = byKind.get(k)!.at(-1)!;
        const label = k === 'whole' ? 'whole' : k === 'empty' ? 'empty shard' : `${k} shard${k === 1 ? '' : 's'} + merge`;
        return `${label} ${s(cpuOf(w))} CPU, ${s(w.wall)} wall${w.others === undefined ? '' : `, others ${w.others.toFixed(1)} cores`}`;
      });
      console.log(`  round ${r + 1}: ${line1.join(' · ')}; merged folders = whole (${files} files, byte for byte)`);
      rmSync(roundDir, { recursive: true, force: true });
    }

    // Medians over rounds. The whole study's simulation CPU is its CPU less an empty shard's (start,
    // loading, the study's checks, its files): what a shard's share of the study is measured against.
    const med = (k: Kind, f: (w: Way) => number) => median(byKind.get(k)!.map(f));
    const whole = { cpu: med('whole', cpuOf), wall: med('whole', (w) => w.wall) };
    const empty = med('empty', cpuOf);
    const simulation = whole.cpu - empty;
    const rows = SHARD_COUNTS.map((n) => {
      const shardCpu = med(n, shardCpuOf);
      return {
        n,
        cpu: med(n, cpuOf),
        wall: med(n, (w) => w.wall),
        perShard: (shardCpu - simulation) / n,
        merge: med(n, (w) => w.merge!.cpu),
        mergeRss: med(n, (w) => w.merge!.peakMiB),
        ratio: median(byKind.get(n)!.map((w, k) => cpuOf(w) / cpuOf(byKind.get('whole')![k]))),
        wallRatio: median(byKind.get(n)!.map((w, k) => w.wall / byKind.get('whole')![k].wall)),
      };
    });
    console.log(`shards: medians over ${rounds} round${rounds === 1 ? '' : 's'}; CPU = user + system of every process; ratios are the median of the rounds' paired ratios to the whole study`);
    const header = ['study run as', 'processes', 'CPU', 'wall', 'runs / CPU-s', 'CPU ÷ whole', 'wall ÷ whole', 'per-shard overhead', 'merge CPU', 'merge peak RSS'];
    const table = [
      ['whole, one process', '1', s(whole.cpu), s(whole.wall), (SWEEP_RUNS / whole.cpu).toFixed(2), '1.00×', '1.00×', '–', '–', '–'],
      ...rows.map((x) => [
        `${x.n} shard${x.n === 1 ? '' : 's'} + merge`,
        String(x.n + 1),
        s(x.cpu),
        s(x.wall),
        (SWEEP_RUNS / x.cpu).toFixed(2),
        `${x.ratio.toFixed(2)}×`,
        `${x.wallRatio.toFixed(2)}×`,
        s(x.perShard, 2),
        s(x.merge, 2),
        `${x.mergeRss.toFixed(0)} MiB`,
      ]),
    ];
    const widths = header.map((h, j) => Math.max(h.length, ...table.map((c) => c[j].length)));
    const show = (c: string[]) => `  ${c.map((x, j) => (j === 0 ? x.padEnd(widths[j]) : x.padStart(widths[j]))).join('  ')}`;
    console.log([show(header), show(widths.map((w) => '-'.repeat(w))), ...table.map(show)].join('\n'));
    console.log(
      `shards: empty shard ${s(empty, 2)} CPU (start, loading, the study's checks, writing its files; ${n0(med('empty', (w) => w.shards[0].peakMiB))} MiB peak); ` +
        `the whole study's simulation ${s(simulation)} CPU = ${s(whole.cpu)} − the empty shard; per-shard overhead = (CPU of the shards − ${s(simulation)}) ÷ shards`,
    );
    console.log(`shards: runs.bin ${runsBinPerRun} B per run (4 + 8 × ${SWEEP_RUN_WIDTH}); sweep.csv ${csvPerRun.toFixed(0)} B per run (2 parameters)`);

    // ---- 2. The estimate's inputs. ----
    const k = plausibleRanges().length;
    const points = (samples: number) => samples * (k + 2);
    console.log(`estimate: Sobol' over every plausible range (k = ${k} parameters), N(k + 2) points × R = ${SOBOL.replicates} replicates, ${n0(SOBOL.employees)} employees × ${SOBOL.weeks} weeks`);

    const aw = JSON.parse(execFileSync(process.execPath, [SELF, '--agent-week', String(SOBOL.employees), String(SOBOL.weeks)]).toString()) as { cpuNsPerAgentWeek: number; wallNsPerAgentWeek: number };
    console.log(`  one run of amazon-2026 at ${n0(SOBOL.employees)} × ${SOBOL.weeks} weeks, warmed up, fresh process: ${aw.cpuNsPerAgentWeek.toFixed(0)} ns CPU per agent-week (${aw.wallNsPerAgentWeek.toFixed(0)} ns wall)`);

    // An empty shard of the analysis itself: MAX_SHARDS − 1 of MAX_SHARDS holds no run while the study has fewer runs.
    const checks = [];
    for (const samples of CHECK_SAMPLES) {
      if (points(samples) * SOBOL.replicates >= MAX_SHARDS) throw new Error('estimate: the empty shard needs a study of fewer runs than MAX_SHARDS');
      const cwd = join(dir, `check-${samples}`);
      mkdirSync(cwd);
      const p = await cli([...sobolArgs(samples, SOBOL.employees, SOBOL.weeks), '--shard', `${MAX_SHARDS - 1}/${MAX_SHARDS}`, '--out', 'shard'], cwd);
      checks.push({ samples, points: points(samples), ...p });
      console.log(`  empty shard of the analysis at N = ${samples} (${n0(points(samples))} points): ${s(p.cpu, 2)} CPU, ${p.peakMiB.toFixed(0)} MiB peak`);
    }
    const check = line(checks.map((c) => c.points), checks.map((c) => c.cpu));
    const checkRss = line(checks.map((c) => c.points), checks.map((c) => c.peakMiB));

    // The merge of the analysis, on runs of 8 employees × 4 weeks (cheap to simulate; the merge
    // simulates nothing), beside an empty shard of the same study: the merge does the study's checks
    // as a shard does, so what it does beyond them (reading the runs, writing the files, the Sobol'
    // indices) is its CPU less the empty shard's.
    const merges = [];
    for (const samples of MERGE_SAMPLES) {
      const cwd = join(dir, `merge-${samples}`);
      const args = sobolArgs(samples, 8, 4);
      const way = await timed(() => shardsAndMerge(args, 2, cwd));
      const empty = await cli([...args, '--shard', `${MAX_SHARDS - 1}/${MAX_SHARDS}`, '--out', 'empty'], cwd);
      const study = join(cwd, 'study');
      const csv = csvRowBytes(join(study, 'sweep.csv'));
      const summary = csvRowBytes(join(study, 'sweep-summary.csv'));
      const runs = points(samples) * SOBOL.replicates;
      if (csv.rows !== runs) throw new Error(`estimate: sweep.csv has ${csv.rows} runs, ${runs} expected`);
      const folder = folderBytes(study);
      const m = {
        samples,
        points: points(samples),
        runs,
        merge: way.merge!,
        beyond: way.merge!.cpu - empty.cpu,
        emptyPeakMiB: empty.peakMiB,
        csvPerRun: csv.bytesPerRow,
        summaryPerPoint: (summary.bytesPerRow * summary.rows) / points(samples),
        summaryRowsPerPoint: summary.rows / points(samples),
        folder,
        // The rest of the folder (design.json, salib/, sensitivity.csv, manifest.json) per point.
        otherPerPoint: (folder - statSync(join(study, 'sweep.csv')).size - statSync(join(study, 'sweep-summary.csv')).size) / points(samples),
      };
      merges.push(m);
      console.log(
        `  merge of the analysis at N = ${samples} (${n0(runs)} runs of 8 employees × 4 weeks, 2 shards): ${s(m.merge.cpu, 2)} CPU (${s(m.beyond, 2)} beyond an empty shard's ${s(empty.cpu, 2)}), ${m.merge.peakMiB.toFixed(0)} MiB peak (empty shard ${empty.peakMiB.toFixed(0)}); ` +
          `sweep.csv ${m.csvPerRun.toFixed(0)} B per run, sweep-summary.csv ${m.summaryPerPoint.toFixed(0)} B per point, folder ${mib(m.folder)}`,
      );
      rmSync(cwd, { recursive: true, force: true });
    }
    const mergeBeyond = line(merges.map((m) => m.runs), merges.map((m) => m.beyond));
    const mergeRssBeyond = line(merges.map((m) => m.runs), merges.map((m) => m.merge.peakMiB - m.emptyPeakMiB));
    const mergeByBytes = line(merges.map((m) => m.folder), merges.map((m) => m.beyond));

    // ---- 3. The estimate, from the figures above. ----
    const P = points(SOBOL.samples);
    if (P > MAX_DESIGN_POINTS || points(2 * SOBOL.samples) <= MAX_DESIGN_POINTS) throw new Error(`estimate: N = ${SOBOL.samples} is not the largest power of two the CLI accepts for k = ${k}`);
    const runs = P * SOBOL.replicates;
    const agentWeeks = SOBOL.employees * SOBOL.weeks;
    const perRun = (aw.cpuNsPerAgentWeek * agentWeeks) / 1e9;
    const simCpu = runs * perRun;
    // A shard's overhead: the analysis's empty shard (start, loading, checking every point of the
    // design) at N = 1024 on the measured line, plus what a working shard adds beyond an empty one
    // in part 1 (warming its code up, the cores slowing each other), never less than 0.
    const checkAtN = check.at0 + check.slope * P;
    const checkRssAtN = checkRss.at0 + checkRss.slope * P;
    const beyondEmpty = Math.max(0, median(rows.map((x) => x.perShard)) - empty);
    const overhead = checkAtN + beyondEmpty;
    // The files the merge writes at N = 1024: each row's key cells computed from the design itself,
    // its metric cells measured above; the rest of the folder per point, as measured at the larger
    // N, grown by the parameters' extra digits.
    const keys = analysisKeys(SOBOL.samples);
    const measuredKeys = analysisKeys(merges.at(-1)!.samples);
    const name = csvField('amazon-2026').length + 1;
    // Each cell is counted with one comma: the key's last and the metrics' first are the same comma,
    // and the extra one stands for the row's newline.
    const csvRun = name + keys.point + keys.parameters + keys.replicate + metricCells;
    const summaryRows = merges.at(-1)!.summaryRowsPerPoint;
    const summaryPoint = summaryRows * (name + keys.point + keys.parameters + summaryCells);
    const otherPoint = merges.at(-1)!.otherPerPoint * (keys.parameters / measuredKeys.parameters);
    const folderAtN = csvRun * runs + (summaryPoint + otherPoint) * P;
    // The merge: the same checks as an empty shard of the study, and what it does beyond them, on
    // the line through the measured merges by the bytes they wrote (formatting and writing numbers
    // is most of it).
    const mergeAtN = checkAtN + mergeByBytes.at0 + mergeByBytes.slope * folderAtN;
    const mergeRssAtN = checkRssAtN + mergeRssBeyond.at0 + mergeRssBeyond.slope * runs;
    console.log(`estimate: N = ${SOBOL.samples}, the largest power of two with N(k + 2) ≤ ${n0(MAX_DESIGN_POINTS)} points (the CLI's limit): ${n0(P)} points × R = ${SOBOL.replicates} (the fewest replicates that give each point a spread) = ${n0(runs)} runs`);
    console.log(`  CPU per run: ${aw.cpuNsPerAgentWeek.toFixed(0)} ns × ${n0(agentWeeks)} agent-weeks = ${s(perRun, 2)}; simulation ${n0(runs)} × ${s(perRun, 2)} = ${n0(simCpu)} CPU-s = ${n0(simCpu / 3600)} core-hours`);
    console.log(
      `  per-shard overhead: an empty shard of the analysis, on the line through ${checks.map((c) => `${n0(c.points)} points ${s(c.cpu, 2)}`).join(' and ')}: ` +
        `${s(check.at0, 2)} + ${(check.slope * 1e3).toFixed(3)} ms per point × ${n0(P)} points = ${s(checkAtN)} (peak ${checkRssAtN.toFixed(0)} MiB on the same line)` +
        ` + ${s(beyondEmpty, 2)} a working shard adds beyond an empty one (part 1) = ${s(overhead)}`,
    );
    const cluster = (shards: number, perShard: number, merge: number) => {
      const most = Math.ceil(runs / shards);
      const waves = Math.ceil(shards / SOBOL.cores);
      const wall = waves * (perShard + most * perRun);
      const total = simCpu + shards * perShard + merge;
      return (
        `${n0(shards)} shards on ${n0(SOBOL.cores)} cores: ≤ ${most} runs a shard; wall ${waves} × (${s(perShard)} + ${most} × ${s(perRun, 2)}) = ${s(wall, 0)} + merge ${s(merge, 0)} = ${hms(wall + merge)}; ` +
        `CPU ${n0(total / 3600)} core-hours (simulation ${n0(simCpu / 3600)}), shard overhead ${pct((shards * perShard) / total)} of it`
      );
    };
    for (const shards of [SOBOL.cores, 4 * SOBOL.cores]) console.log(`  ${cluster(shards, overhead, mergeAtN)}`);
    // For scale: were a shard's overhead what it is for part 1's small sweep (the design's points
    // checked by the merge alone), the same arithmetic gives:
    const small = median(rows.map((x) => x.perShard));
    for (const shards of [SOBOL.cores, 4 * SOBOL.cores]) console.log(`  (a shard's overhead ${s(small, 2)} as in part 1: ${cluster(shards, small, mergeAtN)})`);
    console.log(
      `  merge: the empty shard's ${s(checkAtN)} + ${s(mergeByBytes.at0, 2)} + ${(mergeByBytes.slope * 2 ** 30).toFixed(1)} s per GiB written × ${(folderAtN / 2 ** 30).toFixed(2)} GiB = ${s(mergeAtN, 0)} CPU; ` +
        `peak RSS the empty shard's ${checkRssAtN.toFixed(0)} MiB + ${mergeRssBeyond.at0.toFixed(0)} MiB + ${((mergeRssBeyond.slope * 2 ** 20) / 1024).toFixed(2)} KiB per run = ${mergeRssAtN.toFixed(0)} MiB (peaks added: an upper figure)`,
    );
    const bin = 4 + 8 * SWEEP_RUN_WIDTH;
    console.log(
      `  output: runs.bin ${bin} B per run × ${n0(runs)} = ${mib(bin * runs)} over the shards (${(bin * Math.ceil(runs / SOBOL.cores) / 1024).toFixed(0)} KiB per shard at ${n0(SOBOL.cores)}); ` +
        `sweep.csv ${csvRun.toFixed(0)} B per run (${keys.parameters.toFixed(0)} B of them the ${k} parameters) = ${mib(csvRun * runs)}; ` +
        `sweep-summary.csv ${n0(summaryPoint)} B per point (${summaryRows} rows, each with the parameters) = ${mib(summaryPoint * P)}; the merged folder ${mib(folderAtN)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run as a script with --agent-week EMPLOYEES WEEKS: the measurement in a fresh process, as JSON.
if (process.argv[1] === SELF && process.argv[2] === '--agent-week') {
  process.stdout.write(JSON.stringify(agentWeek(Number(process.argv[3]), Number(process.argv[4]))));
}
