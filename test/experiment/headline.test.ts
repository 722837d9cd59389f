/**
 * The headline figures as intervals (src/experiment/headline.ts): the windows, what one replicate
 * keeps, and pairing — a scenario against itself, or against a copy of itself run on the same seeds
 * and draws, differs by exactly 0 and spends exactly 1× as much.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { HEADLINE_FIGURES, headlineScalars, headlineWindows, referenceOf, runHeadline, type RunHeadline } from '../../src/experiment/headline.js';
import { runPipeline } from '../../src/experiment/pipeline.js';
import { METRIC_INDEX, METRICS } from '../../src/model/metrics.js';
import type { ReplicateResult } from '../../src/model/simulate.js';

const FIXTURE = new URL('../fixtures/posterior-small.json', import.meta.url).pathname;
const PROVENANCE = { toolVersion: 'test', nodeVersion: 'test', gitCommit: null, command: 'test' };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scenarioFile(scenarios: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenmaxx-headline-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'scenarios.json'), JSON.stringify({ scenarios }));
  return join(dir, 'scenarios.json');
}

/** A replicate whose every metric in week w is w (and spend per employee w + 1, so that ratios are defined). */
function ramp(weeks: number): ReplicateResult {
  const width = METRICS.length;
  const values = new Float64Array(weeks * width);
  for (let w = 0; w < weeks; w++) {
    values.fill(w, w * width, (w + 1) * width);
    values[w * width + METRIC_INDEX.spendPerEmployeeUSD] = w + 1;
  }
  return { seed: 'ramp', weeks, values, finalLorenz: [], finalStrategies: new Uint8Array(0) };
}

describe('windows', () => {
  test('year 1 is weeks 0–51, or all of a shorter run', () => {
    expect(headlineWindows(8).yearOne).toEqual({ firstWeek: 0, lastWeek: 7 });
    expect(headlineWindows(156).yearOne).toEqual({ firstWeek: 0, lastWeek: 51 });
  });

  test('steady state is the last 26 weeks of a run of 104 weeks or more, and none below', () => {
    expect(headlineWindows(103).steadyState).toBeNull();
    expect(headlineWindows(104).steadyState).toEqual({ firstWeek: 78, lastWeek: 103 });
    expect(headlineWindows(156).steadyState).toEqual({ firstWeek: 130, lastWeek: 155 });
  });

  test('a replicate keeps the weekly mean of each metric over each window (NaN for a window it lacks)', () => {
    // wasteShare, spendPerEmployeeUSD, outputGain, netValuePerEmployeeUSD; year 1 then steady state.
    expect([...headlineScalars(ramp(104), 104)]).toEqual([25.5, 26.5, 25.5, 25.5, 90.5, 91.5, 90.5, 90.5]);
    expect([...headlineScalars(ramp(8), 8)]).toEqual([3.5, 4.5, 3.5, 3.5, NaN, NaN, NaN, NaN]);
  });
});

describe('reference', () => {
  test('mandate-only, else baseline, else the first scenario named', () => {
    expect(referenceOf(['amazon-2026', 'baseline', 'mandate-only'])).toBe('mandate-only');
    expect(referenceOf(['amazon-2026', 'baseline'])).toBe('baseline');
    expect(referenceOf(['b', 'a'])).toBe('b');
  });
});

describe('pairing', () => {
  test('a scenario against itself: ratio exactly 1, differences exactly 0, intervals of no width', () => {
    const scalars = [1, 2, 3, 4, 5, 6].map((k) => headlineScalars({ ...ramp(110), values: ramp(110).values.map((v) => v * k) }, 110));
    const h = runHeadline({ reference: 'a', draws: 3, replicatesPerDraw: 2, weeks: 110 }, ['a', 'b'], () => scalars);
    for (const name of ['a', 'b']) {
      for (const window of ['yearOne', 'steadyState'] as const) {
        expect(h.scenarios[name].spendRatio[window]).toEqual({ mean: 1, replicateCI: [1, 1], posteriorInterval: [1, 1], dominant: null, withinDrawSd: 0, betweenDrawSd: 0 });
        for (const f of ['outputDifference', 'netValueGap'] as const) {
          expect(h.scenarios[name][f][window]).toEqual({ mean: 0, replicateCI: [0, 0], posteriorInterval: [0, 0], dominant: null, withinDrawSd: 0, betweenDrawSd: 0 });
        }
      }
    }
  });

  test('a ratio to a reference that spent nothing is missing, and says why', () => {
    const zero = headlineScalars({ ...ramp(8), values: new Float64Array(8 * METRICS.length) }, 8);
    const h = runHeadline({ reference: 'none', draws: null, replicatesPerDraw: 2, weeks: 8 }, ['none', 'some'], (name) => (name === 'none' ? [zero, zero] : [headlineScalars(ramp(8), 8), headlineScalars(ramp(8), 8)]));
    expect(h.scenarios.some.spendRatio.yearOne).toBeNull();
    expect(h.scenarios.some.outputDifference.yearOne?.mean).toBe(3.5);
    expect(h.notes).toContain('spendRatio of some is missing: none spent nothing in some replicate, so the ratio is undefined');
  });

  test('without a posterior: plain t-intervals over replicates, no posterior interval, nothing dominates', () => {
    const h = runHeadline({ reference: 'a', draws: null, replicatesPerDraw: 3, weeks: 8 }, ['a'], () => [1, 2, 4].map((k) => headlineScalars({ ...ramp(8), values: ramp(8).values.map((v) => v * k) }, 8)));
    const waste = h.scenarios.a.wasteShare.yearOne!;
    expect(waste.mean).toBeCloseTo((3.5 * 7) / 3, 12);
    expect(waste.replicateCI).not.toBeNull();
    expect(waste.posteriorInterval).toBeNull();
    expect(waste.betweenDrawSd).toBeNull();
    expect(waste.dominant).toBeNull();
  });

  test('a copy of a scenario, run on the same seeds and draws, differs from it by exactly 0', async () => {
    const file = scenarioFile({ base: { population: { employees: 30 }, leaderboard: { visibility: 'org' } }, twin: { extends: 'base' } });
    const { summarised } = await runPipeline(
      { scenariosFile: file, names: ['base', 'twin'], sets: ['weeks=6'], posterior: { file: FIXTURE, draws: 3 } },
      { seed: 'pairs', replicates: 2, provenance: PROVENANCE },
    );
    const h = summarised.headline!;
    expect(h.reference).toBe('base');
    expect(h.scenarios.twin.outputDifference.yearOne).toMatchObject({ mean: 0, replicateCI: [0, 0], posteriorInterval: [0, 0] });
    expect(h.scenarios.twin.netValueGap.yearOne).toMatchObject({ mean: 0, replicateCI: [0, 0], posteriorInterval: [0, 0] });
    expect(h.scenarios.twin.spendRatio.yearOne).toMatchObject({ mean: 1, replicateCI: [1, 1], posteriorInterval: [1, 1] });
    expect(h.scenarios.twin.wasteShare).toEqual(h.scenarios.base.wasteShare);
  });
});

describe('steady state through a run', () => {
  const headlineAt = async (weeks: number): Promise<RunHeadline> => {
    const file = scenarioFile({ a: { population: { employees: 12 } }, b: { population: { employees: 12 }, leaderboard: { visibility: 'org' } } });
    const { summarised } = await runPipeline({ scenariosFile: file, sets: [`weeks=${weeks}`], posterior: { file: FIXTURE, draws: 2 } }, { seed: 'steady', replicates: 2, provenance: PROVENANCE });
    return summarised.headline!;
  };

  test('null below 104 weeks, with the reason', async () => {
    const h = await headlineAt(103);
    expect(h.windows.steadyState).toBeNull();
    for (const f of HEADLINE_FIGURES) expect(h.scenarios.b[f].steadyState).toBeNull();
    expect(h.notes).toEqual(['no steady state: it is the mean over the last 26 weeks of a run of at least 104 weeks, and this run has 103 (run with --weeks 156)']);
  });

  test('present at 104 weeks: the last 26', async () => {
    const h = await headlineAt(104);
    expect(h.windows).toEqual({ yearOne: { firstWeek: 0, lastWeek: 51 }, steadyState: { firstWeek: 78, lastWeek: 103 } });
    for (const f of HEADLINE_FIGURES) expect(h.scenarios.b[f].steadyState).not.toBeNull();
    expect(h.notes).toEqual([]);
  });
});
