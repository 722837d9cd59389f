/**
 * Decisions (MODEL-BRIEF §4): each week an employee reconsiders with probability `revision`
 * (inertia otherwise). A reconsidering employee imitates a random teammate (probability
 * `imitation`, Fermi rule) or chooses by logit over the four strategies' expected utilities:
 *
 *   U(s) = output(s) × (1 + outcomeWeight)
 *        + career × V(rank of tokens(s)) + status × V(rank on the board metric)
 *        − integrity × wasteShare(s) − effort(s) − mandatePenalty(s) − expected audit cost(s)
 *
 * Decisions read only last week's state (strategies, payoffs, board ranks) and write `nextStrategy`,
 * so no result depends on the order in which employees are visited.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import { expectedAuditCost, type AuditTerms } from './audits.js';
import { fermi, peerOf } from './imitation.js';
import { careerWeight, Metric, metricValue, rankWorth, type BoardTerms } from './leaderboard.js';
import { mandatePenalty, type MandateTerms } from './mandate.js';
import { Purpose, streamKey, uniform } from './rng.js';
import type { State } from './state.js';
import { outputOf, Strategy, STRATEGY_COUNT, type Production } from './strategies.js';

/** Everything a week's decisions and payoffs need, computed once per week. */
export interface WeekTerms {
  p: WeekParameters;
  prod: Production;
  mandate: MandateTerms;
  board: BoardTerms;
  audit: AuditTerms;
  /** 1 + outcomeWeight: how much a unit of output is worth to the employee. */
  outputWeight: number;
}

/** Genuine gain of employee `i` this week (output units; negative = AI slows them down). */
export function gainOf(s: State, t: WeekTerms, i: number): number {
  const q = t.p.productivity;
  return q.maxGain * s.gainScale[i] * s.skill[i] - q.gainOffset - t.prod.approvalCost;
}

/**
 * Utility of a week of `strategy` for employee `i`, given its output, tokens, its ranks' values and
 * the audit cost (expected when deciding, realised for payoffs).
 */
export function utility(s: State, t: WeekTerms, i: number, strategy: number, output: number, tokens: number, rankTerm: number, auditCost: number): number {
  return output * t.outputWeight + rankTerm - s.integrity[i] * t.prod.wasteShare[strategy] - t.prod.effort[strategy] - mandatePenalty(t.mandate, strategy, tokens) - auditCost;
}

/**
 * Value of the ranks a week with these figures would give employee `i` against last week's boards.
 * `career` and `status` are the employee's weights.
 */
export function rankTerm(s: State, t: WeekTerms, i: number, career: number, output: number, tokens: number): number {
  const b = t.board;
  if (career === 0 && b.status === 0) return 0;
  const tb = s.tokenBoard[i];
  const tokenPct = s.tokenRanker.rank(tb + b.alpha * (tokens - tb));
  if (b.metric === Metric.tokens) return rankWorth(b, career, tokenPct, tokenPct);
  const mb = s.metricBoard[i];
  return rankWorth(b, career, tokenPct, s.metricRanker.rank(mb + b.alpha * (metricValue(b.metric, output, tokens) - mb)));
}

const utilities = new Float64Array(STRATEGY_COUNT);

/** Logit choice for employee `i` from one uniform draw `u`. */
function logitChoice(s: State, t: WeekTerms, i: number, u: number): number {
  const gain = gainOf(s, t, i);
  const genuineTokens = t.p.tokens.medianPerWeek * s.tokenFactor[i];
  const career = careerWeight(t.board, s.belief[i], s.careerConcern[i]);
  let best = -Infinity;
  for (let k = 0; k < STRATEGY_COUNT; k++) {
    const output = outputOf(k, gain, t.p);
    const tokens = genuineTokens * t.prod.tokenMultiple[k];
    const v = utility(s, t, i, k, output, tokens, rankTerm(s, t, i, career, output, tokens), expectedAuditCost(t.audit, k));
    utilities[k] = v;
    if (v > best) best = v;
  }
  const invTemperature = 1 / t.p.decisions.temperature;
  let total = 0;
  for (let k = 0; k < STRATEGY_COUNT; k++) {
    utilities[k] = Math.exp((utilities[k] - best) * invTemperature);
    total += utilities[k];
  }
  let x = u * total;
  for (let k = 0; k < STRATEGY_COUNT - 1; k++) {
    x -= utilities[k];
    if (x < 0) return k;
  }
  return STRATEGY_COUNT - 1;
}

/** The random streams of one week's decisions. */
export interface DecisionStreams {
  revise: number;
  imitate: number;
  peer: number;
  copy: number;
  choice: number;
}

/** This week's decision streams. */
export function decisionStreams(s: State, week: number): DecisionStreams {
  return {
    revise: streamKey(s.key, week, Purpose.revise),
    imitate: streamKey(s.key, week, Purpose.imitate),
    peer: streamKey(s.key, week, Purpose.peer),
    copy: streamKey(s.key, week, Purpose.peerCopy),
    choice: streamKey(s.key, week, Purpose.choice),
  };
}

/** Employee `i`'s strategy for this week, from last week's state only. */
export function decideOne(s: State, t: WeekTerms, r: DecisionStreams, i: number): number {
  const d = t.p.decisions;
  const current = s.strategy[i];
  if (s.caught[i]) return Strategy.genuine;
  if (uniform(r.revise, i) >= d.revision) return current;
  if (d.imitation > 0 && uniform(r.imitate, i) < d.imitation) {
    const j = peerOf(s, i, uniform(r.peer, i));
    if (j >= 0) return uniform(r.copy, i) < fermi(s.payoff[j] - s.payoff[i], d.fermiK) ? s.strategy[j] : current;
  }
  return logitChoice(s, t, i, uniform(r.choice, i));
}

/** Writes every employee's strategy for this week into `nextStrategy` (stage; see commitStrategies). */
export function decide(s: State, t: WeekTerms, week: number): void {
  const r = decisionStreams(s, week);
  for (let i = 0; i < s.n; i++) s.nextStrategy[i] = decideOne(s, t, r, i);
}

/** Makes `nextStrategy` this week's strategy (the commit of the two-phase step). */
export function commitStrategies(s: State): void {
  const previous = s.strategy;
  s.strategy = s.nextStrategy;
  s.nextStrategy = previous;
}
