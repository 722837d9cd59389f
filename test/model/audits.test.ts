import { describe, expect, it } from 'vitest';
import { audit, auditCost, catchProbability } from '../../src/model/audits.js';
import { stateFor } from '../helpers.js';

describe('audits', () => {
  it('detect a week in proportion to its realised waste share, never a week without waste, at the audit rate', () => {
    const { s, t } = stateFor({ population: { employees: 60_000 }, audits: { rate: 0.1, detectionSlope: 1, penalty: 5 } });
    // Three kinds of week: genuine (no waste), a heavy maxxer's (30% waste), a light maxxer's (90%).
    const waste = [0, 0.3, 0.9];
    let audited = 0;
    const caught = [0, 0, 0];
    for (let i = 0; i < s.n; i++) {
      s.tokens[i] = 1e8;
      s.productive[i] = 1e8 * (1 - waste[i % 3]);
      audited += audit(s, t.audits, i);
      caught[i % 3] += s.caught[i];
    }
    const perKind = s.n / 3;
    expect(audited / s.n).toBeCloseTo(0.1, 2);
    expect(caught[0]).toBe(0);
    expect(caught[1] / perKind).toBeCloseTo(0.1 * 0.3, 2);
    expect(caught[2] / perKind).toBeCloseTo(0.1 * 0.9, 2);
    expect(caught[2]).toBeGreaterThan(2 * caught[1]);
  });

  it('detection is capped at 1, and a week without tokens has nothing to detect', () => {
    const { s, t } = stateFor({ population: { employees: 1000 }, audits: { rate: 1, detectionSlope: 5 } });
    for (let i = 0; i < s.n; i++) {
      s.tokens[i] = i % 2 === 0 ? 1e8 : 0;
      s.productive[i] = i % 2 === 0 ? 7e7 : 0;
      expect(audit(s, t.audits, i)).toBe(1);
      expect(s.caught[i]).toBe(i % 2 === 0 ? 1 : 0);
    }
    expect(catchProbability(t.audits, 0.5)).toBe(1);
  });

  it('cost the expected penalty when deciding and the realised one when paying off', () => {
    const { t } = stateFor({ audits: { rate: 0.1, detectionSlope: 1, penalty: 5 } });
    expect(auditCost(t.audits, catchProbability(t.audits, 0.4))).toBeCloseTo(0.1 * 0.4 * 5);
    expect(auditCost(t.audits, catchProbability(t.audits, 0))).toBe(0);
    expect(auditCost(t.audits, 1)).toBe(5);
    expect(auditCost(t.audits, 0)).toBe(0);
  });

  it('do nothing at rate 0', () => {
    const { s, t } = stateFor({ population: { employees: 100 } });
    s.caught.fill(1);
    s.tokens.fill(1e8);
    let audited = 0;
    for (let i = 0; i < s.n; i++) audited += audit(s, t.audits, i);
    expect(audited).toBe(0);
    expect(s.caught.every((c) => c === 0)).toBe(true);
  });
});
