/**
 * The report's headline: sentences with computed numbers, comparing each scenario with a reference
 * (mandate-only when the run has it, else baseline, else the first scenario: `referenceOf`); and,
 * for a run with posterior draws, the headline figures as intervals, with which interval dominates
 * in plain words.
 */
import { HEADLINE_FIGURES, HEADLINE_WINDOWS, referenceOf, type HeadlineEstimate, type HeadlineFigure, type HeadlineWindow, type HeadlineWindowName, type RunHeadline } from '../experiment/headline.js';
import { FIGURE_FORMATS } from '../experiment/table.js';
import type { Dominant } from '../stats/randomEffects.js';
import type { RunData } from '../plots/data.js';
import type { ScenarioSummary } from '../experiment/summarize.js';

const pct = (x: number, digits = 0) => `${(100 * x).toFixed(digits)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`;

/** The scenario the others are compared with. */
export function referenceScenario(run: RunData): string {
  return referenceOf(run.scenarios);
}

const spendPerEmployee = (s: ScenarioSummary) => s.spendPerEmployeeUSD.weeklyMean.mean;
/** Output per employee-week: 1 + the output gain. */
const outputPerEmployee = (s: ScenarioSummary) => 1 + s.outputGain.weeklyMean.mean;

/** One sentence per scenario: waste, spend relative to the reference, output relative to it. */
export function headlineSentences(run: RunData): string[] {
  const ref = referenceScenario(run);
  const r = run.summary[ref];
  return run.scenarios.map((name) => {
    const s = run.summary[name];
    const w = s.wasteShare.weeklyMean;
    const half = (w.ci95[1] - w.ci95[0]) / 2;
    const waste = `${pct(w.mean)} ± ${pct(half, half < 0.01 ? 1 : 0)} of tokens bought no output`;
    if (name === ref) return `Under ${name} (the reference), ${waste}; compute spend was $${spendPerEmployee(s).toFixed(2)} per employee-week.`;
    const spend = spendPerEmployee(s) / spendPerEmployee(r);
    const output = outputPerEmployee(s) / outputPerEmployee(r) - 1;
    const outputText = Math.abs(output) < 0.0005 ? 'the same output' : `${signedPct(output)} output`;
    return `Under ${name}, ${waste}; compute spend per employee was ${spend.toFixed(2)}× ${ref} for ${outputText}.`;
  });
}

/** The one-line takeaway: the scenario wasting the most, and the one with the best net value. */
export function takeaway(run: RunData): string {
  const by = (f: (s: ScenarioSummary) => number) => [...run.scenarios].sort((a, b) => f(run.summary[b]) - f(run.summary[a]) || (a < b ? -1 : a > b ? 1 : 0));
  const worst = by((s) => s.wasteShare.weeklyMean.mean)[0];
  const best = by((s) => s.netValuePerEmployeeUSD.weeklyMean.mean)[0];
  const w = run.summary[worst].wasteShare.weeklyMean.mean;
  return `The most theatre: ${worst}, where ${pct(w)} of tokens bought no output. The best net value per employee: ${best}.`;
}

/** Which interval dominates, in plain words. */
export const DOMINANCE_WORDS: Record<Dominant, string> = {
  parameters: 'parameter uncertainty dominates: the answer depends more on what we do not know about employees than on chance',
  replicates: 'chance dominates: more replicates would narrow the answer more than a sharper calibration would',
};

/** A window's heading: its name and weeks. */
export function windowHeading(name: HeadlineWindowName, w: HeadlineWindow | null): string {
  const label = name === 'yearOne' ? 'Year 1' : 'Steady state';
  return w ? `${label} (weeks ${w.firstWeek}–${w.lastWeek})` : label;
}

/** One row of the intervals table: a scenario's figure, and per window its mean, two intervals and the wider. */
export interface IntervalRow {
  scenario: string;
  figure: string;
  cells: Record<HeadlineWindowName, { mean: string; replicateCI: string; posteriorInterval: string; dominant: string }>;
}

const span = (i: readonly [number, number] | null, format: (x: number) => string) => (i ? `${format(i[0])} to ${format(i[1])}` : '—');

function cellOf(e: HeadlineEstimate | null, format: (x: number) => string) {
  if (!e) return { mean: '—', replicateCI: '—', posteriorInterval: '—', dominant: '—' };
  return { mean: format(e.mean), replicateCI: span(e.replicateCI, format), posteriorInterval: span(e.posteriorInterval, format), dominant: e.dominant ?? '—' };
}

/**
 * The rows of the intervals table: every scenario's waste share, and every other scenario's figures
 * against the reference (the reference's own ratio is 1 and its differences 0, on every seed).
 */
export function intervalRows(h: RunHeadline): IntervalRow[] {
  return Object.entries(h.scenarios).flatMap(([scenario, figures]) =>
    HEADLINE_FIGURES.filter((f) => scenario !== h.reference || f === 'wasteShare').map((f) => ({
      scenario,
      figure: FIGURE_FORMATS[f].label,
      cells: Object.fromEntries(HEADLINE_WINDOWS.map((w) => [w, cellOf(figures[f][w], FIGURE_FORMATS[f].format)])) as IntervalRow['cells'],
    })),
  );
}

/**
 * Sentences on which interval dominates: per window, how many answers each way, each in plain words;
 * and the figure whose posterior interval is widest against its replicate interval.
 */
export function dominanceSentences(h: RunHeadline): string[] {
  const sentences: string[] = [];
  for (const w of HEADLINE_WINDOWS) {
    const estimates = Object.entries(h.scenarios).flatMap(([scenario, figures]) =>
      HEADLINE_FIGURES.filter((f) => scenario !== h.reference || f === 'wasteShare').flatMap((f) => (figures[f][w] ? [{ scenario, figure: f, e: figures[f][w]! }] : [])),
    );
    if (estimates.length === 0) continue;
    const heading = windowHeading(w, h.windows[w]);
    for (const side of ['parameters', 'replicates'] as const) {
      const n = estimates.filter((x) => x.e.dominant === side).length;
      if (n > 0) sentences.push(`${heading}: in ${n} of ${estimates.length} answers, ${DOMINANCE_WORDS[side]}.`);
    }
    const widest = [...estimates].sort((a, b) => ratio(b.e) - ratio(a.e))[0];
    if (widest && ratio(widest.e) > 1) {
      sentences.push(`${heading}: the answer most at the mercy of the parameters is ${figureName(widest.figure)} of ${widest.scenario}, whose posterior interval is ${ratio(widest.e).toFixed(1)}× as wide as its replicate interval.`);
    }
  }
  return sentences;
}

const figureName = (f: HeadlineFigure) => FIGURE_FORMATS[f].label;

/** How many times wider the posterior interval is than the replicate interval (0 when either is missing or the replicate interval has no width). */
function ratio(e: HeadlineEstimate): number {
  const r = e.replicateCI ? e.replicateCI[1] - e.replicateCI[0] : 0;
  const p = e.posteriorInterval ? e.posteriorInterval[1] - e.posteriorInterval[0] : 0;
  return r > 0 ? p / r : 0;
}
