/**
 * Guardrails and incidents (MODEL-BRIEF §6). Agent actions scale with tokens; an action runs without
 * human approval with probability `autonomy`, except busywork (wasted tokens), whose agents run
 * unattended. Unsafe unattended actions become incidents at a small rate; each incident's cost is
 * log-normal (most are minor, a few are outages). Incidents therefore follow actions, not output.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { Purpose, poisson, probit, streamKey, subStream, uniform } from './rng.js';
import type { State } from './state.js';

/** What agents did wrong in one week. */
export interface IncidentOutcome {
  incidents: number;
  costUSD: number;
}

/** Tokens spent by agents acting without approval: productive ones at `autonomy`, busywork all. */
function unattendedTokens(autonomy: number, tokens: number, productive: number): number {
  return productive * autonomy + (tokens - productive);
}

/** Expected incidents per unattended token. */
function incidentsPerToken(p: WeekParameters): number {
  const g = p.guardrails;
  return (g.unsafeShare * g.incidentProbPerAction) / g.tokensPerAction;
}

/** Expected incidents of an employee-week with `tokens` tokens of which `productive` were productive. */
export function incidentRate(p: WeekParameters, tokens: number, productive: number): number {
  return unattendedTokens(p.guardrails.autonomy, tokens, productive) * incidentsPerToken(p);
}

/** Draws this week's incidents and their costs. */
export function runIncidents(s: State, p: WeekParameters, week: number): IncidentOutcome {
  const g = p.guardrails;
  const countKey = streamKey(s.key, week, Purpose.incidents);
  const severityKey = streamKey(s.key, week, Purpose.severity);
  const perToken = incidentsPerToken(p);
  let incidents = 0;
  let costUSD = 0;
  for (let i = 0; i < s.n; i++) {
    const tokens = s.tokens[i];
    if (tokens <= 0) continue;
    const lambda = unattendedTokens(g.autonomy, tokens, s.productive[i]) * perToken;
    const k = poisson(lambda, uniform(countKey, i));
    if (k === 0) continue;
    incidents += k;
    const own = subStream(severityKey, i);
    for (let j = 0; j < k; j++) costUSD += g.severityMedianUSD * Math.exp(g.severitySigma * probit(uniform(own, j)));
  }
  return { incidents, costUSD };
}
