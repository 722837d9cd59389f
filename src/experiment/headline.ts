/**
 * The headline figures of a run, as intervals: for each scenario, the waste share, the spend ratio,
 * the output difference and the net value gap against the run's reference scenario, at year 1 and
 * at steady state, each with its replicate interval and, when the run drew parameters from a
 * posterior, its posterior interval, and which of the two is wider (docs/EXPERIMENTS.md, "Answers
 * as intervals").
 *
 *   each replicate (RunCollector.add)   → headlineScalars: each figure's metric, averaged over each window
 *   every replicate of every scenario   → paired with the reference's replicate on the same seed and draw
 *                                       → K draws × R replicates → twoIntervals (src/stats/randomEffects.ts)
 *
 * Estimation, said once: a figure is computed within each replicate from weekly means of its metric
 * over the window (a ratio of the two scenarios' mean spend per employee-week, a difference of their
 * means), then estimated across replicates — a mean of per-replicate ratios and differences, as
 * src/model/metrics.ts estimates every derived figure. Replicate k of every scenario ran draw
 * ⌊k / R⌋ on the same seed, so each pair differs only by its policies.
 */
import { METRIC_INDEX, METRICS, type MetricName } from '../model/metrics.js';
import type { ReplicateResult } from '../model/simulate.js';
import { messages } from '../messages.js';
import { twoIntervals, type Dominant } from '../stats/randomEffects.js';

/** The headline figures, in the order the report and the CLI show them. */
export const HEADLINE_FIGURES = ['wasteShare', 'spendRatio', 'outputDifference', 'netValueGap'] as const;
/** A headline figure's name. */
export type HeadlineFigure = (typeof HEADLINE_FIGURES)[number];

/** How a figure is read off its metric: the scenario's own value, or against the reference's on the same seed and draw. */
type Against = 'own' | 'ratio' | 'difference';

/** Each figure's metric and how it is compared with the reference. */
export const FIGURE_DEFINITIONS: Record<HeadlineFigure, { metric: MetricName; against: Against; unit: string; definition: string }> = {
  wasteShare: { metric: 'wasteShare', against: 'own', unit: 'share', definition: 'weekly mean of wastedTokens / tokens: the share of tokens that bought no output' },
  spendRatio: { metric: 'spendPerEmployeeUSD', against: 'ratio', unit: '×', definition: "weekly mean compute spend per employee, divided by the reference's on the same seed and draw" },
  outputDifference: { metric: 'outputGain', against: 'difference', unit: 'share', definition: "weekly mean output gain per employee minus the reference's on the same seed and draw" },
  netValueGap: { metric: 'netValuePerEmployeeUSD', against: 'difference', unit: 'USD/employee-week', definition: "weekly mean net value per employee-week minus the reference's on the same seed and draw" },
};

/** The windows a figure is averaged over. */
export const HEADLINE_WINDOWS = ['yearOne', 'steadyState'] as const;
/** A window's name. */
export type HeadlineWindowName = (typeof HEADLINE_WINDOWS)[number];

/** Weeks in year 1 (weeks 0–51). */
export const YEAR_WEEKS = 52;
/** Weeks averaged for steady state: the last half-year of the run. */
export const STEADY_WEEKS = 26;
/** The shortest run that has a steady state: two years, so that its last half-year is far from the start. */
export const STEADY_MIN_WEEKS = 104;

/** A window of weeks, first and last included, counted from 0 as in timeseries.csv. */
export interface HeadlineWindow {
  firstWeek: number;
  lastWeek: number;
}

/** A figure in one window: its mean over every replicate and its two intervals (src/stats/randomEffects.ts). */
export interface HeadlineEstimate {
  mean: number;
  /** 95% interval of the mean from variation between replicates within a draw; null with one replicate per draw. */
  replicateCI: [number, number] | null;
  /** 2.5%–97.5% quantiles of the per-draw means; null without a posterior. */
  posteriorInterval: [number, number] | null;
  /** The wider interval; null without a posterior, or when they are equally wide (the reference against itself). */
  dominant: Dominant | null;
  /** The sd of one replicate about its draw's mean. */
  withinDrawSd: number | null;
  /** The sd of the parameters' effect (random-effects, method of moments); null without a posterior. */
  betweenDrawSd: number | null;
}

/** A scenario's headline: each figure at year 1 and at steady state (null where the run cannot say). */
export type ScenarioHeadline = Record<HeadlineFigure, Record<HeadlineWindowName, HeadlineEstimate | null>>;

/** summary.json's `headline`: the figures of every scenario, and what they were computed from. */
export interface RunHeadline {
  /** The scenario the others are compared with ({@link referenceOf}). */
  reference: string;
  /** Posterior draws K; null when the run drew none (then there are no posterior intervals). */
  draws: number | null;
  /** Replicates per draw R (every replicate, without a posterior). */
  replicatesPerDraw: number;
  windows: Record<HeadlineWindowName, HeadlineWindow | null>;
  /** Why a window or a figure is short or missing, in words. */
  notes: string[];
  scenarios: Record<string, ScenarioHeadline>;
}

/** How a run's replicates are laid out for its headline. */
export interface HeadlineLayout {
  reference: string;
  /** Posterior draws K, or null for none (every replicate one group). */
  draws: number | null;
  replicatesPerDraw: number;
  /** Weeks of the shortest scenario: every scenario is averaged over the same windows. */
  weeks: number;
}

/**
 * The scenario the others are compared with: mandate-only when the run has it (so that a difference
 * is what the board, the reviews or the audits add to a mandate), else baseline, else the first named.
 */
export function referenceOf(names: readonly string[]): string {
  return ['mandate-only', 'baseline'].find((s) => names.includes(s)) ?? names[0];
}

/** The windows of a run of `weeks` weeks: year 1 (or all of a shorter run) and, from 104 weeks, the last 26. */
export function headlineWindows(weeks: number): Record<HeadlineWindowName, HeadlineWindow | null> {
  return {
    yearOne: { firstWeek: 0, lastWeek: Math.min(YEAR_WEEKS, weeks) - 1 },
    steadyState: weeks >= STEADY_MIN_WEEKS ? { firstWeek: weeks - STEADY_WEEKS, lastWeek: weeks - 1 } : null,
  };
}

/** The metrics the figures read, in the order of {@link headlineScalars}'s blocks. */
const METRICS_READ = [...new Set(HEADLINE_FIGURES.map((f) => FIGURE_DEFINITIONS[f].metric))];

/**
 * What the headline keeps of one replicate: the weekly mean of each metric the figures read over
 * each window, window by window (`[yearOne…, steadyState…]`, NaN for a window the run lacks).
 */
export function headlineScalars(r: ReplicateResult, weeks: number): Float64Array {
  const windows = headlineWindows(weeks);
  const width = METRICS.length;
  const out = new Float64Array(HEADLINE_WINDOWS.length * METRICS_READ.length);
  HEADLINE_WINDOWS.forEach((name, j) => {
    const w = windows[name];
    METRICS_READ.forEach((metric, k) => {
      if (!w) return void (out[j * METRICS_READ.length + k] = Number.NaN);
      const m = METRIC_INDEX[metric];
      let sum = 0;
      for (let week = w.firstWeek; week <= w.lastWeek; week++) sum += r.values[week * width + m];
      out[j * METRICS_READ.length + k] = sum / (w.lastWeek - w.firstWeek + 1);
    });
  });
  return out;
}

/**
 * The headline of a run from each scenario's {@link headlineScalars}, replicate k of every scenario
 * having run draw ⌊k / R⌋ on the same seed. `names` in the run's order; the reference must be one.
 */
export function runHeadline(layout: HeadlineLayout, names: readonly string[], scalarsOf: (name: string) => readonly Float64Array[]): RunHeadline {
  const windows = headlineWindows(layout.weeks);
  const notes: string[] = [];
  if (layout.weeks < YEAR_WEEKS) notes.push(messages.headlineShortYear(layout.weeks));
  if (!windows.steadyState) notes.push(messages.headlineNoSteadyState(layout.weeks, STEADY_MIN_WEEKS, STEADY_WEEKS));
  const K = layout.draws ?? 1;
  const R = layout.replicatesPerDraw;
  const reference = scalarsOf(layout.reference);
  const scenarios: Record<string, ScenarioHeadline> = {};
  for (const name of names) {
    const own = scalarsOf(name);
    if (own.length !== K * R || reference.length !== K * R) throw new Error(`runHeadline: ${name} has ${own.length} replicates and ${layout.reference} ${reference.length}; expected ${K * R}`);
    const figures = {} as ScenarioHeadline;
    for (const figure of HEADLINE_FIGURES) {
      const { metric, against } = FIGURE_DEFINITIONS[figure];
      const k = METRICS_READ.indexOf(metric);
      figures[figure] = {} as Record<HeadlineWindowName, HeadlineEstimate | null>;
      HEADLINE_WINDOWS.forEach((window, j) => {
        const at = j * METRICS_READ.length + k;
        const values = own.map((x, i) => paired(x[at], reference[i][at], against));
        if (!windows[window] || values.some((v) => !Number.isFinite(v))) {
          if (windows[window]) notes.push(messages.headlineUndefined(figure, name, layout.reference));
          figures[figure][window] = null;
          return;
        }
        figures[figure][window] = estimateOf(Array.from({ length: K }, (_, d) => values.slice(d * R, (d + 1) * R)), layout.draws !== null);
      });
    }
    scenarios[name] = figures;
  }
  return { reference: layout.reference, draws: layout.draws, replicatesPerDraw: R, windows, notes: [...new Set(notes)], scenarios };
}

/** A scenario's value against the reference's on the same seed and draw (NaN for a ratio to nothing). */
function paired(x: number, ref: number, against: Against): number {
  if (against === 'own') return x;
  if (against === 'difference') return x - ref;
  return ref !== 0 ? x / ref : Number.NaN;
}

function estimateOf(groups: number[][], posterior: boolean): HeadlineEstimate {
  const t = twoIntervals(groups);
  return {
    mean: t.mean,
    replicateCI: t.replicateCI,
    posteriorInterval: posterior ? t.posteriorInterval : null,
    dominant: posterior ? t.dominant : null,
    withinDrawSd: t.withinSd,
    betweenDrawSd: posterior ? t.betweenSd : null,
  };
}
