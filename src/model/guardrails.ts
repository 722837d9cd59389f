/**
 * Guardrails and incidents (MODEL-BRIEF §6). Agent actions scale with tokens; an action runs without
 * human approval with probability `autonomy`, except busywork (wasted tokens), whose agents run
 * unattended. Unsafe unattended actions become incidents at a small rate; each incident's cost is
 * log-normal (most are minor, a few are outages). Incidents therefore follow actions, not output.
 * (The approval time guardrails cost is an output term, in production.ts.)
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import { Purpose, poisson, probit, streamKey, subStream, uniform } from './rng.js';
import type { State } from './state.js';

/** Guardrail constants for one week. */
export interface GuardrailTerms {
  autonomy: number;
  /** Expected incidents per unattended token. */
  perToken: number;
  severityMedianUSD: number;
  severitySigma: number;
  countKey: number;
  severityKey: number;
}

/** Expected incidents per unattended token. */
function incidentsPerToken(p: WeekParameters): number {
  const g = p.guardrails;
  return (g.unsafeShare * g.incidentProbPerAction) / g.tokensPerAction;
}

function terms(p: WeekParameters, s: State, week: number): GuardrailTerms {
  const g = p.guardrails;
  return {
    autonomy: g.autonomy,
    perToken: incidentsPerToken(p),
    severityMedianUSD: g.severityMedianUSD,
    severitySigma: g.severitySigma,
    countKey: streamKey(s.key, week, Purpose.incidents),
    severityKey: streamKey(s.key, week, Purpose.severity),
  };
}

export const guardrails = { name: 'guardrails', terms } as const satisfies Mechanism<'guardrails', GuardrailTerms>;

/** Tokens spent by agents acting without approval: productive ones at `autonomy`, busywork all. */
function unattendedTokens(autonomy: number, tokens: number, productive: number): number {
  return productive * autonomy + (tokens - productive);
}

/** Expected incidents of an employee-week with `tokens` tokens of which `productive` were productive. */
export function incidentRate(p: WeekParameters, tokens: number, productive: number): number {
  return unattendedTokens(p.guardrails.autonomy, tokens, productive) * incidentsPerToken(p);
}

/** What agents did wrong: running totals over a week. */
export interface IncidentTally {
  incidents: number;
  incidentCostUSD: number;
}

/** Act: draws employee `i`'s incidents this week and their costs, added to `tally`. */
export function incidents(s: State, g: GuardrailTerms, i: number, tally: IncidentTally): void {
  const tokens = s.tokens[i];
  if (tokens <= 0) return;
  const k = poisson(unattendedTokens(g.autonomy, tokens, s.productive[i]) * g.perToken, uniform(g.countKey, i));
  if (k === 0) return;
  tally.incidents += k;
  const own = subStream(g.severityKey, i);
  for (let j = 0; j < k; j++) tally.incidentCostUSD += g.severityMedianUSD * Math.exp(g.severitySigma * probit(uniform(own, j)));
}
