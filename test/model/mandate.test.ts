import { describe, expect, it } from 'vitest';
import { complies, mandateCost, mandateTerms } from '../../src/model/mandate.js';
import { Strategy } from '../../src/model/strategies.js';
import { meanOver, run, scenario, weekParams } from '../helpers.js';

describe('mandate', () => {
  it('costs nothing without a mandate', () => {
    const m = mandateTerms(weekParams(), 0);
    expect(mandateCost(m, Strategy.abstain, 0, 0)).toBe(0);
  });

  it('weekly-use: abstaining is non-compliant; pressure escalates with last week\'s shortfall', () => {
    const p = weekParams({ mandate: { type: 'weekly-use', targetShare: 0.8, pressure: 0.3, escalation: 1 } });
    const onTarget = mandateTerms(p, 0.9);
    expect(complies(onTarget, Strategy.abstain, 0)).toBe(false);
    expect(complies(onTarget, Strategy.genuine, 1e6)).toBe(true);
    expect(mandateCost(onTarget, Strategy.abstain, 0, 0.5)).toBeCloseTo(0.3);
    expect(mandateCost(onTarget, Strategy.genuine, 1e6, 0.5)).toBe(0);
    expect(mandateCost(mandateTerms(p, 0.4), Strategy.abstain, 0, 0.5)).toBeCloseTo(0.3 * 1.5);
  });

  it('a manager whose team met the target last week eases off to pressureAtTarget of the pressure', () => {
    const p = weekParams({ mandate: { type: 'weekly-use', targetShare: 0.8, pressure: 0.4, escalation: 1, pressureAtTarget: 0.25 } });
    const m = mandateTerms(p, 0.4);
    expect(mandateCost(m, Strategy.abstain, 0, 0.79)).toBeCloseTo(0.4 * 1.5);
    expect(mandateCost(m, Strategy.abstain, 0, 0.8)).toBeCloseTo(0.4 * 1.5 * 0.25);
    expect(mandateCost(m, Strategy.abstain, 0, 1)).toBeCloseTo(0.4 * 1.5 * 0.25);
    expect(mandateCost(m, Strategy.padding, 1e7, 0)).toBe(0);
    const none = mandateTerms(weekParams({ mandate: { type: 'weekly-use', pressureAtTarget: 0 } }), 1);
    expect(mandateCost(none, Strategy.abstain, 0, 0.9)).toBe(0);
  });

  it('where gains alone would not drive use, easing off at the target lets adoption settle near the target, not above it', () => {
    const adoption = (pressureAtTarget: number) => {
      const rs = run(scenario({
        population: { employees: 1000 },
        weeks: 40,
        productivity: { maxGain: 0.1 },
        decisions: { imitation: 0, conformity: 0 },
        mandate: { type: 'weekly-use', targetShare: 0.8, pressure: 1, pressureAtTarget },
      }), ['m1', 'm2']);
      return meanOver(rs, 'adoptionRate', 25, 40);
    };
    const unaided = meanOver(run(scenario({ population: { employees: 1000 }, weeks: 40, productivity: { maxGain: 0.1 }, decisions: { imitation: 0, conformity: 0 } }), ['m1', 'm2']), 'adoptionRate', 25, 40);
    const eased = adoption(0);
    const kept = adoption(1);
    expect(unaided).toBeLessThan(0.1);
    expect(kept).toBeGreaterThan(eased + 0.05);
    expect(Math.abs(eased - 0.8)).toBeLessThan(0.15);
  });

  it('token-quota: compliance is tokens at or above the quota, whatever the strategy', () => {
    const m = mandateTerms(weekParams({ mandate: { type: 'token-quota', quotaTokensPerWeek: 1e7 } }), 1);
    expect(complies(m, Strategy.genuine, 9e6)).toBe(false);
    expect(complies(m, Strategy.padding, 1e7)).toBe(true);
  });
});
