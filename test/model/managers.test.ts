import { describe, expect, it } from 'vitest';
import { managers, meanOneMultiple } from '../../src/model/managers.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';
import { run, scenario, stateFor } from '../helpers.js';

/** Each team's attention and applied token weight under `input` (10,000 teams of 2). */
function teamFigures(input: ScenarioInput): { attention: Float32Array; weight: Float32Array; seeTokens: boolean } {
  const { s, t } = stateFor({ population: { employees: 20_000, teamSize: 2 }, ...input });
  return { attention: s.teamAttention, weight: s.teamTokenWeight, seeTokens: t.managers.seeTokens };
}

function meanAndLogSd(xs: ArrayLike<number>, scale: number): { mean: number; logSd: number } {
  let sum = 0, sumLog = 0, sumLog2 = 0;
  for (let k = 0; k < xs.length; k++) {
    const m = xs[k] / scale;
    sum += m;
    sumLog += Math.log(m);
    sumLog2 += Math.log(m) ** 2;
  }
  const n = xs.length;
  return { mean: sum / n, logSd: Math.sqrt(sumLog2 / n - (sumLog / n) ** 2) };
}

describe('managers', () => {
  it('a log-normal multiple with mean 1: exp(σz − σ²/2)', () => {
    expect(meanOneMultiple(0, 1.7)).toBe(1);
    expect(meanOneMultiple(0.5, 0)).toBeCloseTo(Math.exp(-0.125), 12);
    expect(meanOneMultiple(1, 1)).toBeCloseTo(Math.exp(0.5), 12);
  });

  it('attention and leak multiples average 1 over many teams, and spread more with managers.spread', () => {
    const sds: number[] = [];
    for (const spread of [0.25, 0.5, 1]) {
      const f = teamFigures({ leaderboard: { visibility: 'org' }, managers: { attention: 0.01, spread }, reviews: { managerLeak: 0.2 } });
      const attention = meanAndLogSd(f.attention, 0.01);
      const leak = meanAndLogSd(f.weight, 0.2);
      expect(attention.mean).toBeCloseTo(1, 1);
      expect(leak.mean).toBeCloseTo(1, 1);
      expect(attention.logSd).toBeCloseTo(spread, 1);
      expect(leak.logSd).toBeCloseTo(spread, 1);
      sds.push(attention.logSd);
    }
    expect(sds[1]).toBeGreaterThan(sds[0]);
    expect(sds[2]).toBeGreaterThan(sds[1]);
  });

  it('a manager\'s attention and leak are drawn independently, once, and kept from week to week', () => {
    const { s, p } = stateFor({ population: { employees: 20_000, teamSize: 2 }, leaderboard: { visibility: 'org' }, managers: { attention: 0.01 }, reviews: { managerLeak: 0.2 } });
    const first = { attention: s.teamAttention.slice(), weight: s.teamTokenWeight.slice() };
    managers.terms(p, s);
    expect(s.teamAttention).toEqual(first.attention);
    expect(s.teamTokenWeight).toEqual(first.weight);
    let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (let k = 0; k < s.teams; k++) {
      const a = s.managerAttentionZ[k];
      const b = s.managerLeakZ[k];
      sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
    }
    const n = s.teams;
    const corr = (sab / n - (sa / n) * (sb / n)) / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
    expect(Math.abs(corr)).toBeLessThan(0.03);
  });

  it('spread 0 gives every manager the scenario\'s attention and official weight + leak', () => {
    const f = teamFigures({ leaderboard: { visibility: 'team' }, managers: { attention: 0.3, spread: 0 }, reviews: { officialTokenWeight: 0.1, managerLeak: 0.25 } });
    expect(f.seeTokens).toBe(true);
    expect(f.attention.every((a) => a === Math.fround(0.3))).toBe(true);
    expect(f.weight.every((w) => w === Math.fround(0.35))).toBe(true);
  });

  it('attention is a probability: at most 1 however attentive the manager', () => {
    const f = teamFigures({ leaderboard: { visibility: 'org' }, managers: { attention: 0.9, spread: 2 } });
    expect(Math.max(...f.attention)).toBe(1);
    expect(Math.min(...f.attention)).toBeGreaterThan(0);
  });

  it('managers who cannot see token figures neither watch the board nor weigh tokens beyond the official weight', () => {
    for (const leaderboard of [{ visibility: 'none' as const }, { visibility: 'self' as const }, { visibility: 'org' as const, metric: 'output' as const }]) {
      const f = teamFigures({ leaderboard, managers: { attention: 0.8, spread: 1 }, reviews: { managerLeak: 0.5 } });
      expect(f.seeTokens).toBe(false);
      expect(f.attention.every((a) => a === 0)).toBe(true);
      expect(f.weight.every((w) => w === 0)).toBe(true);
    }
    // An official weight lets managers see tokens, whatever the board.
    const official = teamFigures({ managers: { attention: 0.8, spread: 0 }, reviews: { officialTokenWeight: 0.2, managerLeak: 0.5 } });
    expect(official.seeTokens).toBe(true);
    expect(official.weight.every((w) => w === Math.fround(0.7))).toBe(true);
  });

  it('how managers differ is irrelevant where they cannot see token figures: a run is unchanged by managers.spread', () => {
    const base = { population: { employees: 300 }, weeks: 12, mandate: { type: 'weekly-use' as const }, reviews: { managerLeak: 0.5 } };
    const a = run(scenario({ ...base, managers: { spread: 0 } }), ['m'])[0];
    const b = run(scenario({ ...base, managers: { spread: 2 } }), ['m'])[0];
    expect(b.values).toEqual(a.values);
    const c = run(scenario({ ...base, leaderboard: { visibility: 'org' }, managers: { spread: 0 } }), ['m'])[0];
    const d = run(scenario({ ...base, leaderboard: { visibility: 'org' }, managers: { spread: 2 } }), ['m'])[0];
    expect(d.values).not.toEqual(c.values);
  });
});
