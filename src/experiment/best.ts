/**
 * The constrained question a sweep answers: the best point by a metric among those meeting a
 * condition on the points' means, and the points statistically tied with it — those whose paired
 * difference from the best (same replicate seeds) has a 95% t-interval containing 0
 * (docs/EXPERIMENTS.md). Pure: point summaries in, the answer and best.json out.
 */
import { messages } from '../messages.js';
import { METRIC_NAMES } from '../model/metrics.js';
import { compileCondition } from '../scenarios/expressions.js';
import type { Problem } from '../scenarios/problems.js';
import { canonicalJson } from '../scenarios/resolve.js';
import { pairedComparison } from '../stats/paired.js';
import type { Statistic } from './compare.js';
import type { Estimate } from './summarize.js';
import type { PointSummary } from './sweep.js';

/** A constrained question: the best point by a metric among those meeting a condition. */
export interface BestQuestion {
  metric: string;
  statistic: Statistic;
  /** A condition over metric names (their point means), e.g. `adoptionRate >= 0.8`. */
  where?: string;
  /** Smallest is best (spend, waste) rather than largest. */
  minimize?: boolean;
}

/** The answer to a {@link BestQuestion}. */
export interface BestAnswer {
  question: BestQuestion;
  /** Points meeting the condition, of all points. */
  eligible: number;
  points: number;
  best?: PointSummary;
  /** Points whose paired difference from the best has a 95% interval containing 0. */
  tied: { point: PointSummary; difference: Estimate }[];
}

/** Problems of a question: its metric, and its condition checked in the expressions' sandbox. */
export function bestProblems(q: BestQuestion): Problem[] {
  const problems: Problem[] = [];
  if (!(METRIC_NAMES as readonly string[]).includes(q.metric)) problems.push({ source: '--best', path: [], message: messages.unknownMetric(q.metric, METRIC_NAMES) });
  if (q.where !== undefined) {
    const c = compileCondition(q.where, METRIC_NAMES);
    if (!c.ok) problems.push({ source: '--where', path: [], message: `${JSON.stringify(q.where)} ${c.problem}` });
  }
  return problems;
}

/**
 * The best point by the question's metric among those meeting its condition (evaluated on the
 * point's means at the question's statistic), and the points tied with it: those whose paired
 * difference from the best (same replicate seeds) has a 95% t-interval containing 0.
 */
export function answerBest(question: BestQuestion, summaries: readonly PointSummary[]): BestAnswer {
  const m = METRIC_NAMES.indexOf(question.metric as (typeof METRIC_NAMES)[number]);
  const condition = question.where === undefined ? undefined : compileCondition(question.where, METRIC_NAMES);
  const eligible = summaries.filter((p) => {
    if (!condition || !condition.ok) return true;
    const means = Object.fromEntries(METRIC_NAMES.map((name, k) => [name, p.estimates[question.statistic][k].mean]));
    const v = condition.fn(means);
    return Number.isFinite(v) && v !== 0;
  });
  const sign = question.minimize ? -1 : 1;
  let best: PointSummary | undefined;
  for (const p of eligible) if (!best || sign * p.estimates[question.statistic][m].mean > sign * best.estimates[question.statistic][m].mean) best = p;
  const tied = best
    ? eligible
        .filter((p) => p !== best)
        .map((p) => ({ point: p, difference: pairedComparison(best!.bestValues!, p.bestValues!).difference }))
        .filter(({ difference }) => difference.ci95[0] <= 0 && difference.ci95[1] >= 0)
    : [];
  return { question, eligible: eligible.length, points: summaries.length, best, tied };
}

/** best.json: the question, the best point with its estimate, and the points tied with it. */
export function bestJson(answer: BestAnswer): string {
  const q = answer.question;
  const m = METRIC_NAMES.indexOf(q.metric as (typeof METRIC_NAMES)[number]);
  const point = (p: PointSummary) => ({ scenario: p.scenario, point: p.point, values: p.values, estimate: p.estimates[q.statistic][m] });
  return (
    canonicalJson(
      {
        question: { metric: q.metric, statistic: q.statistic, where: q.where ?? null, minimize: Boolean(q.minimize) },
        eligible: answer.eligible,
        points: answer.points,
        best: answer.best ? point(answer.best) : null,
        tied: answer.tied.map((t) => ({ ...point(t.point), difference: t.difference })),
      },
      2,
    ) + '\n'
  );
}
