/**
 * Every chart of the report, in reading order. Each is a pure function from a parsed run to a
 * Vega-Lite spec; rendering (render.ts) and HTML assembly (src/report) are separate.
 */
import type { TopLevelSpec } from 'vega-lite';
import { beliefsChart } from './beliefs.js';
import { differencesChart, flowsChart } from './comparison.js';
import type { RunData } from './data.js';
import { frontierChart } from './frontier.js';
import { goodhartGapChart } from './goodhartGap.js';
import { incidentsChart } from './incidents.js';
import { spendVsOutputChart } from './spendVsOutput.js';
import { strategySharesChart } from './strategyShares.js';
import { tokenInequalityChart } from './tokenInequality.js';

/** A chart: its file name stem and how to build it. */
export interface ChartDefinition {
  name: string;
  build: (run: RunData) => TopLevelSpec;
}

/** A chart with the report section it belongs to. */
export interface PlacedChart extends ChartDefinition {
  section: 'comparison' | 'run';
}

/** The charts, in the order the report shows them. */
export const CHARTS: readonly ChartDefinition[] = [
  { name: 'spend-vs-output', build: spendVsOutputChart },
  { name: 'frontier', build: frontierChart },
  { name: 'strategy-shares', build: strategySharesChart },
  { name: 'goodhart-gap', build: goodhartGapChart },
  { name: 'token-inequality', build: tokenInequalityChart },
  { name: 'beliefs', build: beliefsChart },
  { name: 'incidents', build: incidentsChart },
];

/** The charts of a comparison (`tokenmaxx compare`), shown before the run's own. */
export const COMPARISON_CHARTS: readonly ChartDefinition[] = [
  { name: 'comparison-differences', build: differencesChart },
  { name: 'comparison-flows', build: flowsChart },
];

/** Every chart of a run's report, in order: a comparison's first, when the run is one. */
export function chartsFor(run: RunData): PlacedChart[] {
  const comparison = run.comparison ? COMPARISON_CHARTS.map((c) => ({ ...c, section: 'comparison' as const })) : [];
  return [...comparison, ...CHARTS.map((c) => ({ ...c, section: 'run' as const }))];
}
