/**
 * The shape every mechanism shares, as d3-force's forces share one.
 *
 * A mechanism module (managers, reviews, beliefs, leaderboard, mandate, imitation and norms,
 * decisions, production, audits, guardrails, learning) exports a `Mechanism` object and small per-employee kernels:
 *
 *   - `terms(p, s, week)`: its constants for the week — per-strategy tables, rates, its random stream
 *     keys — computed once, before any employee is visited, from the parameters in force and last
 *     week's state;
 *   - its **utility term**, when it has one: a function of its terms that gives the value (or cost,
 *     negative) it adds to a strategy's utility. One definition serves both the expected utility an
 *     employee decides by and the realised payoff teammates imitate; only the inputs differ (expected
 *     tokens, last week's boards and the audit probability when deciding; this week's tokens, ranks
 *     and audit outcome when paying off);
 *   - its **act**: what it does to the state in its place in the week, as a kernel for one employee
 *     (called from one of the week's two passes in step.ts) or a function over the population.
 *
 * `step.ts` lists the mechanisms in the order they act (`MECHANISMS`), computes every mechanism's
 * terms in that order into one `WeekTerms` object, and runs the week as two fused passes over the
 * employees with the population-level acts between them. docs/ARCHITECTURE.md shows how to add one.
 */
import type { WeekParameters } from '../scenarios/schema.js';
import type { State } from './state.js';

/** A mechanism: a name (its key in WeekTerms) and its per-week constants. */
export interface Mechanism<Name extends string, Terms> {
  readonly name: Name;
  /** Its constants for week `week` (−1 for the warm-up week), computed once per week. */
  terms(p: WeekParameters, s: State, week: number): Terms;
}

/** Any mechanism. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMechanism = Mechanism<string, any>;

/** The terms of a list of mechanisms, keyed by name. */
export type TermsOf<List extends readonly AnyMechanism[]> = {
  [M in List[number] as M['name']]: ReturnType<M['terms']>;
};
