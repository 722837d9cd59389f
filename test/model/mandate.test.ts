import { describe, expect, it } from 'vitest';
import { complies, mandateCost, mandateTerms } from '../../src/model/mandate.js';
import { Strategy } from '../../src/model/strategies.js';
import { weekParams } from '../helpers.js';

describe('mandate', () => {
  it('costs nothing without a mandate', () => {
    const m = mandateTerms(weekParams(), 0);
    expect(mandateCost(m, Strategy.abstain, 0)).toBe(0);
  });

  it('weekly-use: abstaining is non-compliant; pressure escalates with last week\'s shortfall', () => {
    const p = weekParams({ mandate: { type: 'weekly-use', targetShare: 0.8, pressure: 0.3, escalation: 1 } });
    const onTarget = mandateTerms(p, 0.9);
    expect(complies(onTarget, Strategy.abstain, 0)).toBe(false);
    expect(complies(onTarget, Strategy.genuine, 1e6)).toBe(true);
    expect(mandateCost(onTarget, Strategy.abstain, 0)).toBeCloseTo(0.3);
    expect(mandateCost(mandateTerms(p, 0.4), Strategy.abstain, 0)).toBeCloseTo(0.3 * 1.5);
  });

  it('token-quota: compliance is tokens at or above the quota, whatever the strategy', () => {
    const m = mandateTerms(weekParams({ mandate: { type: 'token-quota', quotaTokensPerWeek: 1e7 } }), 1);
    expect(complies(m, Strategy.genuine, 9e6)).toBe(false);
    expect(complies(m, Strategy.padding, 1e7)).toBe(true);
  });
});
