/**
 * The report's headline: sentences with computed numbers, comparing each scenario with a reference
 * (mandate-only when the run has it, else baseline, else the first scenario).
 */
import type { RunData } from '../plots/data.js';
import type { ScenarioSummary } from '../experiment/summarize.js';

const pct = (x: number, digits = 0) => `${(100 * x).toFixed(digits)}%`;
const signedPct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`;

/** The scenario the others are compared with. */
export function referenceScenario(run: RunData): string {
  return ['mandate-only', 'baseline'].find((s) => run.scenarios.includes(s)) ?? run.scenarios[0];
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
