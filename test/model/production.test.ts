import { describe, expect, it } from 'vitest';
import { measure, METRIC_INDEX, METRICS, WeekTally } from '../../src/model/metrics.js';
import { gainOf, genuineTokensOf, outputOf, produce, productionValue, tokensOf, wasteOf } from '../../src/model/production.js';
import { Strategy } from '../../src/model/strategies.js';
import type { ScenarioInput } from '../../src/scenarios/schema.js';
import { stateFor } from '../helpers.js';

describe('production', () => {
  const input = { population: { employees: 20_000 }, tokens: { padFactor: 1.5, busyworkAgentHours: 40, agentTokensPerHour: 3e6, maxxingProductiveShare: 0.5 } };

  /** Every employee produces under strategy `strategyOf(i)`; returns the state with this week's ranks. */
  function produceAll(k: number | ((i: number) => number), scenario: ScenarioInput = input) {
    const { s, p, t } = stateFor(scenario);
    s.weekRanker.start(s.n);
    s.outputRanker.start(s.n);
    for (let i = 0; i < s.n; i++) produce(s, t.production, i, typeof k === 'number' ? k : k(i));
    s.weekRanker.finish(s.tokens);
    s.outputRanker.finish(s.output);
    return { s, p, t };
  }

  it('abstaining uses no tokens and produces the baseline unit of output', () => {
    const { s } = produceAll(Strategy.abstain);
    expect(s.tokens.every((x) => x === 0)).toBe(true);
    expect(s.output.every((x) => x === 1)).toBe(true);
  });

  it('genuine tokens average the median × token factor (the noise has mean 1); padding multiplies them, maxxing keeps a share and adds busywork', () => {
    const g = produceAll(Strategy.genuine);
    let ratio = 0;
    for (let i = 0; i < g.s.n; i++) ratio += g.s.tokens[i] / (g.t.production.median * g.s.tokenFactor[i]);
    expect(ratio / g.s.n).toBeCloseTo(1, 1);
    const pad = produceAll(Strategy.padding);
    const maxx = produceAll(Strategy.maxxing);
    for (const i of [0, 17, 999]) {
      expect(pad.s.tokens[i]).toBeCloseTo(2.5 * g.s.tokens[i], 6);
      expect(pad.s.productive[i]).toBeCloseTo(g.s.tokens[i], 6);
      // The busywork shares the week's noise: tokens = (share × genuine tokens + busywork) × noise.
      const busywork = 40 * 3e6 * maxx.s.busywork[i] * (g.s.tokens[i] / (g.t.production.median * g.s.tokenFactor[i]));
      expect(maxx.s.tokens[i] / (0.5 * g.s.tokens[i] + busywork)).toBeCloseTo(1, 9);
      expect(maxx.s.productive[i]).toBeCloseTo(0.5 * g.s.tokens[i], 6);
    }
  });

  it('maxxing\'s busywork is absolute: agent-hours × tokens/hour × the employee\'s multiple, whatever their own usage', () => {
    const quiet = { ...input, tokens: { ...input.tokens, weeklyNoiseSigma: 0 }, traits: { busyworkSpread: 0 } };
    const { s, t } = stateFor(quiet);
    const light = s.tokenFactor.indexOf(Math.min(...s.tokenFactor.subarray(0, 2000)));
    const heavy = s.tokenFactor.indexOf(Math.max(...s.tokenFactor.subarray(0, 2000)));
    expect(s.tokenFactor[heavy] / s.tokenFactor[light]).toBeGreaterThan(100);
    for (const i of [light, heavy]) {
      const genuine = genuineTokensOf(s, t.production, i);
      expect(tokensOf(s, t.production, i, Strategy.maxxing, genuine) - 0.5 * genuine).toBeCloseTo(1.2e8, 0);
      expect(tokensOf(s, t.production, i, Strategy.padding, genuine)).toBeCloseTo(2.5 * genuine, 0);
    }
    // What the decision expects is what the week then gives, without noise.
    const week = produceAll(Strategy.maxxing, quiet);
    for (const i of [light, heavy]) expect(week.s.tokens[i]).toBeCloseTo(tokensOf(s, t.production, i, Strategy.maxxing, genuineTokensOf(s, t.production, i)), 0);
  });

  it('a light user who maxxes lands in the top token decile of a population of genuine users', () => {
    // Bottom-decile users by token factor maxx; everyone else uses AI genuinely.
    const scenario = { population: { employees: 20_000 }, tokens: { weeklyNoiseSigma: 0 }, traits: { busyworkSpread: 0, tokenScaleSigma: 0.5 } };
    const { s: probe } = stateFor(scenario);
    const cut = [...probe.tokenFactor].sort((a, b) => a - b)[Math.floor(0.05 * probe.n)];
    const light = (i: number) => probe.tokenFactor[i] <= cut;
    const { s } = produceAll((i) => (light(i) ? Strategy.maxxing : Strategy.genuine), scenario);
    let lightMaxxers = 0;
    for (let i = 0; i < s.n; i++) {
      if (!light(i)) continue;
      lightMaxxers += 1;
      expect(s.weekRanker.rankOf(i)).toBeGreaterThan(0.9);
    }
    expect(lightMaxxers).toBeGreaterThan(900);
  });

  /** P99 / P50 of tokens among users as the metric reads it, everyone maxxing, under a busywork spread. */
  function tailRatio(busyworkSpread: number): number {
    const { s, p } = produceAll(Strategy.maxxing, { ...input, traits: { busyworkSpread } });
    const tally = new WeekTally();
    tally.reset(s.n);
    tally.readTokenRanks(s.weekRanker);
    const row = new Float64Array(METRICS.length);
    measure(tally, p, row);
    return row[METRIC_INDEX.tokenP99P50];
  }

  it('a wider busywork spread (some leave agents on all night) stretches the tail of the board', () => {
    const narrow = tailRatio(0);
    const wide = tailRatio(1.5);
    expect(wide).toBeGreaterThan(1.5 * narrow);
  });

  it('a maxxer\'s waste share is their own: all but the genuine share they keep, lower for a heavy user', () => {
    const { s, t } = produceAll(Strategy.maxxing);
    const waste = (i: number) => wasteOf(t.production, Strategy.maxxing, s.tokens[i], s.tokens[i] > 0 ? s.productive[i] / 0.5 : 0);
    for (const i of [0, 1, 2, 3, 99]) expect(waste(i)).toBeCloseTo(1 - s.productive[i] / s.tokens[i], 9);
    const light = s.tokenFactor.indexOf(Math.min(...s.tokenFactor.subarray(0, 2000)));
    const heavy = s.tokenFactor.indexOf(Math.max(...s.tokenFactor.subarray(0, 2000)));
    expect(waste(light)).toBeGreaterThan(0.99);
    expect(waste(heavy)).toBeLessThan(waste(light) - 0.05);
    expect(wasteOf(t.production, Strategy.maxxing, 0, 0)).toBe(0);
    // The other strategies' shares are fixed by the token rules.
    expect(wasteOf(t.production, Strategy.genuine, 1e7, 1e7)).toBe(0);
    expect(wasteOf(t.production, Strategy.padding, 2.5e7, 1e7)).toBeCloseTo(1 - 1 / 2.5, 12);
    expect(wasteOf(t.production, Strategy.abstain, 0, 0)).toBe(0);
  });

  it('output is 1 + the strategy\'s share of the genuine gain − its time cost, never below 0', () => {
    const { s, t } = stateFor({ productivity: { paddingTimeCost: 0.02, maxxingTimeCost: 0.06, maxxingGainShare: 0.3 } });
    const gain = gainOf(s, t.production, 0);
    expect(outputOf(t.production, Strategy.abstain, gain)).toBe(1);
    expect(outputOf(t.production, Strategy.genuine, gain)).toBe(1 + gain);
    expect(outputOf(t.production, Strategy.padding, gain)).toBeCloseTo(1 + gain - 0.02, 12);
    expect(outputOf(t.production, Strategy.maxxing, gain)).toBeCloseTo(1 + 0.3 * gain - 0.06, 12);
    const { s: slow, t: st } = stateFor({ productivity: { gainOffset: 1, maxGain: 0 }, guardrails: { autonomy: 0, approvalTimeCost: 0.5 } });
    expect(gainOf(slow, st.production, 0)).toBeCloseTo(-1.5, 12);
    slow.weekRanker.start(slow.n);
    slow.outputRanker.start(slow.n);
    produce(slow, st.production, 0, Strategy.genuine);
    expect(slow.output[0]).toBe(0);
  });

  it('puts the log of tokens to the week\'s token ranker without a logarithm, equal to log(tokens)', () => {
    const { s } = produceAll((i) => (i % 3 === 0 ? Strategy.maxxing : i % 3 === 1 ? Strategy.padding : Strategy.abstain));
    const check = new Float64Array(s.n);
    check.set(s.tokens);
    const direct = new (s.weekRanker.constructor as new () => typeof s.weekRanker)();
    direct.rebuild(check, s.n);
    for (const i of [0, 5, 123, 19_999]) expect(s.weekRanker.rankOf(i)).toBeCloseTo(direct.rankOf(i), 9);
  });

  it('adds each week to the review cycle\'s totals', () => {
    const { s, t } = stateFor({ population: { employees: 10 } });
    s.weekRanker.start(s.n);
    s.outputRanker.start(s.n);
    produce(s, t.production, 3, Strategy.genuine);
    produce(s, t.production, 3, Strategy.genuine);
    expect(s.cycleTokens[3]).toBeCloseTo(2 * s.tokens[3], 6);
    expect(s.cycleOutput[3]).toBeCloseTo(2 * s.output[3], 6);
  });

  it('its utility term is the output\'s worth less integrity × waste share and effort', () => {
    const { t } = stateFor({ ...input, decisions: { effortMaxxing: 0.07, effortPadding: 0.06 } });
    expect(Array.from(t.production.wasteShare)).toEqual([0, 0, 1 - 1 / 2.5, 1]);
    expect(productionValue(t.production, Strategy.maxxing, 1.2, 0.4, 0.9)).toBeCloseTo(1.2 - 0.4 * 0.9 - 0.07, 12);
    expect(productionValue(t.production, Strategy.padding, 1.1, 0.4, 0.6)).toBeCloseTo(1.1 - 0.4 * 0.6 - 0.06, 12);
    expect(productionValue(t.production, Strategy.abstain, 1, 0.4, 0)).toBe(1);
  });
});
