/**
 * The model as the engine's simulator: summaries in target order, the same bytes whatever the
 * number of workers and whatever else is in the batch (seeds keyed by seed, generation, proposal and
 * replicate), and a point that makes a scenario invalid refused, located, before any run.
 */
import { describe, expect, it } from 'vitest';
import { calibrationSimulator, particleOverrides, proposalSeed, simulatePoints, summaryOf, type SimulationSetup } from '../../src/calibrate/simulator.js';
import { CALIBRATION_TARGETS, targetRuns } from '../../src/calibrate/targets.js';
import { InputError } from '../../src/scenarios/problems.js';
import { checkSetArguments, resolveScenario } from '../../src/scenarios/resolve.js';
import type { Prior } from '../../src/calibrate/prior.js';
import { metric, presets, run } from '../helpers.js';

const prior: Prior = [
  { path: 'traits.beliefPrior', lo: 0.025, hi: 0.25, scale: 'log' },
  { path: 'mandate.pressure', lo: 0.15, hi: 0.6, scale: 'linear' },
];
const base = checkSetArguments(['population.employees=40', 'weeks=8']).overrides;
const setup = (workers: number): SimulationSetup => ({ file: presets, base, prior, reps: 2, workers });
const points = [Float64Array.of(0.05, 0.3), Float64Array.of(0.2, 0.5), Float64Array.of(0.1, 0.2)];
const bytes = (xs: readonly Float64Array[]) => xs.map((x) => Array.from(x).join(',')).join('\n');

describe('the calibration simulator', () => {
  it('gives one finite summary per target, the same bytes with 1 and 2 workers', async () => {
    const one = await calibrationSimulator(setup(1), CALIBRATION_TARGETS, 's')(points, 1, [4, 5, 9]);
    const two = await calibrationSimulator(setup(2), CALIBRATION_TARGETS, 's')(points, 1, [4, 5, 9]);
    expect(one).toHaveLength(3);
    for (const s of one) {
      expect(s).toHaveLength(CALIBRATION_TARGETS.length);
      for (const v of s) expect(Number.isFinite(v)).toBe(true);
    }
    expect(bytes(two)).toBe(bytes(one));
  });

  it("keys a point's seeds by generation and proposal only: the batch around it changes nothing", async () => {
    const simulate = calibrationSimulator(setup(1), CALIBRATION_TARGETS, 's');
    const [, alone] = await simulate([points[0], points[1]], 2, [0, 7]);
    const [again] = await simulate([points[1]], 2, [7]);
    const [other] = await simulate([points[1]], 2, [8]);
    expect(bytes([again])).toBe(bytes([alone]));
    expect(bytes([other])).not.toBe(bytes([alone]));
    expect(proposalSeed('s', 2, 7, 1)).toBe(proposalSeed('s', 2, 7, 1));
    expect(new Set([proposalSeed('s', 2, 7, 0), proposalSeed('s', 2, 7, 1), proposalSeed('s', 3, 7, 0), proposalSeed('s', 2, 8, 0), proposalSeed('t', 2, 7, 0)]).size).toBe(5);
  });

  it('averages the replicates of each run and reads the targets off them', async () => {
    const seen: number[] = [];
    let summary: Float64Array | undefined;
    const runs = targetRuns(CALIBRATION_TARGETS);
    await simulatePoints(setup(1), [points[0]], runs, (_, r) => `rep-${r}`, () => 'p', (i, series) => {
      seen.push(i);
      expect(Object.keys(series)).toEqual(['amazon-2026', 'baseline']);
      expect(series['amazon-2026'].adoptionRate).toHaveLength(8);
      summary = summaryOf(CALIBRATION_TARGETS, series);
    });
    expect(seen).toEqual([0]);
    // By hand: amazon-2026 at the point, both replicates, adoption over weeks 12–26 cut to the run's last week.
    const amazon = resolveScenario(presets, 'amazon-2026', [...base, ...particleOverrides(prior, points[0], runs[0], 'p').overrides]);
    const adoption = run(amazon, ['rep-0', 'rep-1']).reduce((sum, r) => sum + metric(r, 'adoptionRate', 7), 0) / 2;
    expect(summary![0]).toBeCloseTo(adoption, 14);
    // The median tokens target is the log of the mean over weeks and replicates.
    expect(Number.isFinite(summary![1]) && summary![1] > 10).toBe(true);
  });

  it('refuses a point that makes a scenario invalid, naming it, before any run', async () => {
    const bad: Prior = [{ path: 'traits.beliefPrior', lo: 0.5, hi: 2, scale: 'linear' }];
    const simulate = calibrationSimulator({ ...setup(1), prior: bad }, CALIBRATION_TARGETS, 's');
    const refused = await simulate([Float64Array.of(0.6), Float64Array.of(1.5)], 3, [10, 11]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    const problems = (refused as InputError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.source).toBe('calibration point (generation 3, proposal 11)');
    expect(particleOverrides(bad, [0.6], targetRuns(CALIBRATION_TARGETS)[0], 'x').problems).toEqual([]);
  });
});
