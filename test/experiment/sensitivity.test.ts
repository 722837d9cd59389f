/**
 * Sensitivity analyses (src/experiment/sensitivity.ts) on the model: a parameter that cannot change
 * behaviour (the token price) has exactly zero effect on behaviour under common random numbers and
 * a positive one on spend; SALib's files describe the runs that were made; the command line's
 * default design is every plausible range.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseVaryArguments, type DesignSpec } from '../../src/experiment/design.js';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { sensitivityPipeline, SENSITIVITY_COLUMNS } from '../../src/experiment/sensitivity.js';
import { plausibleRanges } from '../../src/scenarios/schema.js';
import { cli, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-sensitivity-'));
dirs.push(dir);
const SCENARIOS = join(dir, 'scenarios.json');
writeFileSync(SCENARIOS, JSON.stringify({ scenarios: { s: { weeks: 8, population: { employees: 160 }, leaderboard: { visibility: 'org' } } } }));
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };

function design(method: 'morris' | 'sobol', sizes: Partial<DesignSpec>): DesignSpec {
  const { parameters, problems } = parseVaryArguments(['economics.pricePerMTokUSD=0.5:1.5', 'reviews.rewardValue=15:60']);
  expect(problems).toEqual([]);
  return { method, levels: 5, samples: 8, trajectories: 4, parameters, ...sizes };
}

async function analyse(method: 'morris' | 'sobol', sizes: Partial<DesignSpec> = {}) {
  const destination = new MemoryDestination();
  const result = await sensitivityPipeline(
    { scenariosFile: SCENARIOS, scenario: 's', design: design(method, sizes), metrics: ['gamingShare', 'spendPerEmployeeUSD'], statistic: 'weeklyMean', resamples: 200 },
    { seed: 'sens', replicates: 2, workers: 1, provenance: PROVENANCE },
    destination,
  );
  return { ...result, files: destination.files as Record<string, string> };
}

describe('Morris', async () => {
  const { sensitivity, files, design: points } = await analyse('morris');
  const of = (metric: string, path: string) => sensitivity.metrics.find((m) => m.metric === metric)!.morris!.find((x) => x.path === path)!;

  test('the price changes no one’s behaviour: μ* exactly 0 for the gaming share; it changes spend', () => {
    expect(of('gamingShare', 'economics.pricePerMTokUSD').muStar).toBe(0);
    expect(of('spendPerEmployeeUSD', 'economics.pricePerMTokUSD').muStar).toBeGreaterThan(0);
    expect(of('gamingShare', 'reviews.rewardValue').muStar).toBeGreaterThan(0);
    expect(points.values).toHaveLength(4 * 3);
  });

  test('sensitivity.csv lists every metric × parameter × index; SALib’s files describe the runs made', () => {
    const csv = files['sensitivity.csv'].trim().split('\n');
    expect(csv[0]).toBe(SENSITIVITY_COLUMNS.join(','));
    expect(csv).toHaveLength(1 + 2 * 2 * 3);
    expect(files['salib/problem.txt']).toBe('economics.pricePerMTokUSD 0.5 1.5\nreviews.rewardValue 15 60\n');
    const samples = files['salib/samples.txt'].trim().split('\n').map((l) => l.split(' ').map(Number));
    expect(samples).toEqual(points.values);
    expect(files['salib/outputs-gamingShare.txt'].trim().split('\n')).toHaveLength(points.values.length);
  });
});

describe("Sobol'", () => {
  test('a parameter without effect has S1 = ST = 0 exactly; the design has N(k + 2) points', async () => {
    const { sensitivity, design: points } = await analyse('sobol', { samples: 8 });
    const price = sensitivity.metrics.find((m) => m.metric === 'gamingShare')!.sobol!.find((x) => x.path === 'economics.pricePerMTokUSD')!;
    expect([price.s1, price.st]).toEqual([0, 0]);
    expect(points.values).toHaveLength(8 * (2 + 2));
  });
});

describe('tokenmaxx sensitivity', () => {
  test('by default, every plausible range; the table ranks them; lists of values are refused', async () => {
    const cwd = tempDir();
    const r = await cli(cwd, ['sensitivity', 's', '--scenarios', SCENARIOS, '--weeks', '3', '--employees', '40', '--reps', '1', '--trajectories', '2', '--resamples', '50', '--metrics', 'gamingShare', '--out', 'o']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/gamingShare \(weeklyMean\), Morris elementary effects, by μ\*/);
    const problem = readFileSync(join(cwd, 'o', 'salib', 'problem.txt'), 'utf8').trim().split('\n');
    expect(problem.map((l) => l.split(' ')[0])).toEqual(plausibleRanges().map((p) => p.path));
    const bad = await cli(cwd, ['sensitivity', 's', '--scenarios', SCENARIOS, '--vary', 'leaderboard.visibility=none,org', '--method', 'grid', '--metrics', 'nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/needs a numeric range|takes choices/);
    expect(bad.stderr).toMatch(/--method/);
    expect(bad.stderr).toMatch(/"nope" is not a metric/);
  }, 60_000);
});
