import { describe, expect, it } from 'vitest';
import { audit, auditCost, catchProbability } from '../../src/model/audits.js';
import { Strategy } from '../../src/model/strategies.js';
import { stateFor } from '../helpers.js';

describe('audits', () => {
  it('detect gaming in proportion to waste, never genuine use, at the audit rate', () => {
    const { s, t } = stateFor({ population: { employees: 40_000 }, audits: { rate: 0.1, detectionSlope: 1, penalty: 5 } });
    let audited = 0;
    let caughtGenuine = 0;
    let caughtMaxxing = 0;
    for (let i = 0; i < s.n; i++) {
      const k = i % 2 === 0 ? Strategy.genuine : Strategy.maxxing;
      audited += audit(s, t.audits, i, k);
      if (k === Strategy.genuine) caughtGenuine += s.caught[i];
      else caughtMaxxing += s.caught[i];
    }
    expect(audited / s.n).toBeCloseTo(0.1, 2);
    expect(caughtGenuine).toBe(0);
    expect(caughtMaxxing / (s.n / 2)).toBeCloseTo(0.1 * t.audits.detect[Strategy.maxxing], 2);
  });

  it('cost the expected penalty when deciding and the realised one when paying off', () => {
    const { t } = stateFor({ audits: { rate: 0.1, detectionSlope: 1, penalty: 5 } });
    expect(auditCost(t.audits, catchProbability(t.audits, Strategy.padding))).toBeCloseTo(0.1 * 0.5 * 5);
    expect(auditCost(t.audits, catchProbability(t.audits, Strategy.genuine))).toBe(0);
    expect(auditCost(t.audits, 1)).toBe(5);
    expect(auditCost(t.audits, 0)).toBe(0);
  });

  it('do nothing at rate 0', () => {
    const { s, t } = stateFor({ population: { employees: 100 } });
    s.caught.fill(1);
    let audited = 0;
    for (let i = 0; i < s.n; i++) audited += audit(s, t.audits, i, Strategy.maxxing);
    expect(audited).toBe(0);
    expect(s.caught.every((c) => c === 0)).toBe(true);
  });
});
