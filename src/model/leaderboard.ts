/**
 * Leaderboards (MODEL-BRIEF §4–5): who sees the board, what it ranks, over what window, and the value
 * of a rank — rising in the percentile, with a loss near the bottom ("last-place loathing") and a
 * gain in the shown top-K ("badges"), which makes the response U-shaped.
 *
 * Two things make a token rank worth having: career (the employee's belief that managers weigh token
 * rank in reviews, when managers can see token figures) and status (being seen, on a visible board).
 *
 * Board values are exponential moving averages of weekly figures. With a one-week window the token
 * board is this week's tokens, so its ranks are the week's token ranks (one ranker, not two).
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { Mechanism } from './mechanism.js';
import type { LogRanker } from './percentile.js';
import type { State } from './state.js';

/** Status weight multiplier per visibility: how public the board is. An assumption, see docs/ODD.md. */
export const VISIBILITY_FACTOR = { none: 0, self: 0.25, team: 0.6, org: 1 } as const;

/** Board metric codes. */
export const Metric = { tokens: 0, output: 1, outputPerToken: 2 } as const;

/** The board's constants for one week. */
export interface BoardTerms {
  /** Is there a board at all? */
  visible: boolean;
  /** Can managers see employees' token figures (a team/org token board, or tokens officially in reviews)? */
  managersSeeTokens: boolean;
  /** Metric code (see {@link Metric}). */
  metric: number;
  /** Weight of status on the board metric's rank (output units/week). */
  status: number;
  /** Career stakes per unit of belief × career concern (output units/week). */
  stakes: number;
  /** Exponential moving-average weight of this week in the board value: 2 / (window + 1). */
  alpha: number;
  /** This week's weight in the outcome board: 1 when the board starts showing its metric this week. */
  metricAlpha: number;
  /** Percentile above which badges are shown (1 = no badges). */
  badgeCut: number;
  badgeGain: number;
  bottomLoss: number;
}

/** Can managers see employees' token figures? */
export function managersSeeTokens(p: WeekParameters): boolean {
  const b = p.leaderboard;
  return ((b.visibility === 'team' || b.visibility === 'org') && b.metric === 'tokens') || p.reviews.officialTokenWeight > 0;
}

/** This week's board terms; `lastMetric` is the metric the outcome board held last week. */
export function boardTerms(p: WeekParameters, lastMetric: number = Metric[p.leaderboard.metric]): BoardTerms {
  const b = p.leaderboard;
  const visible = b.visibility !== 'none';
  const metric = Metric[b.metric];
  const alpha = 2 / (b.windowWeeks + 1);
  return {
    visible,
    managersSeeTokens: managersSeeTokens(p),
    metric,
    status: b.statusWeight * VISIBILITY_FACTOR[b.visibility],
    stakes: p.reviews.stakes,
    alpha,
    metricAlpha: lastMetric !== metric ? 1 : alpha,
    badgeCut: visible && b.topShare > 0 ? 1 - b.topShare : 1.01,
    badgeGain: b.badgeGain,
    bottomLoss: b.bottomLoss,
  };
}

export const leaderboard = {
  name: 'leaderboard',
  terms: (p: WeekParameters, s: State) => boardTerms(p, s.outcomeMetric),
} as const satisfies Mechanism<'leaderboard', BoardTerms>;

/** V(p): the value of a board percentile p ∈ [0, 1]. */
export function rankValue(b: BoardTerms, p: number): number {
  let v = p;
  if (p < 0.1) v -= b.bottomLoss * (1 - p / 0.1);
  if (p >= b.badgeCut) v += b.badgeGain;
  return v;
}

/**
 * Utility term: the value of an employee's board positions, career × V(token percentile) + status ×
 * V(percentile on the board's metric). On a token board both weights apply to the same percentile.
 */
export function rankWorth(b: BoardTerms, career: number, tokenPct: number, metricPct: number): number {
  const tokenValue = rankValue(b, tokenPct);
  return b.metric === Metric.tokens ? (career + b.status) * tokenValue : career * tokenValue + b.status * rankValue(b, metricPct);
}

/** Weight an employee puts on token rank for career reasons (output units/week). */
export function careerWeight(b: BoardTerms, belief: number, careerConcern: number): number {
  return b.managersSeeTokens ? belief * careerConcern * b.stakes : 0;
}

/** The outcome-board value of a week with `output` units and `tokens` tokens. */
export function metricValue(metric: number, output: number, tokens: number): number {
  if (metric === Metric.output) return output;
  if (metric === Metric.outputPerToken) return tokens > 0 ? (output * 1e6) / tokens : 0;
  return tokens;
}

/**
 * The worth of the ranks a week with `output` and `tokens` (whose log is `logTokens`) would give
 * employee `i` against last week's boards: what the employee expects when deciding.
 */
export function expectedRankWorth(s: State, b: BoardTerms, i: number, career: number, output: number, tokens: number, logTokens: number): number {
  if (career === 0 && b.status === 0) return 0;
  const tb = s.tokenBoard[i];
  const tokenPct = b.alpha === 1 ? s.tokenBoardRanks.rankOfLog(logTokens) : s.tokenBoardRanks.rank(tb + b.alpha * (tokens - tb));
  if (b.metric === Metric.tokens) return rankWorth(b, career, tokenPct, tokenPct);
  const mb = s.metricBoard[i];
  return rankWorth(b, career, tokenPct, s.metricRanker.rank(mb + b.alpha * (metricValue(b.metric, output, tokens) - mb)));
}

/** The worth of employee `i`'s ranks on this week's boards: what the week paid. */
export function realisedRankWorth(s: State, b: BoardTerms, i: number, career: number): number {
  if (career === 0 && b.status === 0) return 0;
  return rankWorth(b, career, s.tokenBoardRanks.rankOf(i), b.metric === Metric.tokens ? 0 : s.metricRanker.rankOf(i));
}

/** Starts this week's rebuild of the board rankers (the week's token and output rankers start in `startRanks`). */
export function startBoards(s: State, b: BoardTerms): void {
  if (b.alpha !== 1) s.tokenRanker.start(s.n);
  if (b.metric !== Metric.tokens) s.metricRanker.start(s.n);
}

/** Puts a non-negative value to a ranker. */
function putValue(r: LogRanker, i: number, v: number): void {
  r.put(i, v > 0 ? Math.log(v) : -Infinity);
}

/** Act: moves employee `i`'s board values toward this week's figures and puts them to the rankers. */
export function advanceBoards(s: State, b: BoardTerms, i: number): void {
  const tokens = s.tokens[i];
  s.tokenBoard[i] += b.alpha * (tokens - s.tokenBoard[i]);
  if (b.alpha !== 1) putValue(s.tokenRanker, i, s.tokenBoard[i]);
  if (b.metric !== Metric.tokens) {
    s.metricBoard[i] += b.metricAlpha * (metricValue(b.metric, s.output[i], tokens) - s.metricBoard[i]);
    putValue(s.metricRanker, i, s.metricBoard[i]);
  }
}

/**
 * Finishes this week's rankers (O(N) each): the week's tokens and output, and the boards. With a
 * one-week window the token board's ranks are the week's token ranks.
 */
export function rankBoards(s: State, b: BoardTerms): void {
  s.weekRanker.finish(s.tokens);
  s.outputRanker.finish(s.output);
  if (b.alpha !== 1) s.tokenRanker.finish(s.tokenBoard);
  s.tokenBoardRanks = b.alpha === 1 ? s.weekRanker : s.tokenRanker;
  if (b.metric !== Metric.tokens) s.metricRanker.finish(s.metricBoard);
  s.outcomeMetric = b.metric;
}

/** Starts this week's rebuild of every ranker. */
export function startRanks(s: State, b: BoardTerms): void {
  s.weekRanker.start(s.n);
  s.outputRanker.start(s.n);
  startBoards(s, b);
}
