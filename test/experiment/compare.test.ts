/**
 * Paired comparisons (src/experiment/compare.ts): the statistics against their definitions, the
 * flows against the run's own shares, what common random numbers buy, and the refusals; then the
 * files of `tokenmaxx compare` read back for its report.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COMPARISON_COLUMNS, comparePipeline, FlowTally, type ComparisonRow } from '../../src/experiment/compare.js';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { METRIC_NAMES } from '../../src/model/metrics.js';
import { STRATEGY_NAMES } from '../../src/model/strategies.js';
import { readRunTexts } from '../../src/report/readRun.js';
import { InputError } from '../../src/scenarios/problems.js';
import { cli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scenarioFile(scenarios: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-compare-'));
  dirs.push(dir);
  const path = join(dir, 'scenarios.json');
  writeFileSync(path, JSON.stringify({ scenarios }));
  return path;
}

const FILE = scenarioFile({
  base: { weeks: 12, population: { employees: 400 } },
  board: { extends: 'base', leaderboard: { visibility: 'org' }, mandate: { type: 'weekly-use', targetShare: 0.8, pressure: 0.5 } },
  same: { extends: 'base', description: 'base under another name' },
  bigger: { extends: 'base', population: { employees: 800 } },
});
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
const REPLICATES = 6;

async function compare(a: string, b: string, replicates = REPLICATES) {
  const destination = new MemoryDestination();
  const result = await comparePipeline({ scenariosFile: FILE, a, b }, { seed: 'compare', replicates, provenance: PROVENANCE }, destination);
  return { ...result, files: destination.files };
}

const row = (rows: readonly ComparisonRow[], metric: string, statistic = 'weeklyMean') => rows.find((r) => r.metric === metric && r.statistic === statistic)!;

/** Mean, and the sample sd with n − 1, written out. */
function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) };
}

describe('compare A B', async () => {
  const { comparison, summarised, files } = await compare('base', 'board');

  test('every metric at both statistics, A and B as in summary.json', () => {
    expect(comparison.rows).toHaveLength(2 * METRIC_NAMES.length);
    for (const r of comparison.rows) {
      expect(r.n).toBe(REPLICATES);
      expect(r.meanA).toBeCloseTo(summarised.summaries.base[r.metric as (typeof METRIC_NAMES)[number]][r.statistic].mean, 12);
      expect(r.meanB).toBeCloseTo(summarised.summaries.board[r.metric as (typeof METRIC_NAMES)[number]][r.statistic].mean, 12);
    }
  });

  test('the paired interval is d̄ ± t(0.975, n − 1)·s/√n of the per-replicate differences', () => {
    // Per-replicate weekly means of spend per employee, from timeseries.csv.
    const lines = String(files['timeseries.csv']).trim().split('\n');
    const header = lines[0].split(',');
    const col = header.indexOf('spendPerEmployeeUSD');
    const perReplicate = (scenario: string) =>
      Array.from({ length: REPLICATES }, (_, r) => {
        const rows = lines.slice(1).filter((l) => l.startsWith(`${scenario},${r},`));
        return rows.reduce((s, l) => s + Number(l.split(',')[col]), 0) / rows.length;
      });
    const a = perReplicate('base');
    const b = perReplicate('board');
    const { mean, sd } = meanSd(b.map((x, i) => x - a[i]));
    const t = 2.570581835636314; // t(0.975, 5), from tables
    const r = row(comparison.rows, 'spendPerEmployeeUSD');
    expect(r.difference).toBeCloseTo(mean, 9);
    expect(r.ciLow).toBeCloseTo(mean - (t * sd) / Math.sqrt(REPLICATES), 9);
    expect(r.ciHigh).toBeCloseTo(mean + (t * sd) / Math.sqrt(REPLICATES), 9);
  });

  test('common random numbers give a narrower interval than independent seeds, measured', () => {
    for (const metric of ['spendPerEmployeeUSD', 'outputGain', 'netValuePerEmployeeUSD']) {
      const r = row(comparison.rows, metric);
      expect(r.ciWidthRatio, metric).toBeGreaterThan(1.5);
      // Both intervals estimate the same difference.
      expect(Math.max(r.ciLow, r.independentCiLow)).toBeLessThan(Math.min(r.ciHigh, r.independentCiHigh));
    }
  });

  test('flows: 16 cells whose margins are the final-week strategy shares of A and of B', () => {
    expect(comparison.flows.map((f) => `${f.from}>${f.to}`)).toEqual(STRATEGY_NAMES.flatMap((x) => STRATEGY_NAMES.map((y) => `${x}>${y}`)));
    expect(comparison.flows.reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 12);
    const shareKey = (s: string) => `share${s[0].toUpperCase()}${s.slice(1)}` as (typeof METRIC_NAMES)[number];
    for (const s of STRATEGY_NAMES) {
      const fromA = comparison.flows.filter((f) => f.from === s).reduce((sum, f) => sum + f.share, 0);
      const toB = comparison.flows.filter((f) => f.to === s).reduce((sum, f) => sum + f.share, 0);
      expect(fromA, s).toBeCloseTo(row(comparison.rows, shareKey(s), 'final').meanA, 12);
      expect(toB, s).toBeCloseTo(row(comparison.rows, shareKey(s), 'final').meanB, 12);
    }
  });

  test('comparison.csv and flows.csv read back as written, and the report reads them', () => {
    const csv = String(files['comparison.csv']).trim().split('\n');
    expect(csv[0]).toBe(COMPARISON_COLUMNS.join(','));
    expect(csv).toHaveLength(1 + 2 * METRIC_NAMES.length);
    const texts = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, String(v)]));
    const run = readRunTexts(texts);
    expect(run.comparison).toEqual({ a: 'base', b: 'board', rows: comparison.rows, flows: comparison.flows });
  });
});

describe('what pairing means', () => {
  test('B with the same policies as A: every difference is exactly 0 and everyone keeps their strategy', async () => {
    const { comparison } = await compare('base', 'same', 3);
    for (const r of comparison.rows) {
      expect([r.difference, r.ciLow, r.ciHigh], r.metric).toEqual([0, 0, 0]);
      expect(r.ciWidthRatio).toBeNull();
    }
    expect(comparison.flows.filter((f) => f.from === f.to).reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 12);
  });

  test('flows count pairs employee by employee', () => {
    const t = new FlowTally();
    t.add(Uint8Array.of(0, 1, 1, 3), Uint8Array.of(1, 1, 2, 3));
    t.add(Uint8Array.of(0, 0, 0, 0), Uint8Array.of(0, 0, 0, 1));
    const cell = (from: string, to: string) => t.rows().find((r) => r.from === from && r.to === to)!;
    expect(cell('abstain', 'genuine')).toEqual({ from: 'abstain', to: 'genuine', employees: 1, share: 2 / 8, shareOfFrom: 2 / 5 });
    expect(cell('abstain', 'abstain').employees).toBe(1.5);
    expect(cell('genuine', 'padding').shareOfFrom).toBe(0.5);
    expect(cell('maxxing', 'maxxing').share).toBe(1 / 8);
    expect(() => t.add(Uint8Array.of(0), Uint8Array.of(0, 1))).toThrow(/same employees/);
  });
});

describe('refusals', () => {
  test('a scenario compared with itself, and A and B of different sizes, are refused before anything runs', async () => {
    const same = await compare('base', 'base').catch((e: unknown) => e);
    expect(same).toBeInstanceOf(InputError);
    expect((same as InputError).problems.map((p) => p.message).join('\n')).toMatch(/compares "base" with itself/);
    const sizes = await compare('base', 'bigger').catch((e: unknown) => e);
    expect(sizes).toBeInstanceOf(InputError);
    expect((sizes as InputError).problems.map((p) => p.message).join('\n')).toMatch(/400 employees for 12 weeks and "bigger" 800 for 12/);
  });

  test('through the CLI: exit 2, one line per problem, with the unknown name and the bad flag together', async () => {
    const dir = tempDir();
    const r = await cli(dir, ['compare', 'base', 'nope', '--scenarios', FILE, '--reps', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--reps/);
    expect(r.stderr).toMatch(/nope/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a tampered comparison.csv is refused by the report, located', async () => {
    const { files } = await compare('base', 'board', 2);
    const texts = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, String(v)]));
    const lines = texts['comparison.csv'].split('\n');
    lines[3] = lines[3].replace(/,share,final,/, ',share,finale,');
    texts['comparison.csv'] = lines.join('\n');
    texts['flows.csv'] = texts['flows.csv'].replace('abstain,genuine,', 'abstain,genuine,NaN,');
    const e = (() => {
      try {
        readRunTexts(texts);
      } catch (err) {
        return err;
      }
    })() as InputError;
    expect(e).toBeInstanceOf(InputError);
    const where = e.problems.map((p) => `${p.source}:${p.line}`);
    expect(where).toContain('comparison.csv:4');
    expect(where).toContain('flows.csv:3');
  });
});

describe('tokenmaxx compare', () => {
  test('prints the table and the flows, and writes the comparison beside the run', async () => {
    const dir = tempDir();
    const r = await cli(dir, ['compare', 'base', 'board', '--scenarios', FILE, '--reps', '3', '--out', 'cmp', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const loud = await cli(dir, ['compare', 'base', 'board', '--scenarios', FILE, '--reps', '3', '--out', 'cmp2']);
    expect(loud.stdout).toMatch(/B = board against A = base, 3 paired replicates/);
    expect(loud.stdout).toMatch(/Final-week flows, A → B/);
    expect(readFileSync(join(dir, 'cmp', 'comparison.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cmp2', 'comparison.csv'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(dir, 'cmp', 'manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['comparison.csv', 'flows.csv', 'timeseries.csv']));
  });
});
