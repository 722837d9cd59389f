/**
 * Output texts (src/experiment/outputs.ts): the rows of timeseries.csv, the collector that streams
 * them and keeps only what the summaries need, the manifest and its table of files — on made-up
 * replicates whose every number is known, so nothing here depends on the model. And the files the
 * command line streams to disk are the bytes the library builds in memory.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  distributionsJson,
  fileTable,
  manifestJson,
  manifestWithFiles,
  replicateRows,
  RUN_DATA_FILES,
  RunCollector,
  summaryJson,
  timeseriesCsv,
  timeseriesHeader,
  TIMESERIES_COLUMNS,
  type Provenance,
} from '../../src/experiment/outputs.js';
import { runExperiment, type ScenarioResult } from '../../src/experiment/run.js';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { LORENZ_GRID, type ReplicateResult } from '../../src/model/simulate.js';
import { checkRequest } from '../../src/scenarios/request.js';
import type { ResolvedScenario } from '../../src/scenarios/resolve.js';
import { cli, PRESETS, removeTempDirs, tempDir } from '../cli/helpers.js';
import { preset } from '../helpers.js';

afterAll(removeTempDirs);

const WIDTH = METRIC_NAMES.length;

/** A replicate whose value of metric m in week w is `base + w + m / 100`, and whose Lorenz curve is `lorenz`. */
function replicate(seed: string, weeks: number, base: number, lorenz = (x: number) => x * x): ReplicateResult {
  const values = new Float64Array(weeks * WIDTH);
  for (let w = 0; w < weeks; w++) for (let m = 0; m < WIDTH; m++) values[w * WIDTH + m] = base + w + m / 100;
  return { seed, weeks, values, finalLorenz: LORENZ_GRID.map(lorenz), finalStrategies: new Uint8Array(0) };
}

/** Only `name` of a scenario is read by the collector. */
const named = (name: string) => ({ name }) as ResolvedScenario;

const PROVENANCE: Provenance = { toolVersion: 'x', nodeVersion: 'x', gitCommit: null, command: 'tokenmaxx run', seed: 'same', replicates: 2 };

describe('timeseries.csv', () => {
  test('the header is scenario, replicate, seed, week, then every metric', () => {
    expect(timeseriesHeader()).toBe(`${['scenario', 'replicate', 'seed', 'week', ...METRIC_NAMES].join(',')}\n`);
    expect(TIMESERIES_COLUMNS).toHaveLength(4 + WIDTH);
  });

  test('one line per week, numbers in their shortest round-trip form', () => {
    const r = replicate('s0', 3, 0.1);
    r.values[0] = 1e21;
    r.values[1] = -0;
    r.values[2] = 1 / 3;
    const lines = replicateRows('baseline', 4, r).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(',').slice(0, 4))).toEqual([0, 1, 2].map((w) => ['baseline', '4', 's0', String(w)]));
    const first = lines[0].split(',');
    expect(first).toHaveLength(4 + WIDTH);
    expect(first.slice(4, 7)).toEqual(['1e+21', '0', '0.3333333333333333']);
    for (let m = 3; m < WIDTH; m++) expect(Number(first[4 + m])).toBe(r.values[m]);
    expect(lines[2].split(',')[4 + WIDTH - 1]).toBe(String(0.1 + 2 + (WIDTH - 1) / 100));
  });

  test('a name holding a comma or a quote is quoted as CSV quotes it', () => {
    expect(replicateRows('a,"b"', 0, replicate('s', 1, 0)).startsWith('"a,""b""",0,s,0,')).toBe(true);
    expect(replicateRows('plain', 0, replicate('s', 1, 0)).startsWith('plain,0,s,0,')).toBe(true);
  });
});

describe('RunCollector', () => {
  const results: ScenarioResult[] = [
    { scenario: named('b'), replicates: [replicate('s0', 4, 0), replicate('s1', 4, 10, (x) => x)] },
    { scenario: named('a'), replicates: [replicate('s0', 4, 5), replicate('s1', 4, 7)] },
  ];

  test('hands the header first, then each replicate\'s rows as it arrives; the texts held in memory are the same bytes', () => {
    const chunks: string[] = [];
    const collector = new RunCollector((t) => chunks.push(t));
    expect(chunks).toEqual([timeseriesHeader()]);
    for (const { scenario, replicates } of results) replicates.forEach((r, i) => collector.add(scenario, i, r));
    expect(chunks.slice(1)).toEqual(results.flatMap(({ scenario, replicates }) => replicates.map((r, i) => replicateRows(scenario.name, i, r))));
    expect(chunks.join('')).toBe(timeseriesCsv(results));
    expect(collector.summaryJson()).toBe(summaryJson(results));
    expect(collector.distributionsJson()).toBe(distributionsJson(results));
  });

  test('summary.json: scenarios in the order they ran, each metric\'s final week and weekly mean over replicates', () => {
    const summary = JSON.parse(summaryJson(results)) as { scenarios: Record<string, Record<string, { final: { mean: number; n: number }; weeklyMean: { mean: number } }>> };
    expect(Object.keys(summary.scenarios)).toEqual(['b', 'a']);
    expect(Object.keys(summary.scenarios.a)).toEqual([...METRIC_NAMES]);
    const last = METRIC_NAMES[WIDTH - 1];
    // Scenario a: bases 5 and 7, four weeks; the last metric adds (WIDTH - 1) / 100.
    const offset = (WIDTH - 1) / 100;
    expect(summary.scenarios.a[last].final.n).toBe(2);
    expect(summary.scenarios.a[last].final.mean).toBeCloseTo(6 + 3 + offset, 12);
    expect(summary.scenarios.a[last].weeklyMean.mean).toBeCloseTo(6 + 1.5 + offset, 12);
  });

  test('distributions.json: the population shares, and per scenario the mean Lorenz curve over replicates', () => {
    const d = JSON.parse(distributionsJson(results)) as { populationShares: number[]; scenarios: Record<string, { tokenLorenz: number[] }> };
    expect(d.populationShares).toEqual([...LORENZ_GRID]);
    expect(Object.keys(d.scenarios)).toEqual(['b', 'a']);
    d.scenarios.b.tokenLorenz.forEach((y, k) => expect(y, `share ${LORENZ_GRID[k]}`).toBeCloseTo((LORENZ_GRID[k] ** 2 + LORENZ_GRID[k]) / 2, 12));
    d.scenarios.a.tokenLorenz.forEach((y, k) => expect(y).toBeCloseTo(LORENZ_GRID[k] ** 2, 12));
  });
});

describe('the manifest', () => {
  test('fileTable: every file, sorted, with the sha256 and size in bytes of its UTF-8 text or its bytes', () => {
    const table = fileTable({ 'z.json': 'é\n', 'a.csv': 'x', 'b.png': Uint8Array.from([0, 255]) });
    expect(Object.keys(table)).toEqual(['a.csv', 'b.png', 'z.json']);
    expect(table['z.json']).toEqual({ sha256: createHash('sha256').update('é\n', 'utf8').digest('hex'), bytes: 3 });
    expect(table['b.png']).toEqual({ sha256: createHash('sha256').update(Uint8Array.from([0, 255])).digest('hex'), bytes: 2 });
  });

  test('manifestJson: provenance, replicate seeds, resolved scenarios and files, keys sorted at every depth', () => {
    const scenario = preset('baseline', { population: { employees: 100 }, weeks: 3 });
    const files = fileTable({ 'summary.json': '{}\n' });
    const text = manifestJson([scenario], ['s0', 's1'], PROVENANCE, files);
    expect(text.endsWith('}\n')).toBe(true);
    const m = JSON.parse(text) as Record<string, unknown> & { scenarios: { name: string; sha256: string }[] };
    expect(Object.keys(m)).toEqual([...Object.keys(m)].sort());
    expect(m).toMatchObject({ tool: 'tokenmaxx', toolVersion: 'x', gitCommit: null, command: 'tokenmaxx run', seed: 'same', replicates: 2, replicateSeeds: ['s0', 's1'], files });
    expect(m.scenarios.map((s) => s.name)).toEqual(['baseline']);
    expect(m.scenarios[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('manifestWithFiles of a manifest gives the manifest written with the new table of files', () => {
    const scenario = preset('baseline', { population: { employees: 100 }, weeks: 3 });
    const before = manifestJson([scenario], ['s0'], PROVENANCE, fileTable({ 'a.csv': 'a' }));
    const files = fileTable({ 'a.csv': 'a', 'report.html': '<p>' });
    expect(manifestWithFiles(before, files)).toBe(manifestJson([scenario], ['s0'], PROVENANCE, files));
  });

  test('manifestWithFiles replaces the table of files, keeps only the fields tokenmaxx writes, sorts keys', () => {
    const text = JSON.stringify({ seed: 1, tool: 'tokenmaxx', injected: '<script>', files: { old: {} }, replicates: 2 });
    const files = { 'b.csv': { sha256: 'b'.repeat(64), bytes: 2 }, 'a.json': { sha256: 'a'.repeat(64), bytes: 1 } };
    const out = manifestWithFiles(text, files);
    expect(JSON.parse(out)).toEqual({ tool: 'tokenmaxx', seed: 1, replicates: 2, files });
    expect(out.indexOf('"replicates"')).toBeLessThan(out.indexOf('"seed"'));
    expect(out.endsWith('}\n')).toBe(true);
  });
});

describe('streamed and in-memory outputs', () => {
  test('timeseries.csv, summary.json and distributions.json written by the command line equal the library\'s texts, byte for byte', async () => {
    // Large enough that timeseries.csv is written in many chunks.
    const args = ['--employees', '100', '--weeks', '40', '--reps', '12', '--seed', 'same'];
    const cwd = tempDir();
    const res = await cli(cwd, ['run', 'baseline', 'amazon-2026', '--scenarios', PRESETS, ...args, '--quiet', '--out', 'out']);
    expect(res.status, res.stderr).toBe(0);
    const { problems, scenarios } = checkRequest({ scenariosFile: PRESETS, names: ['baseline', 'amazon-2026'], sets: ['population.employees=100', 'weeks=40'] });
    expect(problems).toEqual([]);
    const results = runExperiment({ scenarios, seed: 'same', replicates: 12 });
    const files: Record<string, string> = { 'timeseries.csv': timeseriesCsv(results), 'summary.json': summaryJson(results), 'distributions.json': distributionsJson(results) };
    expect(files['timeseries.csv'].length).toBeGreaterThan(1 << 17);
    for (const name of RUN_DATA_FILES) expect(readFileSync(join(cwd, 'out', name), 'utf8'), name).toBe(files[name]);
    const manifest = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(manifest.files).toEqual(fileTable(files));
  });
});
