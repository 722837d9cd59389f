/**
 * Mandates (MODEL-BRIEF §5): `weekly-use` asks for any AI use each week, `token-quota` for at least
 * a quota of tokens. Non-compliance costs `pressure`, escalated in proportion to how far last week's
 * compliance fell short of the target share.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import type { State } from './state.js';
import { Strategy } from './strategies.js';

/** Mandate kinds as numbers, for the hot loop. */
export const MandateKind = { none: 0, weeklyUse: 1, tokenQuota: 2 } as const;

/** The mandate's constants for one week. */
export interface MandateTerms {
  kind: number;
  /** Cost of non-compliance this week (output units). */
  penalty: number;
  /** Token quota (tokens/week), for token-quota mandates. */
  quota: number;
}

/** This week's mandate terms, given last week's compliance share. */
export function mandateTerms(p: WeekParameters, lastCompliance: number): MandateTerms {
  const m = p.mandate;
  const kind = m.type === 'weekly-use' ? MandateKind.weeklyUse : m.type === 'token-quota' ? MandateKind.tokenQuota : MandateKind.none;
  const shortfall = m.targetShare > 0 ? Math.max(0, m.targetShare - lastCompliance) / m.targetShare : 0;
  return { kind, penalty: kind === MandateKind.none ? 0 : m.pressure * (1 + m.escalation * shortfall), quota: m.quotaTokensPerWeek };
}

export const mandate = {
  name: 'mandate',
  terms: (p: WeekParameters, s: State) => mandateTerms(p, s.compliance),
} as const satisfies Mechanism<'mandate', MandateTerms>;

/** Does a week of `strategy` with `tokens` comply? (Always, without a mandate.) */
export function complies(m: MandateTerms, strategy: number, tokens: number): boolean {
  if (m.kind === MandateKind.weeklyUse) return strategy !== Strategy.abstain;
  if (m.kind === MandateKind.tokenQuota) return tokens >= m.quota;
  return true;
}

/** Utility term: the cost of a week of `strategy` with `tokens` under the mandate (output units). */
export function mandateCost(m: MandateTerms, strategy: number, tokens: number): number {
  return complies(m, strategy, tokens) ? 0 : m.penalty;
}
