/**
 * One week of the model: the mechanisms, in the order they act, and the week that runs them.
 * The order is documented in docs/ODD.md ("Process overview"); docs/ARCHITECTURE.md shows how to add
 * a mechanism.
 *
 *   terms     every mechanism's constants for the week, computed once, in MECHANISMS order
 *             (managers.terms sets each manager's attention and applied token weight)
 *   pass 1    per team: beliefs.mentioned, leaderboard.snapshotTeam, imitation.countTeam; then per
 *             member (reads last week's state; stages this week's strategy): beliefs.updateBelief →
 *             decisions.decide (imitation or logit over utility terms) → production.produce →
 *             audits.audit → guardrails.incidents → leaderboard.advanceBoards
 *   commit    this week's strategies become current (two-phase: visiting order cannot matter)
 *   ranks     leaderboard.rankBoards: this week's tokens, output and boards ranked, O(N)
 *   reviews   per team reviewed this week: reviews.reviewTeam (ratings, top ratings) → beliefs.readReview
 *   pass 2    per team, per member: decisions.realisePayoff (the realised utility terms) →
 *             learning.learn → tallies; then each team's mandate compliance
 *   measure   beliefs.settleAnnouncement; every declared metric from the week's tallies (metrics.ts)
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { audit, audits } from './audits.js';
import { beliefs, mentioned, readReview, settleAnnouncement, updateBelief } from './beliefs.js';
import { decide, decisions, realisePayoff } from './decisions.js';
import { guardrails, incidents } from './guardrails.js';
import { countTeam, imitation } from './imitation.js';
import { advanceBoards, leaderboard, Metric, rankBoards, snapshotTeam, startRanks } from './leaderboard.js';
import { learn, learning } from './learning.js';
import { managers } from './managers.js';
import { complies, mandate } from './mandate.js';
import type { TermsOf } from './mechanism.js';
import { measure, tallyEmployee, WeekTally } from './metrics.js';
import { produce, production } from './production.js';
import { isReviewed, reviewTeam, reviews } from './reviews.js';
import type { State } from './state.js';

/** The mechanisms, in the order their terms are computed and they act in a week. */
export const MECHANISMS = [managers, reviews, beliefs, leaderboard, mandate, imitation, decisions, production, audits, guardrails, learning] as const;

/** Everything a week's passes need, computed once per week: each mechanism's terms, by name. */
export type WeekTerms = TermsOf<typeof MECHANISMS> & { p: WeekParameters };

/** This week's terms (`week` −1 is the warm-up week). */
export function weekTerms(s: State, p: WeekParameters, week = 0): WeekTerms {
  const t = { p } as Record<string, unknown>;
  for (const m of MECHANISMS) t[m.name] = m.terms(p, s, week);
  return t as WeekTerms;
}

/** The first employee of team `team` and one past its last. */
function teamBounds(s: State, team: number): [start: number, end: number] {
  const start = team * s.teamSize;
  return [start, Math.min(s.n, start + s.teamSize)];
}

/**
 * Pass 1, team by team: the team's manager may mention the board and its board values and strategies
 * are read as they stood; then per member: belief, decision (staged), production, audit, incidents,
 * board values. Only the employee's own columns are written, and decisions read only last week's.
 */
function actPass(s: State, t: WeekTerms, tally: WeekTally): void {
  startRanks(s, t.leaderboard);
  let audited = 0;
  for (let team = 0; team < s.teams; team++) {
    const [start, end] = teamBounds(s, team);
    const mention = mentioned(s, t.beliefs, team);
    snapshotTeam(s, t.leaderboard, start, end);
    countTeam(s, t.imitation, start, end);
    for (let i = start; i < end; i++) {
      updateBelief(s, t.beliefs, i, mention);
      const k = decide(s, t, i, end - start);
      s.nextStrategy[i] = k;
      produce(s, t.production, i, k);
      audited += audit(s, t.audits, i);
      incidents(s, t.guardrails, i, tally);
      advanceBoards(s, t.leaderboard, i);
    }
  }
  tally.audits = audited;
}

/**
 * The teams whose review falls this week: ratings, top ratings, and what each member reads from them.
 * Reads this week's ranks, so it runs after they are rebuilt.
 */
function reviewPass(s: State, t: WeekTerms, tally: WeekTally): void {
  for (let team = 0; team < s.teams; team++) {
    if (!isReviewed(s, t.reviews, team)) continue;
    const [start, end] = teamBounds(s, team);
    const revealed = reviewTeam(s, t.reviews, team, start, end);
    for (let i = start; i < end; i++) tally.beliefShift += readReview(s, t.beliefs, i, revealed);
    tally.reviewed += end - start;
  }
}

/** Makes `nextStrategy` this week's strategy (the commit of the two-phase step). */
export function commitStrategies(s: State): void {
  const previous = s.strategy;
  s.strategy = s.nextStrategy;
  s.nextStrategy = previous;
}

/**
 * Pass 2, team by team: realised payoff (under last week's team compliance), mandate compliance,
 * learning, and the week's tallies. Then each team's and the org's compliance, which next week's
 * pressure depends on, and the rank correlation employees read the review's spread from. The
 * warm-up runs it with no tally: payoffs and compliance only, nobody learns, nothing is measured.
 */
function settlePass(s: State, t: WeekTerms, tally: WeekTally | null): void {
  tally?.readTokenRanks(s.weekRanker);
  const boardRanks = t.leaderboard.metric === Metric.tokens ? s.tokenBoardRanks : s.metricRanker;
  let compliant = 0;
  for (let team = 0; team < s.teams; team++) {
    const [start, end] = teamBounds(s, team);
    let teamCompliant = 0;
    for (let i = start; i < end; i++) {
      const k = s.strategy[i];
      realisePayoff(s, t, i, k);
      if (complies(t.mandate, k, s.tokens[i])) teamCompliant += 1;
      if (tally) {
        learn(s, t.learning, i, k);
        tallyEmployee(tally, s, i, k, boardRanks);
      }
    }
    s.teamCompliance[team] = teamCompliant / (end - start);
    compliant += teamCompliant;
  }
  s.compliance = compliant / s.n;
  if (tally) s.rankCorrelation = tally.rankCorrelation();
}

const tally = new WeekTally();

/** Advances the state by one week and writes the week's metrics into `row`. */
export function step(s: State, p: WeekParameters, week: number, row: Float64Array): void {
  const t = weekTerms(s, p, week);
  tally.reset(s.n);
  actPass(s, t, tally);
  commitStrategies(s);
  rankBoards(s, t.leaderboard);
  reviewPass(s, t, tally);
  settlePass(s, t, tally);
  settleAnnouncement(s, p);
  measure(tally, p, row);
}

/**
 * Settles the initial state before week 0: one week of the initial strategies (keyed as week −1)
 * fills the boards, ranks and payoffs that week 0's decisions read. Nothing of it is measured, and
 * nobody decides, is audited, learns or has an incident.
 */
export function warmUp(s: State, p: WeekParameters): void {
  const t = weekTerms(s, p, -1);
  t.leaderboard.alpha = 1;
  t.leaderboard.metricAlpha = 1;
  startRanks(s, t.leaderboard);
  for (let i = 0; i < s.n; i++) {
    produce(s, t.production, i, s.strategy[i]);
    advanceBoards(s, t.leaderboard, i);
  }
  rankBoards(s, t.leaderboard);
  settlePass(s, t, null);
  s.cycleTokens.fill(0);
  s.cycleOutput.fill(0);
}
