/**
 * Audits (MODEL-BRIEF §5): a share of employees is audited each week; an audit detects gaming with a
 * probability that rises with the share of the employee's tokens that was wasted. A caught employee
 * pays `penalty` and must use AI genuinely the next week.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import { wasteShares } from './production.js';
import { Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';

/** Audit constants for one week. */
export interface AuditTerms {
  rate: number;
  penalty: number;
  /** Detection probability per strategy. */
  detect: Float64Array;
  costPerAuditUSD: number;
  auditKey: number;
  detectKey: number;
}

/** This week's audit terms. */
function terms(p: WeekParameters, s: State, week: number): AuditTerms {
  const a = p.audits;
  return {
    rate: a.rate,
    penalty: a.penalty,
    detect: wasteShares(p).map((w) => Math.min(1, a.detectionSlope * w)),
    costPerAuditUSD: a.costPerAuditUSD,
    auditKey: streamKey(s.key, week, Purpose.audit),
    detectKey: streamKey(s.key, week, Purpose.detect),
  };
}

export const audits = { name: 'audits', terms } as const satisfies Mechanism<'audits', AuditTerms>;

/** The probability that a week of `strategy` is caught. */
export function catchProbability(a: AuditTerms, strategy: number): number {
  return a.rate * a.detect[strategy];
}

/**
 * Utility term: the audit cost of a week caught with probability `caught` — the expected cost when
 * deciding (`catchProbability`), the realised one (0 or 1) in the payoff.
 */
export function auditCost(a: AuditTerms, caught: number): number {
  return caught * a.penalty;
}

/** Act: audits employee `i`, whose strategy this week is `k`; sets `caught`. Returns 1 if audited. */
export function audit(s: State, a: AuditTerms, i: number, k: number): number {
  if (a.rate <= 0 || uniform(a.auditKey, i) >= a.rate) {
    s.caught[i] = 0;
    return 0;
  }
  s.caught[i] = uniform(a.detectKey, i) < a.detect[k] ? 1 : 0;
  return 1;
}
