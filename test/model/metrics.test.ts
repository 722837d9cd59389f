import { describe, expect, it } from 'vitest';
import { measure, METRIC_INDEX, METRIC_NAMES, METRICS, tallyEmployee, WeekTally, type MetricName } from '../../src/model/metrics.js';
import { simulateReplicate } from '../../src/model/simulate.js';
import { Strategy } from '../../src/model/strategies.js';
import { preset, stateFor } from '../helpers.js';

/**
 * A hand-built week of 200 employees: 50 abstain; 150 users with tokens 1 M × 1.05^k (k = 0 … 149),
 * the top 15 (the top decile of users) ten times higher still. Gaming: users k ≡ 0 (mod 3) below the
 * top decile, and 6 of the 15 in it. `reviewed` employees were reviewed, their beliefs shifting by
 * `shift` in all. Returns the week's metrics.
 */
function handBuiltWeek(opts: { users?: number; reviewed?: number; shift?: number } = {}): (m: MetricName) => number {
  const { s, p } = stateFor({ population: { employees: 200 } });
  const users = opts.users ?? 150;
  for (let i = 0; i < s.n; i++) {
    const k = i - (s.n - users);
    s.tokens[i] = k < 0 ? 0 : 1e6 * 1.05 ** k * (k >= 135 ? 10 : 1);
    s.productive[i] = s.tokens[i] / 2;
    s.output[i] = 1 + 0.001 * (i % 17);
    s.strategy[i] = k < 0 ? Strategy.abstain : k >= 135 ? (k % 5 < 2 ? Strategy.maxxing : k % 5 === 2 ? Strategy.padding : Strategy.genuine) : k % 3 === 0 ? Strategy.padding : Strategy.genuine;
  }
  s.weekRanker.rebuild(s.tokens, s.n);
  s.outputRanker.rebuild(s.output, s.n);
  const tally = new WeekTally();
  tally.reset(s.n);
  tally.reviewed = opts.reviewed ?? 0;
  tally.beliefShift = opts.shift ?? 0;
  tally.readTokenRanks(s.weekRanker);
  for (let i = 0; i < s.n; i++) tallyEmployee(tally, s, i, s.strategy[i], s.weekRanker);
  const row = new Float64Array(METRICS.length);
  measure(tally, p, row);
  return (m) => row[METRIC_INDEX[m]];
}

describe('metric declarations', () => {
  it('declare each metric once, with a unit and a definition', () => {
    expect(new Set(METRIC_NAMES).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.unit.length).toBeGreaterThan(0);
      expect(m.definition).toMatch(/\.$/);
    }
  });

  it('derived figures are what their definitions say, week by week, in every preset with audits, incidents and a board', () => {
    for (const name of ['audited', 'meta-board', 'outcome-leaderboard']) {
      const r = simulateReplicate(preset(name, { population: { employees: 600 }, weeks: 12 }).weekly, 'derived');
      for (let w = 0; w < r.weeks; w++) {
        const v = (m: MetricName) => r.values[w * METRICS.length + METRIC_INDEX[m]];
        const n = v('employees');
        const adopters = n * v('adoptionRate');
        expect(v('gamingShare')).toBeCloseTo(v('sharePadding') + v('shareMaxxing'), 12);
        expect(v('spendPerEmployeeUSD')).toBeCloseTo(v('computeSpendUSD') / n, 9);
        expect(v('outputGainPerAdopter')).toBeCloseTo(adopters > 0 ? (v('output') - n) / adopters : 0, 9);
        expect(v('incidentsPer1kOutput')).toBeCloseTo((1000 * v('incidents')) / v('output'), 9);
        expect(v('incidentCostPerEmployeeUSD')).toBeCloseTo(v('incidentCostUSD') / n, 9);
        expect(v('netValuePerEmployeeUSD')).toBeCloseTo(v('netValueUSD') / n, 9);
        expect(v('wasteShare')).toBeCloseTo(v('wastedTokens') / v('tokens'), 12);
      }
    }
  });

  it('tail and review metrics of a hand-built week are what their definitions say', () => {
    const v = handBuiltWeek({ reviewed: 40, shift: -2 });
    // Top decile of users: k = 135 … 149, of which k mod 5 ∈ {0, 1, 2} game: 135, 136, 137, 140, 141, 142, 145, 146, 147.
    expect(v('topDecileGamingShare')).toBeCloseTo(9 / 15, 12);
    // Median user: between k = 74 and 75; P99 of users: k ≈ 148.5, in the top decile (× 10).
    const median = 1e6 * 1.05 ** 74.5;
    expect(v('medianUserTokens') / median).toBeGreaterThan(1 / 1.05);
    expect(v('medianUserTokens') / median).toBeLessThan(1.05);
    const p99 = 10 * 1e6 * 1.05 ** 148.5;
    expect(v('tokenP99P50') / (p99 / median)).toBeGreaterThan(1 / 1.1);
    expect(v('tokenP99P50') / (p99 / median)).toBeLessThan(1.1);
    expect(v('tokenP99P50')).toBeGreaterThan(v('tokenP90P50'));
    expect(v('beliefShiftAtReview')).toBeCloseTo(-2 / 40, 12);
    expect(v('reviewedShare')).toBeCloseTo(40 / 200, 12);
    expect(v('gamingShare')).toBeCloseTo((45 + 9) / 200, 12);
  });

  it('the tail and review metrics fall back to their stated values when nobody uses AI or nobody is reviewed', () => {
    const v = handBuiltWeek({ users: 0 });
    expect(v('medianUserTokens')).toBe(0);
    expect(v('tokenP99P50')).toBe(1);
    expect(v('topDecileGamingShare')).toBe(0);
    expect(v('beliefShiftAtReview')).toBe(0);
    expect(v('reviewedShare')).toBe(0);
  });

  it('the audited preset pays for its audits in net value', () => {
    const weekly = preset('audited', { population: { employees: 600 }, weeks: 6 }).weekly;
    const r = simulateReplicate(weekly, 'audit-cost');
    const p = weekly[0];
    const v = (m: MetricName) => r.values[5 * METRICS.length + METRIC_INDEX[m]];
    const beforeAudits = (v('output') - v('employees')) * p.economics.valuePerEmployeeWeekUSD - v('computeSpendUSD') - v('incidentCostUSD');
    const auditCost = beforeAudits - v('netValueUSD');
    expect(auditCost / p.audits.costPerAuditUSD).toBeCloseTo(Math.round(auditCost / p.audits.costPerAuditUSD), 6);
    expect(auditCost / p.audits.costPerAuditUSD / v('employees')).toBeCloseTo(p.audits.rate, 1);
  });
});
