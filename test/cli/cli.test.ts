/**
 * The built program end to end: `node dist/src/cli/main.js ...` as a child process, each run in a
 * fresh temporary directory. Every message, flag and output rule is tested in-process (main.test.ts,
 * inputs.test.ts, outputs.test.ts, crash.test.ts run the same runCli); these few runs prove the
 * wiring only a process shows: the bin calls runCli and exits with its code, prints help without
 * loading a command, writes a run and a report, refuses bad input with exit 2 and no stack trace, and
 * drains a piped stderr before it exits.
 *
 * Assumes `npm run build` has run (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { METRICS } from '../../src/model/metrics.js';
import {
  MAIN,
  PRESETS,
  SMALL,
  canonical,
  cli,
  expectRefused,
  expectSuccess,
  removeTempDirs,
  sha256File,
  sha256Text,
  snapshot,
  spawnCli,
  tempDir,
  where,
  writeText,
  type CliResult,
} from './helpers.js';

afterAll(removeTempDirs);

const OUTPUTS = ['distributions.json', 'manifest.json', 'summary.json', 'timeseries.csv'];
const DATA = ['timeseries.csv', 'summary.json', 'distributions.json'];

function read(dir: string, file: string): Buffer {
  return readFileSync(join(dir, file));
}

/** Node's --import of a module hook that prints every module the program loads to stderr, as "module URL". */
const LIST_MODULES = (() => {
  const hooks = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) { const r = await next(specifier, context); writeSync(2, 'module ' + r.url + '\\n'); return r; }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
})();

test('--help: exit 0, usage and every command on stdout, without loading a command or its libraries', async () => {
  const res = await spawnCli(tempDir(), ['--help'], { NODE_OPTIONS: `--import ${LIST_MODULES}` });
  expectSuccess(res);
  expect(res.stdout).toMatch(/^tokenmaxx <command> \[options\]\n/);
  for (const command of ['list', 'validate [file]', 'schema', 'run [scenario..]', 'report']) expect(res.stdout).toContain(`tokenmaxx ${command} `);
  const modules = res.stderr.split('\n').filter((l) => l.startsWith('module ')).map((l) => l.slice('module '.length));
  expect(res.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('module '))).toEqual([]);
  expect(modules.some((m) => m.includes('/node_modules/yargs/')), 'the hook lists what is loaded').toBe(true);
  expect(modules.filter((m) => /\/node_modules\/(mathjs|zod|vega[^/]*|@resvg)\/|\/cli\/commands\.js$/.test(m))).toEqual([]);
});

test('validate on the shipped scenarios.json exits 0', async () => {
  const res = await spawnCli(tempDir(), ['validate', PRESETS]);
  expectSuccess(res);
  expect(res.stdout).toBe(`${PRESETS}: valid (10 scenarios)\n`);
  expect(res.stderr).toBe('');
});

test('bad input: exit 2, one located line per problem and the summary, no stack trace, nothing written; the same text as in-process', async () => {
  const cwd = tempDir();
  const text = `${JSON.stringify({ scenarios: { x: { weeks: 8, mandat: { type: 'none' }, mandate: { targetShare: 1.5, pressure: "import('fs')" } } } }, null, 2)}\n`;
  writeText(cwd, 'bad.json', text);
  const before = snapshot(cwd);
  const args = ['run', '--scenarios', 'bad.json', ...SMALL, '--out', 'out'];
  const res = await spawnCli(cwd, args);
  expect(expectRefused(res, cwd, before, 'out').lines).toHaveLength(3);
  expect(res.stderr.startsWith(`${where('bad.json', text, '"mandat"')}: $.scenarios.x.mandat: unknown key "mandat"`), res.stderr).toBe(true);
  expect(res.stderr.endsWith('\n3 problems; nothing was run or written.\n')).toBe(true);
  expect((await cli(cwd, args)).stderr).toBe(res.stderr);
});

test('--workers 1, 2 and 3 write the same bytes, a slow scenario listed before a fast one; the manifest differs only in the command echoed', async () => {
  const cwd = tempDir();
  writeText(cwd, 'sizes.json', JSON.stringify({ scenarios: { 'a-big': { weeks: 5, population: { employees: 2000 } }, 'b-small': { weeks: 5, population: { employees: 30 } } } }));
  const runs = await Promise.all(['1', '2', '3'].map((n) => spawnCli(cwd, ['run', '--scenarios', 'sizes.json', '--reps', '3', '--workers', n, '--out', `w${n}`])));
  for (const res of runs) expectSuccess(res);
  // Progress: runs done of the total and runs per second.
  expect(runs[1].stderr).toMatch(/\b6\/6 runs \| [\d.]+ runs\/s \| ETA /);
  const manifest = (n: string) => ({ ...JSON.parse(read(join(cwd, `w${n}`), 'manifest.json').toString('utf8')), command: null });
  for (const n of ['2', '3']) {
    for (const f of DATA) expect(read(join(cwd, `w${n}`), f).equals(read(join(cwd, 'w1'), f)), `${f} with --workers ${n}`).toBe(true);
    expect(manifest(n)).toEqual(manifest('1'));
  }
});

describe('a good run, and report --from', () => {
  let presetsDir = '';
  let presetsRun: CliResult;
  let inProcessRun: CliResult;

  beforeAll(async () => {
    presetsDir = tempDir();
    const args = (out: string) => ['run', 'baseline', 'amazon-2026', '--scenarios', PRESETS, ...SMALL, '--out', out];
    [presetsRun, inProcessRun] = await Promise.all([spawnCli(presetsDir, args('out')), cli(presetsDir, args('here'))]);
  });

  test('run into a fresh directory writes manifest.json, timeseries.csv, summary.json and distributions.json, and prints the key metrics', () => {
    expectSuccess(presetsRun);
    const out = join(presetsDir, 'out');
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    expect(readdirSync(presetsDir).sort()).toEqual(['here', 'out']);
    expect(presetsRun.stdout).toContain('Wrote distributions.json, manifest.json, summary.json, timeseries.csv to out');
    // Weeks count from 0, as in timeseries.csv: an 8-week run ends in week 7.
    expect(presetsRun.stdout).toContain('Final week (week 7)');
    expect(presetsRun.stdout).toMatch(/^baseline /m);
    expect(presetsRun.stdout).toMatch(/^amazon-2026 /m);
  });

  test('the built program and runCli in-process write the same bytes and print the same table', () => {
    expectSuccess(inProcessRun);
    for (const f of DATA) expect(read(join(presetsDir, 'out'), f).equals(read(join(presetsDir, 'here'), f)), f).toBe(true);
    expect(inProcessRun.stdout.replace(/ to here\n/, ' to out\n').replace(/--out here/, '--out out')).toBe(presetsRun.stdout);
  });

  test('timeseries.csv: the header is scenario,replicate,seed,week then the 35 metrics (29 measures, 6 derived figures), one row per scenario × replicate × week', () => {
    expect(METRICS).toHaveLength(35);
    const csv = read(join(presetsDir, 'out'), 'timeseries.csv').toString('utf8');
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe(['scenario', 'replicate', 'seed', 'week', ...METRICS.map((m) => m.name)].join(','));
    expect(rows).toHaveLength(2 * 2 * 8);
    for (const row of rows) {
      const cells = row.split(',');
      expect(cells).toHaveLength(4 + 35);
      for (const v of cells.slice(4)) expect(Number.isFinite(Number(v)), row).toBe(true);
    }
    expect(rows.map((r) => r.split(',')[3])).toEqual(Array.from({ length: 4 }, () => ['0', '1', '2', '3', '4', '5', '6', '7']).flat());
  });

  test('manifest.json lists the replicate seeds, the resolved scenarios with sha256, and the sha256 of every output file', () => {
    const out = join(presetsDir, 'out');
    const manifest = JSON.parse(read(out, 'manifest.json').toString('utf8')) as {
      tool: string;
      seed: number | string;
      replicates: number;
      replicateSeeds: string[];
      command: string;
      scenarios: { name: string; description: string; parameters: { weeks: number; population: { employees: number } }; schedule: unknown[]; sha256: string }[];
      files: Record<string, { sha256: string }>;
    };
    expect(manifest.tool).toBe('tokenmaxx');
    expect(manifest.seed).toBe(1);
    expect(manifest.replicates).toBe(2);
    expect(manifest.command).toContain('tokenmaxx run baseline amazon-2026');

    // Every replicate seed, and exactly the seeds of the time series.
    expect(manifest.replicateSeeds).toHaveLength(2);
    expect(new Set(manifest.replicateSeeds).size).toBe(2);
    const rows = read(out, 'timeseries.csv').toString('utf8').trimEnd().split('\n').slice(1).map((r) => r.split(','));
    for (const [scenario, rep, seed] of rows) {
      expect(['baseline', 'amazon-2026']).toContain(scenario);
      expect(seed).toBe(manifest.replicateSeeds[Number(rep)]);
    }

    // The resolved scenarios: overrides applied, each with the sha256 of its canonical record.
    expect(manifest.scenarios.map((s) => s.name)).toEqual(['baseline', 'amazon-2026']);
    for (const s of manifest.scenarios) {
      expect(s.parameters.weeks).toBe(8);
      expect(s.parameters.population.employees).toBe(200);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      const { sha256, ...record } = s;
      expect(sha256).toBe(sha256Text(canonical(record)));
    }
    expect(manifest.scenarios[0].sha256).not.toBe(manifest.scenarios[1].sha256);

    // A sha256 for every other file of the run, matching the bytes on disk.
    expect(Object.keys(manifest.files).sort()).toEqual(OUTPUTS.filter((f) => f !== 'manifest.json'));
    for (const [file, { sha256 }] of Object.entries(manifest.files)) expect(sha256, file).toBe(sha256File(join(out, file)));
  });

  test('report --from: charts and report.html switched in beside the data, every file in the manifest', async () => {
    const cwd = tempDir();
    cpSync(join(presetsDir, 'out'), join(cwd, 'out'), { recursive: true });
    const data = Object.fromEntries(DATA.map((f) => [f, sha256File(join(cwd, 'out', f))]));
    const res = await spawnCli(cwd, ['report', '--from', 'out']);
    expectSuccess(res);
    expect(res.stdout).toBe('Wrote charts/, report.html to out\n');
    const files = Object.keys(snapshot(join(cwd, 'out'))).filter((f) => f !== 'charts');
    expect(files).toContain('report.html');
    expect(files).toContain('charts/frontier.svg');
    const manifest = JSON.parse(read(join(cwd, 'out'), 'manifest.json').toString('utf8')) as { files: Record<string, { sha256: string }> };
    expect(Object.keys(manifest.files).sort()).toEqual(files.filter((f) => f !== 'manifest.json').sort());
    for (const [file, { sha256 }] of Object.entries(manifest.files)) expect(sha256, file).toBe(sha256File(join(cwd, 'out', file)));
    for (const f of DATA) expect(manifest.files[f].sha256, f).toBe(data[f]);
    expect(readdirSync(cwd)).toEqual(['out']);
  });
});

describe('piped stderr is written in full before exit', () => {
  test('3,001 problems through a pipe read slowly: every line and the summary arrive', async () => {
    const cwd = tempDir();
    const scenarios = Object.fromEntries(Array.from({ length: 3001 }, (_, i) => [`s${i}`, { weeks: 0 }]));
    writeText(cwd, 'many.json', JSON.stringify({ scenarios }));
    const child = spawn(process.execPath, [MAIN, 'validate', 'many.json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const status = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    // Read nothing for a while, so the pipe fills and the writer has to wait for the reader.
    child.stderr.pause();
    await new Promise((r) => setTimeout(r, 1500));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      child.stderr.pause();
      setTimeout(() => child.stderr.resume(), 1);
    });
    child.stderr.resume();
    expect(await status).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3002);
    expect(lines.at(-1)).toBe('3001 problems; nothing was run or written.');
  });
});
