import { describe, expect, it } from 'vitest';
import { gainOf, outputOf, produce, productionValue, wasteShares } from '../../src/model/production.js';
import { Strategy } from '../../src/model/strategies.js';
import { stateFor, weekParams } from '../helpers.js';

describe('production', () => {
  const input = { population: { employees: 20_000 }, tokens: { padFactor: 1.5, maxxingFactor: 8, maxxingProductiveShare: 0.5 } };

  /** Every employee produces under strategy `k`; returns the state. */
  function produceAll(k: number) {
    const { s, t } = stateFor(input);
    s.weekRanker.start(s.n);
    s.outputRanker.start(s.n);
    for (let i = 0; i < s.n; i++) produce(s, t.production, i, k);
    return { s, t };
  }

  it('abstaining uses no tokens and produces the baseline unit of output', () => {
    const { s } = produceAll(Strategy.abstain);
    expect(s.tokens.every((x) => x === 0)).toBe(true);
    expect(s.output.every((x) => x === 1)).toBe(true);
  });

  it('genuine tokens average the median × token factor (the noise has mean 1); padding and maxxing multiply them', () => {
    const g = produceAll(Strategy.genuine);
    let ratio = 0;
    for (let i = 0; i < g.s.n; i++) ratio += g.s.tokens[i] / (g.t.production.median * g.s.tokenFactor[i]);
    expect(ratio / g.s.n).toBeCloseTo(1, 1);
    const pad = produceAll(Strategy.padding);
    const maxx = produceAll(Strategy.maxxing);
    for (const i of [0, 17, 999]) {
      expect(pad.s.tokens[i]).toBeCloseTo(2.5 * g.s.tokens[i], 6);
      expect(pad.s.productive[i]).toBeCloseTo(g.s.tokens[i], 6);
      expect(maxx.s.tokens[i]).toBeCloseTo(8 * g.s.tokens[i], 6);
      expect(maxx.s.productive[i]).toBeCloseTo(0.5 * g.s.tokens[i], 6);
    }
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
    const { s } = produceAll(Strategy.padding);
    s.weekRanker.finish(s.tokens);
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
    const { t } = stateFor({ reviews: { outcomeWeight: 0.5 }, decisions: { effortMaxxing: 0.07 } });
    const waste = wasteShares(weekParams(input));
    expect(Array.from(waste)).toEqual([0, 0, 1 - 1 / 2.5, 1 - 0.5 / 8]);
    expect(productionValue(t.production, Strategy.maxxing, 1.2, 0.4)).toBeCloseTo(1.2 * 1.5 - 0.4 * t.production.wasteShare[Strategy.maxxing] - 0.07, 12);
  });
});
