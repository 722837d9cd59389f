/**
 * `npm run bench`: simulates amazon-2026 for 52 weeks, one replicate, at 10k, 100k and 1M employees,
 * each size in a fresh process (after a small warm-up run, so the JIT has optimised the step as it
 * has in any real run) so memory figures are its own, and prints ns per agent-week,
 * agent-weeks per second, state bytes per employee (the typed-array columns) and peak RSS growth per
 * employee; then the report's build time, and the peak memory of the CLI streaming every preset ×
 * 20 and × 400 replicates. Record the figures in docs/PERFORMANCE.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateReplicate } from '../src/model/simulate.js';
import type { State } from '../src/model/state.js';
import { LogRanker } from '../src/model/percentile.js';
import { presetsPath } from '../src/paths.js';
import { loadScenarioFile } from '../src/scenarios/load.js';
import { resolveScenario } from '../src/scenarios/resolve.js';
import { resolveRequest, runOutputs } from '../src/experiment/pipeline.js';
import { runExperiment } from '../src/experiment/run.js';
import { buildReport } from '../src/report/build.js';
import { readRunTexts } from '../src/report/readRun.js';

const SIZES = [10_000, 100_000, 1_000_000];

interface Measurement {
  employees: number;
  nsPerAgentWeek: number;
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
  const start = process.hrtime.bigint();
  simulateReplicate(scenario.weekly, 'bench', (_week, state) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    bytes = stateBytes(state);
  });
  const ns = Number(process.hrtime.bigint() - start);
  const agentWeeks = employees * scenario.weekly.length;
  return {
    employees,
    nsPerAgentWeek: ns / agentWeeks,
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
      const res = spawnSync(process.execPath, ['--import', preload, main, 'run', '--scenarios', presetsPath(), '--employees', '8', '--reps', String(reps), '--out', join(dir, `r${reps}`), '--quiet']);
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

const sizeArg = process.argv.indexOf('--size');
if (sizeArg > 0) {
  process.stdout.write(JSON.stringify(measure(Number(process.argv[sizeArg + 1]))));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(`amazon-2026, 52 weeks, 1 replicate, Node ${process.version}`);
  console.log('employees   ns/agent-week   agent-weeks/s   state B/employee   peak RSS B/employee   seconds');
  for (const n of SIZES) {
    const m = JSON.parse(execFileSync(process.execPath, [self, '--size', String(n)]).toString()) as Measurement;
    console.log(
      [
        String(n).padStart(9),
        m.nsPerAgentWeek.toFixed(0).padStart(15),
        (m.agentWeeksPerSecond / 1e6).toFixed(2).padStart(13) + 'M',
        m.stateBytesPerEmployee.toFixed(0).padStart(18),
        m.peakRssBytesPerEmployee.toFixed(0).padStart(21),
        m.seconds.toFixed(1).padStart(9),
      ].join(' '),
    );
  }
  await measureReport();
  measureStreaming();
}
