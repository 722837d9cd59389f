/**
 * The four weekly strategies (MODEL-BRIEF §3). What each produces and costs is stated once, in
 * production.ts; what each is worth, once, in decisions.ts (`utility`).
 */

/** Strategy codes as stored in the `strategy` column. */
export const Strategy = { abstain: 0, genuine: 1, padding: 2, maxxing: 3 } as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];
/** Strategy names by code. */
export const STRATEGY_NAMES = ['abstain', 'genuine', 'padding', 'maxxing'] as const;
/** Number of strategies. */
export const STRATEGY_COUNT = 4;
