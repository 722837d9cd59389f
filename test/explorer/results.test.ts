/**
 * What the explorer makes of its replicates, simulated here as its worker simulates them: summary.json
 * byte for byte as the run pipeline writes it, paired figures as the paired comparison gives them,
 * and the charts' week-by-week series taken from the right metric columns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_FIGURES, SERIES_METRICS } from '../../src/explorer/controls.js';
import { figureRows, replicateSeries, seriesPoints, summaryText, type ReplicateOutcome } from '../../src/explorer/results.js';
import { exploredWeeks, packWeeks, type Exploration } from '../../src/explorer/weekly.js';
import { MemoryDestination } from '../../src/experiment/destination.js';
import { runPipeline, type RunRequest } from '../../src/experiment/pipeline.js';
import { estimate, replicateScalars } from '../../src/experiment/summarize.js';
import { replicateSeed } from '../../src/model/rng.js';
import { simulateReplicate, type ReplicateResult } from '../../src/model/simulate.js';
import { resolveScenario } from '../../src/scenarios/resolve.js';
import { pairedComparison } from '../../src/stats/paired.js';
import { meanOver, metric, presets } from '../helpers.js';

const PRESETS = new URL('../../scenarios.json', import.meta.url).pathname;
const SEED = 'explorer results';
const REPLICATES = 3;
const BASE: Exploration = { weeks: 20, employees: 300, fromWeek: 0, set: [] };
const EXPLORED: Exploration = { ...BASE, fromWeek: 6, set: [['reviews.managerLeak', 0], ['leaderboard.visibility', 'team']] };

/** Replicate r of a scenario's exploration, as the explorer's worker simulates it. */
function simulated(e: Exploration): ReplicateResult[] {
  const packed = packWeeks(resolveScenario(presets, 'amazon-2026').weekly);
  return Array.from({ length: REPLICATES }, (_, r) => simulateReplicate(exploredWeeks(packed, e), replicateSeed(SEED, r)));
}

/** What the worker sends back for a replicate. */
const outcome = (r: ReplicateResult): ReplicateOutcome => ({ scalars: replicateScalars(r), series: replicateSeries(r.values, r.weeks) });

/** summary.json of `tokenmaxx run` for a request, made in memory. */
async function pipelineSummary(request: RunRequest): Promise<string> {
  const memory = new MemoryDestination();
  await runPipeline(request, { seed: SEED, replicates: REPLICATES, workers: 1, provenance: { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' } }, memory);
  return String(memory.files['summary.json']);
}

describe('explorer results', () => {
  let base: ReplicateResult[];
  let explored: ReplicateResult[];
  let dir: string;
  beforeAll(() => {
    base = simulated(BASE);
    explored = simulated(EXPLORED);
    dir = mkdtempSync(join(tmpdir(), 'explorer-results-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summaryText of the base equals byte for byte the summary.json of tokenmaxx run amazon-2026 --employees 300 --weeks 20 --reps 3', async () => {
    const expected = await pipelineSummary({ scenariosFile: PRESETS, names: ['amazon-2026'], sets: ['population.employees=300', 'weeks=20'] });
    expect(summaryText('amazon-2026', base.map(outcome))).toBe(expected);
  });

  it('summaryText of the explored policy equals the summary.json of a run with the change written as a schedule entry at its week', async () => {
    const file = join(dir, 'changed.json');
    const change = { week: EXPLORED.fromWeek, reviews: { managerLeak: 0 }, leaderboard: { visibility: 'team' } };
    writeFileSync(file, JSON.stringify({ scenarios: { 'amazon-2026': { ...presets.scenarios['amazon-2026'], schedule: [change] }, 'mandate-only': presets.scenarios['mandate-only'] } }));
    const expected = await pipelineSummary({ scenariosFile: file, names: ['amazon-2026'], sets: ['population.employees=300', 'weeks=20'] });
    const text = summaryText('amazon-2026', explored.map(outcome));
    expect(text).toBe(expected);
    expect(text).not.toBe(summaryText('amazon-2026', base.map(outcome)));
  });

  it('figureRows pair replicate r with replicate r: each difference is pairedComparison of the replicates\' weekly means', () => {
    const rows = figureRows(base.map(outcome), explored.map(outcome));
    expect(rows.map((r) => r.figure)).toEqual([...EXPLORER_FIGURES]);
    for (const row of rows) {
      const a = base.map((r) => meanOver([r], row.figure.metric, 0, r.weeks));
      const b = explored.map((r) => meanOver([r], row.figure.metric, 0, r.weeks));
      expect(row.base.mean, row.figure.metric).toBeCloseTo(estimate(a).mean, 12);
      expect(row.explored.mean, row.figure.metric).toBeCloseTo(estimate(b).mean, 12);
      const paired = pairedComparison(a, b).difference;
      expect(row.difference.mean, row.figure.metric).toBeCloseTo(paired.mean, 12);
      expect(row.difference.ci95[0], row.figure.metric).toBeCloseTo(paired.ci95[0], 12);
      expect(row.difference.ci95[1], row.figure.metric).toBeCloseTo(paired.ci95[1], 12);
      expect(row.difference.n).toBe(REPLICATES);
    }
  });

  it('figureRows\' base figures are summary.json\'s weekly means', () => {
    const summary = JSON.parse(summaryText('amazon-2026', base.map(outcome))) as { scenarios: Record<string, Record<string, { weeklyMean: unknown }>> };
    for (const row of figureRows(base.map(outcome), explored.map(outcome))) expect(row.base).toEqual(summary.scenarios['amazon-2026'][row.figure.metric].weeklyMean);
  });

  it('the change shows in the figures: a base paired with itself differs by exactly 0, the explored policy does not', () => {
    const same = figureRows(base.map(outcome), base.map(outcome));
    for (const row of same) expect([row.difference.mean, row.difference.sd]).toEqual([0, 0]);
    const rows = figureRows(base.map(outcome), explored.map(outcome));
    expect(rows.find((r) => r.figure.metric === 'gamingShare')!.difference.mean).toBeLessThan(0);
  });

  it('replicateSeries takes, week by week, each series metric from its own column', () => {
    for (const r of base) {
      const series = replicateSeries(r.values, r.weeks);
      expect(series).toHaveLength(r.weeks * SERIES_METRICS.length);
      for (let w = 0; w < r.weeks; w++) SERIES_METRICS.forEach((m, j) => expect(series[w * SERIES_METRICS.length + j], `${m} week ${w}`).toBe(metric(r, m, w)));
    }
  });

  it('seriesPoints give every week and series metric, labelled with its arm, with the mean and 95% interval over replicates', () => {
    const points = seriesPoints('explored', explored.map(outcome), BASE.weeks);
    expect(points).toHaveLength(BASE.weeks * SERIES_METRICS.length);
    for (const p of points) {
      const e = estimate(explored.map((r) => metric(r, p.metric, p.week)));
      expect(p).toEqual({ arm: 'explored', week: p.week, metric: p.metric, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1] });
    }
    expect(new Set(points.map((p) => `${p.week}/${p.metric}`)).size).toBe(points.length);
  });

  it('one replicate gives a point interval and no NaN', () => {
    const [p] = seriesPoints('base', [outcome(base[0])], 1);
    expect([p.lo, p.hi]).toEqual([p.mean, p.mean]);
    expect(Number.isNaN(p.mean)).toBe(false);
  });
});
