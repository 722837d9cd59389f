/**
 * The stylized facts of the model brief (§8), each as a test, on the shipped presets at a reduced
 * scale (5,000 employees, 52 weeks, 8 replicates) that keeps the suite to seconds.
 */
import { describe, expect, it } from 'vitest';
import type { ReplicateResult } from '../../src/model/simulate.js';
import { replicateSeeds } from '../../src/experiment/run.js';
import { extendPreset, meanMetric, meanOver, preset, run } from '../helpers.js';
import type { ResolvedScenario } from '../../src/scenarios/resolve.js';

const SCALE = { population: { employees: 5000 } };
const SEEDS = replicateSeeds('stylized', 8);
const cache = new Map<string, ReplicateResult[]>();

function results(name: string, make: () => ResolvedScenario = () => preset(name, SCALE)): ReplicateResult[] {
  if (!cache.has(name)) cache.set(name, run(make(), SEEDS));
  return cache.get(name)!;
}
const gaming = (rs: ReplicateResult[], w: number) => meanMetric(rs, 'sharePadding', w) + meanMetric(rs, 'shareMaxxing', w);
const weeks = [...Array(52).keys()];

describe('stylized facts (MODEL-BRIEF §8)', () => {
  it('1. target met, modest gains: adoption passes 0.80 within 12 weeks; gain per adopter stays in 0.1–0.35', () => {
    const rs = results('amazon-2026');
    expect(weeks.slice(0, 12).some((w) => meanMetric(rs, 'adoptionRate', w) >= 0.8)).toBe(true);
    for (const w of weeks.slice(11)) {
      const perAdopter = meanMetric(rs, 'outputGain', w) / meanMetric(rs, 'adoptionRate', w);
      expect(perAdopter).toBeGreaterThanOrEqual(0.1);
      expect(perAdopter).toBeLessThanOrEqual(0.35);
    }
  });

  it('2. gaming needs perceived stakes: under 5% without them, 10–35% under amazon-2026, spreading in an S-shape', () => {
    for (const name of ['baseline', 'mandate-only', 'private-dashboard']) {
      const rs = results(name);
      for (const w of weeks) expect(gaming(rs, w)).toBeLessThan(0.05);
    }
    const rs = results('amazon-2026');
    const final = gaming(rs, 51);
    expect(final).toBeGreaterThanOrEqual(0.1);
    expect(final).toBeLessThanOrEqual(0.35);
    // S-shape: starts near zero and spreads (does not jump), grows fastest in the middle of the year
    // (not at the start), and levels off at the end.
    expect(gaming(rs, 0)).toBeLessThan(0.02);
    const rise8 = (w: number) => gaming(rs, w + 8) - gaming(rs, w);
    const steepest = weeks.slice(0, 44).reduce((best, w) => (rise8(w) > rise8(best) ? w : best), 0);
    expect(steepest).toBeGreaterThanOrEqual(4);
    expect(steepest).toBeLessThanOrEqual(36);
    // Early convexity: the first eight weeks rise clearly less than the steepest eight.
    expect(rise8(0)).toBeLessThan(0.85 * rise8(steepest));
    expect(rise8(43)).toBeLessThan(rise8(steepest) / 2);
  });

  it('3. tokens outrun output: the top token decile uses ≥ 7× the median tokens for ≤ 2.5× the output; gamers crowd the top', () => {
    const rs = results('amazon-2026');
    expect(meanMetric(rs, 'topDecileGamingShare', 51)).toBeGreaterThan(1.2 * gaming(rs, 51));
    expect(meanOver(rs, 'topDecileTokenRatio', 0, 52)).toBeGreaterThanOrEqual(7);
    expect(meanOver(rs, 'topDecileOutputRatio', 0, 52)).toBeLessThanOrEqual(2.5);
  });

  it('4. spend up, efficiency down: amazon-2026 buys more compute than mandate-only, with lower output per Mtok and no more output', () => {
    const amazon = results('amazon-2026');
    const mandate = results('mandate-only');
    expect(meanOver(amazon, 'computeSpendUSD', 0, 52)).toBeGreaterThan(1.05 * meanOver(mandate, 'computeSpendUSD', 0, 52));
    expect(meanOver(amazon, 'outputPerMTok', 0, 52)).toBeLessThan(meanOver(mandate, 'outputPerMTok', 0, 52));
    expect(meanOver(amazon, 'output', 0, 52)).toBeLessThanOrEqual(meanOver(mandate, 'output', 0, 52));
  });

  it('5. the leak matters at review time: without it beliefs drop at the reviews, all through the year; with it they do not, and gaming persists', () => {
    const noLeak = results('amazon-no-leak', () => extendPreset('amazon-2026', { ...SCALE, reviews: { managerLeak: 0 } }));
    const leak = results('amazon-2026');
    // Teams are reviewed on staggered dates, so some team is reviewed nearly every week: the mean
    // change in belief at a review, over each quarter after the first, is the fact at every review.
    for (const from of [13, 26, 39]) {
      expect(meanOver(noLeak, 'beliefShiftAtReview', from, from + 13)).toBeLessThan(-0.01);
      expect(meanOver(leak, 'beliefShiftAtReview', from, from + 13)).toBeGreaterThanOrEqual(0);
    }
    expect(gaming(leak, 51)).toBeGreaterThan(1.3 * gaming(noLeak, 51));
    expect(gaming(leak, 51)).toBeGreaterThanOrEqual(gaming(leak, 25));
  });

  it('5b. with one org-wide review week the fact holds at each review, and no fact needs it: the default calendar has no step', () => {
    const orgWide = (leak: number) => extendPreset('amazon-2026', { ...SCALE, reviews: { calendar: 'org-wide', managerLeak: leak } });
    const noLeak = results('org-wide-no-leak', () => orgWide(0));
    const leak = results('org-wide-leak', () => orgWide(0.4));
    for (const review of [25, 51]) {
      expect(meanMetric(noLeak, 'meanBelief', review)).toBeLessThan(meanMetric(noLeak, 'meanBelief', review - 1) - 0.01);
      expect(meanMetric(leak, 'meanBelief', review)).toBeGreaterThanOrEqual(meanMetric(leak, 'meanBelief', review - 1));
    }
    // Staggered (the default): no week moves beliefs or gaming by more than a few times a typical week.
    const rs = results('amazon-2026');
    for (const name of ['meanBelief', 'gamingShare'] as const) {
      const steps = weeks.slice(1).map((w) => Math.abs(meanMetric(rs, name, w) - meanMetric(rs, name, w - 1)));
      const typical = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)];
      expect(Math.max(...steps.slice(4))).toBeLessThan(5 * typical + 0.005);
    }
  });

  it('6. incidents follow actions: more incidents per unit of output under gaming presets; lower autonomy cuts them', () => {
    const perOutput = (rs: ReplicateResult[]) => meanOver(rs, 'incidents', 0, 52) / meanOver(rs, 'output', 0, 52);
    expect(perOutput(results('amazon-2026'))).toBeGreaterThan(1.1 * perOutput(results('mandate-only')));
    expect(perOutput(results('tokens-in-reviews'))).toBeGreaterThan(perOutput(results('amazon-2026')));
    expect(perOutput(results('guardrails'))).toBeLessThan(0.8 * perOutput(results('amazon-2026')));
  });

  it('7. changing the metric reverses the drift: removing the board, or switching it to output, at week 26 halves wasted tokens within 12 weeks', () => {
    const removed = results('leaderboard-deprecated');
    expect(meanMetric(removed, 'wastedTokens', 37)).toBeLessThanOrEqual(0.5 * meanMetric(removed, 'wastedTokens', 25));
    const switched = results('switched', () => extendPreset('amazon-2026', { ...SCALE, schedule: [{ week: 26, leaderboard: { metric: 'output' } }] }));
    expect(meanMetric(switched, 'wastedTokens', 37)).toBeLessThanOrEqual(0.5 * meanMetric(switched, 'wastedTokens', 25));
  });

  it('8. audits bite: gaming close to zero, at a cost small against the compute it saves', () => {
    const audited = results('audited');
    const amazon = results('amazon-2026');
    for (const w of weeks) expect(gaming(audited, w)).toBeLessThan(0.02);
    const auditCost = 0.05 * 150 * 5000; // rate × cost per audit × employees, per week
    const spendSaved = meanOver(amazon, 'computeSpendUSD', 0, 52) - meanOver(audited, 'computeSpendUSD', 0, 52);
    expect(auditCost).toBeLessThan(spendSaved);
    expect(meanOver(audited, 'netValueUSD', 0, 52)).toBeGreaterThan(meanOver(amazon, 'netValueUSD', 0, 52));
  });
});
