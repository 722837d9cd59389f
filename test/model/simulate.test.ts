import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { METRICS, METRIC_INDEX } from '../../src/model/metrics.js';
import { keyFromSeed } from '../../src/model/rng.js';
import { simulateReplicate } from '../../src/model/simulate.js';
import { initialState } from '../../src/model/state.js';
import { POLICY_SECTIONS, parametersSchema, type ScenarioInput } from '../../src/scenarios/schema.js';
import { extendPreset, metric, preset, scenario } from '../helpers.js';

/** A random valid scenario: every policy parameter drawn within its bounds (or from its choices). */
function randomScenario(seed: number): ScenarioInput {
  const rng = seedrandom(`random-scenario-${seed}`);
  const out: Record<string, Record<string, unknown>> = {};
  for (const section of POLICY_SECTIONS) {
    const shape = (parametersSchema.shape[section].unwrap() as z.ZodObject).shape as Record<string, z.ZodDefault>;
    out[section] = {};
    for (const [key, leaf] of Object.entries(shape)) {
      if (rng() < 0.5) continue;
      const inner = leaf.unwrap() as z.ZodType;
      if (inner instanceof z.ZodEnum) {
        const options = inner.options as string[];
        out[section][key] = options[Math.floor(rng() * options.length)];
        continue;
      }
      const n = (inner instanceof z.ZodUnion ? inner.options.find((o) => o instanceof z.ZodNumber) : inner) as z.ZodNumber;
      const min = n.minValue ?? 0;
      const max = Math.min(n.maxValue ?? 1, Math.max(min + 1, 2 * Math.abs(Number(leaf.def.defaultValue)) + 1));
      // Incidents are drawn one by one: probabilities above the plausible 1e-3 would make millions a run.
      const v = key === 'incidentProbPerAction' ? 1e-3 * rng() : min + rng() * (max - min);
      out[section][key] = n.isInt ? Math.max(min, Math.round(v)) : v;
    }
  }
  return { ...out, weeks: 12 + Math.floor(rng() * 20), population: { employees: 100 + Math.floor(rng() * 300), teamSize: 2 + Math.floor(rng() * 12) } } as ScenarioInput;
}

describe('simulation', () => {
  it('golden: a seeded amazon-2026 trajectory is pinned exactly', () => {
    const r = simulateReplicate(preset('amazon-2026', { population: { employees: 400 }, weeks: 30 }).weekly, '2026');
    const pick = (name: keyof typeof METRIC_INDEX) => [0, 9, 25, 29].map((w) => metric(r, name, w));
    expect({
      adoptionRate: pick('adoptionRate'),
      shareMaxxing: pick('shareMaxxing'),
      tokens: pick('tokens'),
      meanBelief: pick('meanBelief'),
      incidents: pick('incidents'),
      netValueUSD: pick('netValueUSD'),
    }).toMatchSnapshot();
  });

  it('invariants hold over many seeds and random valid scenarios', () => {
    for (let k = 0; k < 40; k++) {
      const input = randomScenario(k);
      const resolved = scenario(input);
      const r = simulateReplicate(resolved.weekly, String(k));
      for (let w = 0; w < r.weeks; w++) {
        const row = r.values.subarray(w * METRICS.length, (w + 1) * METRICS.length);
        for (const v of row) expect(Number.isFinite(v)).toBe(true);
        const shares = row[METRIC_INDEX.shareAbstain] + row[METRIC_INDEX.shareGenuine] + row[METRIC_INDEX.sharePadding] + row[METRIC_INDEX.shareMaxxing];
        expect(shares).toBeCloseTo(1, 12);
        const tokens = row[METRIC_INDEX.tokens];
        expect(Math.abs(tokens - row[METRIC_INDEX.productiveTokens] - row[METRIC_INDEX.wastedTokens])).toBeLessThanOrEqual(1e-9 * Math.max(1, tokens));
        expect(row[METRIC_INDEX.meanBelief]).toBeGreaterThanOrEqual(0);
        expect(row[METRIC_INDEX.meanBelief]).toBeLessThanOrEqual(1);
        expect(row[METRIC_INDEX.wasteShare]).toBeGreaterThanOrEqual(0);
        expect(row[METRIC_INDEX.wasteShare]).toBeLessThanOrEqual(1);
        expect(row[METRIC_INDEX.adoptionRate]).toBeCloseTo(1 - row[METRIC_INDEX.shareAbstain], 12);
        expect(row[METRIC_INDEX.incidents]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(row[METRIC_INDEX.leaderboardOutputRankCorr])).toBeLessThanOrEqual(1 + 1e-9);
        expect(row[METRIC_INDEX.reviewedShare]).toBeGreaterThanOrEqual(0);
        expect(row[METRIC_INDEX.reviewedShare]).toBeLessThanOrEqual(1);
        expect(Math.abs(row[METRIC_INDEX.beliefShiftAtReview])).toBeLessThanOrEqual(1);
        expect(row[METRIC_INDEX.topDecileGamingShare]).toBeGreaterThanOrEqual(0);
        expect(row[METRIC_INDEX.topDecileGamingShare]).toBeLessThanOrEqual(1);
        expect(row[METRIC_INDEX.tokenP99P50]).toBeGreaterThanOrEqual(row[METRIC_INDEX.tokenP90P50] * (1 - 1e-9));
        expect(row[METRIC_INDEX.tokenP90P50]).toBeGreaterThanOrEqual(1 - 1e-9);
      }
      // Every team is reviewed once in each full cycle.
      const cycle = resolved.weekly[0].reviews.cycleWeeks;
      if (cycle <= r.weeks) {
        let reviewed = 0;
        for (let w = 0; w < cycle; w++) reviewed += metric(r, 'reviewedShare', w);
        expect(reviewed).toBeCloseTo(1, 9);
      }
    }
  });

  it('is deterministic: the same seed gives identical results', () => {
    const weekly = preset('meta-board', { population: { employees: 500 }, weeks: 20 }).weekly;
    expect(simulateReplicate(weekly, 'same').values).toEqual(simulateReplicate(weekly, 'same').values);
    expect(simulateReplicate(weekly, 'same').values).not.toEqual(simulateReplicate(weekly, 'other').values);
  });

  it('common random numbers: doubling the token price changes nothing but spend, which doubles exactly', () => {
    const base = preset('amazon-2026', { population: { employees: 600 }, weeks: 30 });
    const dear = preset('amazon-2026', { population: { employees: 600 }, weeks: 30, economics: { pricePerMTokUSD: 1.5 } });
    const a = simulateReplicate(base.weekly, '9');
    const b = simulateReplicate(dear.weekly, '9');
    for (let w = 0; w < a.weeks; w++) {
      for (const m of METRICS) {
        const x = metric(a, m.name, w);
        const y = metric(b, m.name, w);
        if (m.name === 'computeSpendUSD' || m.name === 'spendPerEmployeeUSD') expect(y).toBe(2 * x);
        else if (m.name === 'netValueUSD') expect(y).toBeCloseTo(x - metric(a, 'computeSpendUSD', w), 6);
        else if (m.name === 'netValuePerEmployeeUSD') expect(y).toBeCloseTo(x - metric(a, 'spendPerEmployeeUSD', w), 9);
        else expect(y).toBe(x);
      }
    }
  });

  it('common random numbers: traits, managers and review dates are drawn from their own streams, untouched by other parameters', () => {
    const key = keyFromSeed('crn');
    const a = initialState(scenario({ population: { employees: 2000 } }).weekly[0], key);
    const b = initialState(scenario({ population: { employees: 2000 }, traits: { busyworkSpread: 2 }, managers: { spread: 1.5 }, reviews: { calendar: 'org-wide', managerLeak: 1 }, decisions: { conformity: 1 }, learning: { experimentRate: 0.2 } }).weekly[0], key);
    for (const column of ['fit', 'skill', 'integrity', 'careerConcern', 'logTokenScale', 'tokenFactor', 'belief', 'strategy', 'managerAttentionZ', 'managerLeakZ', 'reviewDate'] as const) {
      expect(b[column]).toEqual(a[column]);
    }
    // The busywork multiples share their normal draws: log multiple + σ²/2 is σ × the same z.
    for (const i of [0, 7, 1999]) expect((Math.log(b.busywork[i]) + 2) / 2).toBeCloseTo(Math.log(a.busywork[i]) + 0.5, 5);
    // Fit, skill and the rest are not the busywork draws either: the streams differ.
    expect(a.managerAttentionZ).not.toEqual(a.managerLeakZ);
  });

  it('common random numbers: a policy that changes nothing until week 20 leaves weeks 0–19 identical', () => {
    const a = simulateReplicate(preset('amazon-2026', { population: { employees: 400 }, weeks: 30 }).weekly, '3');
    const late = extendPreset('amazon-2026', { population: { employees: 400 }, weeks: 30, schedule: [{ week: 20, audits: { rate: 0.2 } }] });
    const b = simulateReplicate(late.weekly, '3');
    expect(b.values.subarray(0, 20 * METRICS.length)).toEqual(a.values.subarray(0, 20 * METRICS.length));
    expect(b.values.subarray(20 * METRICS.length)).not.toEqual(a.values.subarray(20 * METRICS.length));
  });
});
