import { describe, expect, it } from 'vitest';
import { auditTerms, expectedAuditCost, runAudits } from '../../src/model/audits.js';
import { Strategy } from '../../src/model/strategies.js';
import { stateFor } from '../helpers.js';

describe('audits', () => {
  it('detect gaming in proportion to waste, never genuine use, at the audit rate', () => {
    const { s, t } = stateFor({ population: { employees: 40_000 }, audits: { rate: 0.1, detectionSlope: 1, penalty: 5 } });
    for (let i = 0; i < s.n; i++) s.strategy[i] = i % 2 === 0 ? Strategy.genuine : Strategy.maxxing;
    const out = runAudits(s, t.audit, 3);
    expect(out.audits / s.n).toBeCloseTo(0.1, 2);
    let caughtGenuine = 0;
    for (let i = 0; i < s.n; i += 2) caughtGenuine += s.caught[i];
    expect(caughtGenuine).toBe(0);
    expect(out.caught / (s.n / 2)).toBeCloseTo(0.1 * t.audit.detect[Strategy.maxxing], 2);
    expect(expectedAuditCost(t.audit, Strategy.padding)).toBeCloseTo(0.1 * 0.5 * 5);
    expect(expectedAuditCost(t.audit, Strategy.genuine)).toBe(0);
  });

  it('do nothing at rate 0', () => {
    const { s, p, t } = stateFor({ population: { employees: 100 } });
    s.caught.fill(1);
    expect(runAudits(s, auditTerms(p, t.prod), 0)).toEqual({ audits: 0, caught: 0 });
    expect(s.caught.every((c) => c === 0)).toBe(true);
  });
});
