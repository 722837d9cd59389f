/**
 * Mandates (MODEL-BRIEF §5): `weekly-use` asks for any AI use each week, `token-quota` for at least
 * a quota of tokens. Non-compliance costs `pressure`, escalated in proportion to how far last week's
 * org-wide compliance fell short of the target share. Pressure comes from each team's manager, who
 * eases off once the team met the target last week (keeping a share `pressureAtTarget` of it): so
 * where the mandate, not the gains, drives use, adoption can settle near the target.
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
  /** Cost of non-compliance this week in a team below the target (output units). */
  penalty: number;
  /** Cost of non-compliance in a team that met the target last week. */
  penaltyAtTarget: number;
  target: number;
  /** Token quota (tokens/week), for token-quota mandates. */
  quota: number;
}

/** This week's mandate terms, given last week's compliance share. */
export function mandateTerms(p: WeekParameters, lastCompliance: number): MandateTerms {
  const m = p.mandate;
  const kind = m.type === 'weekly-use' ? MandateKind.weeklyUse : m.type === 'token-quota' ? MandateKind.tokenQuota : MandateKind.none;
  const shortfall = m.targetShare > 0 ? Math.max(0, m.targetShare - lastCompliance) / m.targetShare : 0;
  const penalty = kind === MandateKind.none ? 0 : m.pressure * (1 + m.escalation * shortfall);
  return { kind, penalty, penaltyAtTarget: penalty * m.pressureAtTarget, target: m.targetShare, quota: m.quotaTokensPerWeek };
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

/** Utility term: the cost of a week of `strategy` with `tokens` under the mandate, in a team whose compliance last week was `teamCompliance` (output units). */
export function mandateCost(m: MandateTerms, strategy: number, tokens: number, teamCompliance: number): number {
  if (complies(m, strategy, tokens)) return 0;
  return teamCompliance >= m.target ? m.penaltyAtTarget : m.penalty;
}
