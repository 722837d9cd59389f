/**
 * One week of the model. The order is fixed and documented in docs/ODD.md ("Process overview"):
 *
 *   1. terms      — this week's parameters turned into per-week constants
 *   2. beliefs    — manager mentions raise beliefs; beliefs decay otherwise
 *   3. decide     — each employee picks a strategy from last week's state (two-phase: stage…)
 *   4. commit     — …then commit, so visiting order cannot matter
 *   5. produce    — tokens, productive tokens, output
 *   6. audits     — who is audited and caught
 *   7. incidents  — agent actions go wrong
 *   8. boards     — leaderboard values move; ranks are rebuilt in O(N)
 *   9. review     — at the end of a cycle: ratings, rewards, beliefs corrected toward what they reveal
 *  10. payoffs    — realised utilities (what teammates imitate, rewards included) and compliance
 *  11. learning   — skill grows with genuine use
 *  12. measure    — metrics for the week
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { auditTerms, runAudits } from './audits.js';
import { isReviewWeek, mentionsAndDecay, runReview } from './beliefs.js';
import { commitStrategies, decide, type WeekTerms } from './decisions.js';
import { runIncidents } from './guardrails.js';
import { boardTerms, updateBoards } from './leaderboard.js';
import { learn } from './learning.js';
import { mandateTerms } from './mandate.js';
import { measure } from './metrics.js';
import { produce, realisePayoffs } from './production.js';
import type { State } from './state.js';
import { refreshGainScale } from './state.js';
import { production } from './strategies.js';

/** This week's constants. */
export function weekTerms(s: State, p: WeekParameters): WeekTerms {
  refreshGainScale(s, p.productivity.elasticity, p.traits.tokenScaleSigma);
  const prod = production(p);
  return {
    p,
    prod,
    mandate: mandateTerms(p, s.compliance),
    board: boardTerms(p),
    audit: auditTerms(p, prod),
    outputWeight: 1 + p.reviews.outcomeWeight,
  };
}

/** Advances the state by one week and writes the week's metrics into `row`. */
export function step(s: State, p: WeekParameters, week: number, row: Float64Array): void {
  const t = weekTerms(s, p);
  mentionsAndDecay(s, p, t.board, week);
  decide(s, t, week);
  commitStrategies(s);
  produce(s, t, week);
  const audits = runAudits(s, t.audit, week);
  const incidents = runIncidents(s, p, week);
  updateBoards(s, t.board);
  const review = isReviewWeek(p, week);
  if (review) runReview(s, p, t.board, week);
  s.compliance = realisePayoffs(s, t, review);
  learn(s, p);
  measure(s, t, { incidents: incidents.incidents, incidentCostUSD: incidents.costUSD, audits: audits.audits }, row);
}

/**
 * Settles the initial state before week 0: one week of the initial strategies (keyed as week −1)
 * fills the boards, ranks and payoffs that week 0's decisions read. Nothing of it is measured.
 */
export function warmUp(s: State, p: WeekParameters): void {
  const t = weekTerms(s, p);
  produce(s, t, -1);
  s.tokenBoard.set(s.tokens);
  updateBoards(s, { ...t.board, alpha: 1 });
  s.compliance = realisePayoffs(s, t, false);
  s.cycleTokens.fill(0);
  s.cycleOutput.fill(0);
}
