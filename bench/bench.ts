/**
 * `npm run bench`: simulates amazon-2026 for 52 weeks, one replicate, at 10k, 100k and 1M employees,
 * side by side with the C floor (`../shared/reference/floor.c`, see bench/floor.ts), then the report's
 * build time, the peak memory of the CLI streaming every preset × 20 and × 400 replicates, and the
 * speed-up of two workers over one.
 *
 * Model: at each size, rounds alternate a simulator run and a floor run (5 rounds at 10k and 100k,
 * 3 at 1M; the one going first alternates too, so drift in the machine's speed falls on both). Each
 * simulator run is a fresh Node process (its memory figures are its own) that first simulates three
 * 10k-employee years, so the JIT has optimised the step as in any real run. Printed: CPU time
 * (user + system, all threads) and wall time per agent-week for both, each the median over the
 * rounds, and the ratio simulator ÷ floor, the median of the rounds' paired ratios; then the
 * simulator's agent-weeks per second, state bytes per employee (the typed-array columns) and peak
 * RSS growth per employee. Each round also times floor.c ported to JavaScript (bench/floorPort.ts),
 * which separates what the language costs from what the model does. Without floor.c or gcc the floor
 * is skipped, with the reason printed.
 *
 * Workers (`--only workers`): a sweep-like batch of 200 runs of amazon-2026 at 10,000 employees × 52
 * weeks through the run pool (src/experiment/pool.ts), with 1 worker (in this thread) and with 2, in
 * interleaved rounds (3 by default; the one going first alternates), each batch in a fresh Node
 * process. Printed per round and as medians: wall time and CPU time of the whole process (user +
 * system over every thread, workers included: `process.resourceUsage()`), both around the batch,
 * pool start-up included, and the cores other processes kept busy meanwhile; the speed-up is the
 * median of the rounds' paired wall ratios.
 *
 * Shards (`--only shards`, bench/shards.ts): one sweep run whole against 1, 2 and 4 shards and their
 * merge, each a process of its own, with the merged files checked byte for byte against the whole
 * study's; then the inputs of an estimate of a Sobol' analysis on a 1,000-core cluster, and the
 * estimate.
 *
 * Explorer (`--only explorer`, bench/explorer.ts): the report's policy explorer in Debian's chromium,
 * the time it takes to run the model again and redraw (the first run on opening, a policy change, a
 * new size, a large run), side by side with the CLI simulating the same, and the report's size.
 *
 * Options: `--only model|report|streaming|workers|shards|explorer` runs one part (`npm run bench -- --only model`
 * while optimising the model); `--rounds N` sets the rounds at every size and of the workers, shards
 * and explorer parts.
 * Record the figures in docs/PERFORMANCE.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { simulateReplicate } from '../src/model/simulate.js';
import type { State } from '../src/model/state.js';
import { LogRanker } from '../src/model/percentile.js';
import { presetsPath } from '../src/paths.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import { resolveScenario } from '../src/scenarios/resolve.js';
import { replicateRows } from '../src/experiment/outputs.js';
import { resolveRequest, runOutputs } from '../src/experiment/pipeline.js';
import { runInOrder } from '../src/experiment/pool.js';
import { replicateSeeds, runExperiment } from '../src/experiment/run.js';
import { buildReport } from '../src/report/build.js';
import { readRunTexts } from '../src/report/readRun.js';
import { measureShards } from './shards.js';
import { measureExplorer } from './explorer.js';
import { disposeFloor, median, prepareFloor, runFloor, type Floor, type FloorRun, type FloorSkipped } from './floor.js';
import { machineBusySeconds } from './machine.js';

/** Sizes in employees, and the interleaved rounds at each (fewer at 1M: a round there takes ~15 s); 100k is the headline. */
const SIZES = [
  { employees: 10_000, rounds: 5 },
  { employees: 100_000, rounds: 5 },
  { employees: 1_000_000, rounds: 3 },
];

/** One simulator run, measured in its own process. */
interface Measurement {
  employees: number;
  /** Wall time per agent-week, ns. */
  nsPerAgentWeek: number;
  /** CPU time (user + system, every thread of the process) per agent-week, ns. */
  cpuNsPerAgentWeek: number;
  agentWeeksPerSecond: number;
  stateBytesPerEmployee: number;
  peakRssBytesPerEmployee: number;
  seconds: number;
}

/** Bytes of per-employee state: every column, plus the rankers' per-employee positions. */
function stateBytes(s: State): number {
  let bytes = 0;
  for (const v of Object.values(s)) {
    if (ArrayBuffer.isView(v) && (v as unknown as { length: number }).length === s.n) bytes += v.byteLength;
    if (v instanceof LogRanker) bytes += v.bytes;
  }
  return bytes;
}

/**
 * Runs three 10k-employee years first so that the measured run sees fully optimised code, as every
 * replicate after the first does in `tokenmaxx run` (V8 needs a few hundred thousand employee-weeks
 * through every path of the step before its optimising compiler settles).
 */
function warmUp(): void {
  const scenario = resolveScenario(loadScenarioFile(presetsPath()), 'amazon-2026', [{ source: 'bench', patch: { population: { employees: 10_000 } } }]);
  for (let k = 0; k < 3; k++) simulateReplicate(scenario.weekly, `warm-up-${k}`);
}

function measure(employees: number): Measurement {
  warmUp();
  const scenario = resolveScenario(loadScenarioFile(presetsPath()), 'amazon-2026', [{ source: 'bench', patch: { population: { employees } } }]);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let bytes = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  simulateReplicate(scenario.weekly, 'bench', (_week, state) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    bytes = stateBytes(state);
  });
  const ns = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuStart);
  const agentWeeks = employees * scenario.weekly.length;
  return {
    employees,
    nsPerAgentWeek: ns / agentWeeks,
    cpuNsPerAgentWeek: ((cpu.user + cpu.system) * 1e3) / agentWeeks,
    agentWeeksPerSecond: agentWeeks / (ns / 1e9),
    stateBytesPerEmployee: bytes / employees,
    peakRssBytesPerEmployee: (peak - rssBefore) / employees,
    seconds: ns / 1e9,
  };
}

/** Builds the report of every preset × 20 replicates (2,000 employees: the report's cost is in rows, not employees). */
async function measureReport(): Promise<void> {
  const { scenarios } = resolveRequest({ scenariosFile: presetsPath(), sets: ['population.employees=2000'] });
  const results = runExperiment({ scenarios, seed: 'bench', replicates: 20 });
  const files = runOutputs(results, { toolVersion: 'bench', nodeVersion: process.version, gitCommit: null, command: 'bench', seed: 'bench', replicates: 20 });
  const start = process.hrtime.bigint();
  const report = await buildReport(readRunTexts(files));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const html = String(report['report.html']).length;
  console.log(`report: ${scenarios.length} scenarios × 20 replicates × 52 weeks built in ${seconds.toFixed(1)} s; report.html ${(html / 1024 / 1024).toFixed(2)} MB`);
}

/**
 * Peak memory of the real CLI writing a run as it goes: every preset at 8 employees (so the output,
 * not the model, dominates), 20 replicates against 400, side by side. Streaming outputs should keep
 * the peak flat: the live data does not grow with replicates.
 */
function measureStreaming(): void {
  const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const preload = fileURLToPath(new URL('./peakRss.js', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-bench-'));
  try {
    const figures = [20, 400].map((reps) => {
      // One thread, as these figures have always been measured: the workers part measures threads.
      const args = ['run', '--scenarios', presetsPath(), '--employees', '8', '--reps', String(reps), '--workers', '1', '--out', join(dir, `r${reps}`), '--quiet'];
      const res = spawnSync(process.execPath, ['--import', preload, main, ...args]);
      const m = /peakRssKiB=(\d+) cpuSeconds=([\d.]+)/.exec(res.stderr.toString());
      if (res.status !== 0 || !m) throw new Error(`bench run failed: ${res.stderr.toString()}`);
      const csv = statSync(join(dir, `r${reps}`, 'timeseries.csv')).size;
      return { reps, peakMiB: Number(m[1]) / 1024, cpu: Number(m[2]), csvMiB: csv / 2 ** 20 };
    });
    for (const f of figures) {
      console.log(`streaming: ${f.reps} replicates × 10 presets × 52 weeks at 8 employees: peak RSS ${f.peakMiB.toFixed(0)} MiB, CPU ${f.cpu.toFixed(1)} s, timeseries.csv ${f.csvMiB.toFixed(1)} MiB`);
    }
    console.log(`streaming: peak RSS at 400 replicates is ${(figures[1].peakMiB / figures[0].peakMiB).toFixed(2)}× that at 20`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** floor.c's arithmetic in JavaScript (bench/floorPort.ts) at `employees`, in a fresh Node process: ns of CPU per agent-week. */
function measurePortInChild(employees: number): number {
  const port = fileURLToPath(new URL('./floorPort.js', import.meta.url));
  return (JSON.parse(execFileSync(process.execPath, [port, String(employees)]).toString()) as { cpuNsPerAgentWeek: number }).cpuNsPerAgentWeek;
}

/** Simulates `employees` in a fresh Node process (`--size`) and returns its measurement. */
function measureInChild(employees: number): Measurement {
  const self = fileURLToPath(import.meta.url);
  return JSON.parse(execFileSync(process.execPath, [self, '--size', String(employees)]).toString()) as Measurement;
}

const ns = (x: number): string => x.toFixed(0);
const count = (x: number): string => x.toLocaleString('en-US');

/**
 * The model part: at each size, `rounds` rounds of one simulator run and one floor run, the one going
 * first alternating; prints the medians and the ratio, then the simulator's throughput and memory.
 */
function measureModel(floor: Floor | FloorSkipped, roundsOverride: number | undefined): void {
  const hasFloor = !('skipped' in floor);
  console.log(`amazon-2026, 52 weeks, 1 replicate, Node ${process.version}`);
  console.log(hasFloor ? `C floor: ${floor.source}, ${floor.compiler}, -O2 (fixed process cost ${(floor.fixedCpuNs / 1e6).toFixed(1)} ms CPU, subtracted)` : `C floor skipped: ${floor.skipped}`);
  console.log('ns per agent-week, medians of interleaved rounds; CPU = user + system; ratio = median of the rounds\' tokenmaxx ÷ floor');
  const rows: { employees: number; sim: Measurement }[] = [];
  for (const size of SIZES) {
    const rounds = roundsOverride ?? size.rounds;
    const sims: Measurement[] = [];
    const floors: FloorRun[] = [];
    const ports: number[] = [];
    for (let r = 0; r < rounds; r++) {
      if (hasFloor && r % 2 === 1) floors.push(runFloor(floor, size.employees));
      sims.push(measureInChild(size.employees));
      ports.push(measurePortInChild(size.employees));
      if (hasFloor && r % 2 === 0) floors.push(runFloor(floor, size.employees));
    }
    const sim = {
      cpu: median(sims.map((m) => m.cpuNsPerAgentWeek)),
      wall: median(sims.map((m) => m.nsPerAgentWeek)),
    };
    let line = `${count(size.employees).padStart(9)} employees: tokenmaxx ${ns(sim.cpu)} ns CPU (${ns(sim.wall)} wall)`;
    if (hasFloor) {
      const cpu = median(floors.map((f) => f.cpuNsPerAgentWeek));
      const wall = median(floors.map((f) => f.wallNsPerAgentWeek));
      const cpuRatio = median(sims.map((m, k) => m.cpuNsPerAgentWeek / floors[k].cpuNsPerAgentWeek));
      const wallRatio = median(sims.map((m, k) => m.nsPerAgentWeek / floors[k].wallNsPerAgentWeek));
      const portRatio = median(ports.map((p, k) => p / floors[k].cpuNsPerAgentWeek));
      line += ` · C floor ${cpu.toFixed(1)} ns CPU (${wall.toFixed(1)} wall) · ratio ${cpuRatio.toFixed(1)}× CPU (${wallRatio.toFixed(1)}× wall)`;
      line += ` · floor.c in JavaScript ${ns(median(ports))} ns CPU (${portRatio.toFixed(1)}× the C floor)`;
    }
    console.log(`${line} · ${rounds} round${rounds === 1 ? '' : 's'}`);
    const byWall = [...sims].sort((a, b) => a.nsPerAgentWeek - b.nsPerAgentWeek);
    rows.push({ employees: size.employees, sim: byWall[(byWall.length - 1) >> 1] });
  }
  console.log('tokenmaxx, the median-wall round at each size:');
  console.log('employees   agent-weeks/s   state B/employee   peak RSS B/employee   seconds');
  for (const { employees, sim: m } of rows) {
    console.log(
      [
        count(employees).padStart(9),
        (m.agentWeeksPerSecond / 1e6).toFixed(2).padStart(14) + 'M',
        m.stateBytesPerEmployee.toFixed(0).padStart(18),
        m.peakRssBytesPerEmployee.toFixed(0).padStart(21),
        m.seconds.toFixed(1).padStart(9),
      ].join(' '),
    );
  }
}

/** The workers part: runs in the batch, and employees of each. */
const BATCH_RUNS = 200;
const BATCH_EMPLOYEES = 10_000;

/** One batch with `workers` workers, in this process: wall and CPU seconds (every thread). */
async function measureBatch(workers: number): Promise<{ workers: number; wall: number; cpu: number }> {
  const { scenarios } = resolveRequest({ scenariosFile: presetsPath(), names: ['amazon-2026'], sets: [`population.employees=${BATCH_EMPLOYEES}`] });
  const runs = replicateSeeds('bench', BATCH_RUNS).map((seed) => ({ weekly: scenarios[0].weekly, seed }));
  const cpuSeconds = () => {
    const u = process.resourceUsage();
    return (u.userCPUTime + u.systemCPUTime) / 1e6;
  };
  const cpu = cpuSeconds();
  const start = process.hrtime.bigint();
  let rows = 0;
  // What the pipeline does with each result in this thread: its rows of timeseries.csv.
  for await (const { result } of runInOrder(runs, { workers })) rows += replicateRows('amazon-2026', 0, result).length;
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (rows === 0) throw new Error('no rows');
  return { workers, wall, cpu: cpuSeconds() - cpu };
}

/**
 * The workers part: rounds of a 1-worker and a 2-worker batch, each in a fresh process, the one going
 * first alternating. The machine is shared: each batch also reports how many cores other processes
 * kept busy meanwhile (/proc/stat), which is what makes a round's wall time worth reading or not.
 */
function measureWorkers(roundsOverride: number | undefined): void {
  const rounds = roundsOverride ?? 3;
  const self = fileURLToPath(import.meta.url);
  const batch = (workers: number) => {
    const busy = machineBusySeconds();
    const got = JSON.parse(execFileSync(process.execPath, [self, '--batch', String(workers)]).toString()) as { wall: number; cpu: number; others?: number };
    const after = machineBusySeconds();
    // Clock ticks are 1/100 s, and the bench's own process adds a little: a rough figure.
    if (busy !== undefined && after !== undefined) got.others = Math.max(0, (after - busy - got.cpu) / got.wall);
    return got;
  };
  const others = (b: { others?: number }) => (b.others === undefined ? '' : `, others ${b.others.toFixed(1)} cores`);
  console.log(`workers: ${BATCH_RUNS} runs of amazon-2026 × ${count(BATCH_EMPLOYEES)} employees × 52 weeks, 1 worker (in this thread) against 2, ${availableParallelism()} cores`);
  const pairs: { one: { wall: number; cpu: number }; two: { wall: number; cpu: number } }[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [1, 2] : [2, 1];
    const got = Object.fromEntries(order.map((w) => [w, batch(w)]));
    const pair = { one: got[1], two: got[2] };
    pairs.push(pair);
    const { one, two } = pair;
    console.log(
      `  round ${r + 1}: 1 worker ${one.wall.toFixed(1)} s wall, ${one.cpu.toFixed(1)} s CPU${others(one)} · 2 workers ${two.wall.toFixed(1)} s wall, ${two.cpu.toFixed(1)} s CPU${others(two)} · ` +
        `speed-up ${(one.wall / two.wall).toFixed(2)}× wall, CPU ${(two.cpu / one.cpu).toFixed(2)}× that of 1 worker`,
    );
  }
  const med = (f: (p: (typeof pairs)[number]) => number) => median(pairs.map(f));
  console.log(
    `workers: medians over ${rounds} rounds: 1 worker ${med((p) => p.one.wall).toFixed(1)} s wall, ${med((p) => p.one.cpu).toFixed(1)} s CPU · ` +
      `2 workers ${med((p) => p.two.wall).toFixed(1)} s wall, ${med((p) => p.two.cpu).toFixed(1)} s CPU · ` +
      `speed-up ${med((p) => p.one.wall / p.two.wall).toFixed(2)}× wall (paired), CPU ${med((p) => p.two.cpu / p.one.cpu).toFixed(2)}× that of 1 worker`,
  );
}

const PARTS = ['model', 'report', 'streaming', 'workers', 'shards', 'explorer'] as const;
const { values: args } = parseArgs({ options: { size: { type: 'string' }, batch: { type: 'string' }, only: { type: 'string' }, rounds: { type: 'string' } } });
if (args.size !== undefined) {
  process.stdout.write(JSON.stringify(measure(Number(args.size))));
} else if (args.batch !== undefined) {
  process.stdout.write(JSON.stringify(await measureBatch(Number(args.batch))));
} else {
  const only = args.only;
  const rounds = args.rounds === undefined ? undefined : Number(args.rounds);
  if (only !== undefined && !(PARTS as readonly string[]).includes(only)) throw new Error(`--only takes one of ${PARTS.join(', ')}; got ${only}`);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds takes a whole number ≥ 1; got ${args.rounds}`);
  if (only === undefined || only === 'model') {
    const floor = prepareFloor();
    try {
      measureModel(floor, rounds);
    } finally {
      if (!('skipped' in floor)) disposeFloor(floor);
    }
  }
  if (only === undefined || only === 'report') await measureReport();
  if (only === undefined || only === 'streaming') measureStreaming();
  if (only === undefined || only === 'workers') measureWorkers(rounds);
  if (only === undefined || only === 'shards') await measureShards(rounds);
  if (only === undefined || only === 'explorer') await measureExplorer(rounds);
}
