/**
 * The explorer's controls and the figures it shows: which parameter each control changes, its
 * label, and the values it offers. A test checks every path, bound and choice against the scenario
 * schema (src/scenarios/schema.ts), which the page does not carry.
 */
import type { MetricName } from '../model/metrics.js';

/** A policy control: a choice among a parameter's values, or a number in a range. */
export type PolicyControl =
  | { kind: 'choice'; path: string; label: string; group: string; options: readonly string[] }
  | { kind: 'range'; path: string; label: string; group: string; min: number; max: number; step: number; unit: 'share' | 'weight' | 'weeks' | 'output units/week' };

/** The policies the explorer changes, grouped as the page shows them. */
export const POLICY_CONTROLS: readonly PolicyControl[] = [
  { kind: 'choice', path: 'mandate.type', label: 'Mandate', group: 'Mandate', options: ['none', 'weekly-use', 'token-quota'] },
  { kind: 'range', path: 'mandate.targetShare', label: 'Mandate target (share of employees)', group: 'Mandate', min: 0, max: 1, step: 0.05, unit: 'share' },
  { kind: 'range', path: 'mandate.pressure', label: 'Mandate pressure (output units/week)', group: 'Mandate', min: 0, max: 2, step: 0.05, unit: 'output units/week' },
  { kind: 'choice', path: 'leaderboard.visibility', label: 'Board visible to', group: 'Leaderboard', options: ['none', 'self', 'team', 'org'] },
  { kind: 'choice', path: 'leaderboard.metric', label: 'Board ranks', group: 'Leaderboard', options: ['tokens', 'output', 'outputPerToken'] },
  { kind: 'range', path: 'leaderboard.windowWeeks', label: 'Board window (weeks)', group: 'Leaderboard', min: 1, max: 52, step: 1, unit: 'weeks' },
  { kind: 'range', path: 'reviews.officialTokenWeight', label: 'Official token weight in reviews', group: 'Reviews', min: 0, max: 1, step: 0.05, unit: 'weight' },
  { kind: 'range', path: 'reviews.managerLeak', label: 'Manager leak (weight managers really give token rank)', group: 'Reviews', min: 0, max: 1, step: 0.05, unit: 'weight' },
  { kind: 'range', path: 'managers.attention', label: 'Manager attention to the board (probability/week)', group: 'Reviews', min: 0, max: 1, step: 0.05, unit: 'share' },
  { kind: 'range', path: 'audits.rate', label: 'Audit rate (share of employees audited per week)', group: 'Audits and agents', min: 0, max: 0.2, step: 0.005, unit: 'share' },
  { kind: 'range', path: 'guardrails.autonomy', label: 'Agent autonomy (share of actions without approval)', group: 'Audits and agents', min: 0, max: 1, step: 0.05, unit: 'share' },
];

/** The size of an exploration: what `--employees` and `--reps` take, within the page's means. */
export const RUN_LIMITS = { employees: { min: 1000, max: 20_000, step: 1000 }, replicates: { min: 1, max: 10 }, weeks: [52, 104, 156] } as const;

/** A headline figure: a metric's weekly mean over the run, as summary.json has it. */
export interface ExplorerFigure {
  metric: MetricName;
  label: string;
  /** `share` as a percentage, `usd` as dollars, `number` as is. */
  format: 'share' | 'usd' | 'number';
  /** Is more better (for the words beside a difference)? */
  better: 'higher' | 'lower';
}

/** The figures the explorer shows for the base and the explored policy, and their paired difference. */
export const EXPLORER_FIGURES: readonly ExplorerFigure[] = [
  { metric: 'wasteShare', label: 'Tokens that bought no output', format: 'share', better: 'lower' },
  { metric: 'gamingShare', label: 'Employees gaming the board', format: 'share', better: 'lower' },
  { metric: 'netValuePerEmployeeUSD', label: 'Net value per employee-week', format: 'usd', better: 'higher' },
  { metric: 'spendPerEmployeeUSD', label: 'Compute spend per employee-week', format: 'usd', better: 'lower' },
  { metric: 'outputGain', label: 'Output gain per employee', format: 'share', better: 'higher' },
  { metric: 'adoptionRate', label: 'Adoption (any AI use a week)', format: 'share', better: 'higher' },
  { metric: 'incidentsPer1kOutput', label: 'Agent incidents per 1,000 output units', format: 'number', better: 'lower' },
];

/** The metrics the charts draw week by week (each replicate sends these series). */
export const SERIES_METRICS = ['spendPerEmployeeUSD', 'outputGain', 'wasteShare', 'shareAbstain', 'shareGenuine', 'sharePadding', 'shareMaxxing'] as const satisfies readonly MetricName[];
