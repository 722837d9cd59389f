import { describe, expect, it } from 'vitest';
import { METRIC_INDEX, METRIC_NAMES, METRICS, type MetricName } from '../../src/model/metrics.js';
import { simulateReplicate } from '../../src/model/simulate.js';
import { preset } from '../helpers.js';

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
