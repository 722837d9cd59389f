/**
 * Audits (MODEL-BRIEF §5): a share of employees is audited each week; an audit detects gaming with a
 * probability that rises with the share of the employee's tokens that was wasted. A caught employee
 * pays `penalty` and must use AI genuinely the next week.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import { Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';

/** Audit constants for one week. */
export interface AuditTerms {
  rate: number;
  penalty: number;
  /** Detection probability per unit of waste share (capped at 1). */
  detectionSlope: number;
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
    detectionSlope: a.detectionSlope,
    costPerAuditUSD: a.costPerAuditUSD,
    auditKey: streamKey(s.key, week, Purpose.audit),
    detectKey: streamKey(s.key, week, Purpose.detect),
  };
}

export const audits = { name: 'audits', terms } as const satisfies Mechanism<'audits', AuditTerms>;

/** The probability that an audit detects a week whose tokens were a share `waste` wasted. */
function detection(a: AuditTerms, waste: number): number {
  return Math.min(1, a.detectionSlope * waste);
}

/** The probability that a week with a share `waste` of its tokens wasted is caught. */
export function catchProbability(a: AuditTerms, waste: number): number {
  return a.rate * detection(a, waste);
}

/**
 * Utility term: the audit cost of a week caught with probability `caught` — the expected cost when
 * deciding (`catchProbability`), the realised one (0 or 1) in the payoff.
 */
export function auditCost(a: AuditTerms, caught: number): number {
  return caught * a.penalty;
}

/** Act: audits employee `i` on this week's tokens; sets `caught`. Returns 1 if audited. */
export function audit(s: State, a: AuditTerms, i: number): number {
  if (a.rate <= 0 || uniform(a.auditKey, i) >= a.rate) {
    s.caught[i] = 0;
    return 0;
  }
  const tokens = s.tokens[i];
  const waste = tokens > 0 ? 1 - s.productive[i] / tokens : 0;
  s.caught[i] = uniform(a.detectKey, i) < detection(a, waste) ? 1 : 0;
  return 1;
}
