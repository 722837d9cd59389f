/**
 * The four weekly strategies and what each produces (MODEL-BRIEF §3).
 *
 * These functions are the single statement of the production rules; the weekly step and the
 * decision rule both call them, so what an employee expects of a strategy is what it then gets
 * (apart from weekly token noise).
 */
import type { WeekParameters } from '../scenarios/schema.js';

/** Strategy codes as stored in the `strategy` column. */
export const Strategy = { abstain: 0, genuine: 1, padding: 2, maxxing: 3 } as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];
/** Strategy names by code. */
export const STRATEGY_NAMES = ['abstain', 'genuine', 'padding', 'maxxing'] as const;
/** Number of strategies. */
export const STRATEGY_COUNT = 4;

/** Per-week constants of the production rules, computed once per week from the parameters. */
export interface Production {
  /** Token multiple of genuine tokens, per strategy. */
  tokenMultiple: Float64Array;
  /** Productive share of genuine tokens, per strategy. */
  productiveMultiple: Float64Array;
  /** Share of a strategy's tokens that is wasted. */
  wasteShare: Float64Array;
  /** Effort cost per strategy (output units/week). */
  effort: Float64Array;
  /** Output lost to approvals when using AI (output units/week). */
  approvalCost: number;
}

/** The production constants of a week. */
export function production(p: WeekParameters): Production {
  const pad = p.tokens.padFactor;
  const maxx = p.tokens.maxxingFactor;
  const prodShare = p.tokens.maxxingProductiveShare;
  const tokenMultiple = Float64Array.of(0, 1, 1 + pad, maxx);
  const productiveMultiple = Float64Array.of(0, 1, 1, Math.min(prodShare, maxx));
  const wasteShare = tokenMultiple.map((m, s) => (m > 0 ? 1 - productiveMultiple[s] / m : 0));
  return {
    tokenMultiple,
    productiveMultiple,
    wasteShare,
    effort: Float64Array.of(0, p.decisions.effortGenuine, p.decisions.effortPadding, p.decisions.effortMaxxing),
    approvalCost: p.guardrails.approvalTimeCost * (1 - p.guardrails.autonomy),
  };
}

/**
 * Output (units/week; 1 = a week without AI) of strategy `s` for an employee whose genuine gain
 * this week is `gain` (may be negative: low fit or low skill slows people down).
 */
export function outputOf(s: number, gain: number, p: WeekParameters): number {
  switch (s) {
    case Strategy.abstain:
      return 1;
    case Strategy.genuine:
      return 1 + gain;
    case Strategy.padding:
      return 1 + gain - p.productivity.paddingTimeCost;
    default:
      return 1 + p.productivity.maxxingGainShare * gain - p.productivity.maxxingTimeCost;
  }
}
