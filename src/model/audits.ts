/**
 * Audits (MODEL-BRIEF §5): a share of employees is audited each week; an audit detects gaming with a
 * probability that rises with the share of the employee's tokens that was wasted. A caught employee
 * pays `penalty` and must use AI genuinely the next week.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';
import { STRATEGY_COUNT, type Production } from './strategies.js';

/** Audit constants for one week. */
export interface AuditTerms {
  rate: number;
  penalty: number;
  /** Detection probability per strategy. */
  detect: Float64Array;
  costPerAuditUSD: number;
}

/** This week's audit terms. */
export function auditTerms(p: WeekParameters, prod: Production): AuditTerms {
  const detect = new Float64Array(STRATEGY_COUNT);
  for (let k = 0; k < STRATEGY_COUNT; k++) detect[k] = Math.min(1, p.audits.detectionSlope * prod.wasteShare[k]);
  return { rate: p.audits.rate, penalty: p.audits.penalty, detect, costPerAuditUSD: p.audits.costPerAuditUSD };
}

/** Expected audit cost of a strategy, as an employee weighs it (output units). */
export function expectedAuditCost(a: AuditTerms, strategy: number): number {
  return a.rate * a.detect[strategy] * a.penalty;
}

/** What the audits of one week did. */
export interface AuditOutcome {
  audits: number;
  caught: number;
}

/** Audits this week's employees; sets `caught` for those detected. */
export function runAudits(s: State, a: AuditTerms, week: number): AuditOutcome {
  let audits = 0;
  let caught = 0;
  if (a.rate <= 0) {
    s.caught.fill(0);
    return { audits, caught };
  }
  const auditKey = streamKey(s.key, week, Purpose.audit);
  const detectKey = streamKey(s.key, week, Purpose.detect);
  for (let i = 0; i < s.n; i++) {
    let hit = 0;
    if (uniform(auditKey, i) < a.rate) {
      audits += 1;
      if (uniform(detectKey, i) < a.detect[s.strategy[i]]) {
        hit = 1;
        caught += 1;
      }
    }
    s.caught[i] = hit;
  }
  return { audits, caught };
}
